#pragma once

#include <QString>

namespace cvc {

class PrometheusText;
class RestRequestCounts;

// client-go's metrics under their standard names: rest_client_requests_total{code,method,host}
// and leader_election_master_status{name}, which platform alerts ("no leader") already query.
class ClientMetrics
{
public:
    // leaseName: the Lease competed for, or the operator's own name without election (then
    // `leader` is true while it runs: the single writer is its own leader).
    static void write(PrometheusText &out, const RestRequestCounts &requests, const QString &leaseName, bool leader);
};

} // namespace cvc
