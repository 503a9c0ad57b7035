#include "operator/clientmetrics.h"
#include "operator/prometheustext.h"

#include "kube/restrequestcounts.h"

namespace cvc {

void ClientMetrics::write(PrometheusText &m, const RestRequestCounts &requests, const QString &leaseName, bool leader)
{
    for (const RestRequestCounts::Count &c : requests.counts())
        m.counter(QStringLiteral("rest_client_requests_total"),
                  QStringLiteral("Number of HTTP requests, partitioned by status code, method, and host."), double(c.requests),
                  {{QStringLiteral("code"), c.code}, {QStringLiteral("method"), c.method}, {QStringLiteral("host"), c.host}});
    m.gauge(QStringLiteral("leader_election_master_status"),
            QStringLiteral("Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. "
                           "'name' is the string used to identify the lease."),
            leader ? 1 : 0, {{QStringLiteral("name"), leaseName}});
}

} // namespace cvc
