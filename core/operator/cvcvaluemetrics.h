#pragma once

namespace cvc {

class ObjectCache;
class PrometheusText;

// Each valued CVC's value and amount, labelled namespace, name and coin. Only with
// --metrics-per-cvc: these series show every holding to whoever can reach the metrics port, and
// their number grows with the CVCs.
class CvcValueMetrics
{
public:
    static void write(PrometheusText &out, const ObjectCache &cvcs);
};

} // namespace cvc
