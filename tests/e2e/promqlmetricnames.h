#pragma once

#include <QSet>
#include <QString>

namespace cvc::e2e {

// The metric names a PromQL expression selects, for checking a dashboard or a rules file against
// a live scrape: identifiers outside label matchers, strings and range brackets that are not
// functions, aggregation keywords or operators. Enough for the expressions we ship, not a parser.
class PromqlMetricNames
{
public:
    static QSet<QString> of(const QString &expression);
};

} // namespace cvc::e2e
