#pragma once

#include "kube/clusterconnection.h"
#include "lease/leaseelector.h"
#include "util/operatordefaults.h"

#include "prices/coingeckosettings.h"
#include "prices/pricesourcesettings.h"

#include <QString>

#include <chrono>

namespace cvc {

// How an OperatorRuntime runs: what cvc-operator's flags say, or what the dashboard sets.
struct OperatorOptions
{
    QString namespaceName;                    // "" = all namespaces
    std::chrono::milliseconds interval{0};    // 0 = the plan's default interval
    CoinGeckoSettings coingecko;
    // Which sources are asked in which order, and where the keyless ones live (--price-sources,
    // --defillama-url, --coinbase-url). CoinGecko's own root and key stay in `coingecko`.
    PriceSourceSettings priceSources;
    bool leaderElection = true;
    // Only the Lease holder calls price sources: a standby replica or a dashboard that does not
    // write spends no credits and is ready without a price (a dashboard shows the cluster's).
    bool pricesOnlyWhenLeading = true;
    // Name, identity, timings. namespaceName "" (the default here) = OperatorRuntime picks it at
    // start with LeaseNamespaceResolver (cvc-system when it exists, else the connection's
    // namespace), so the operator and dashboards share one Lease; set = --lease-namespace.
    LeaseElector::Options lease{.namespaceName = QString()};
    QString fieldManager = OperatorDefaults::operatorName;  // dashboardName when the app runs it
    QString component = OperatorDefaults::operatorName;     // events' reportingComponent
    QString healthAddress;                    // "" = no health/metrics server
    // Per-CVC value series on /metrics (--metrics-per-cvc): off by default, they expose holdings.
    bool metricsPerCvc = false;
    int concurrency = 4;
    // How long a routine revaluation of every CVC is spread over; -1 = half the interval,
    // 0 = as fast as the rate limit allows.
    std::chrono::milliseconds revaluationSpread{-1};
    // These four are the ClusterConnection's (connectionOptions()): the runtime reads the
    // connection's informer, it does not watch by itself.
    int discoveryRetryMs = 2000;              // while the CRD is not installed
    int rediscoveryMs = 30000;                // while running: was the CRD replaced?
    int watchTimeoutSeconds = 290;

    // The connection these options ask for: the namespace (or all) to watch and its timings.
    ClusterConnection::Options connectionOptions() const;

    // What the dashboard uses to run the same loop while it is open: field manager and event
    // component "cvc-dashboard", a readable lease identity "cvc-dashboard_<host>_<uuid>" (other
    // dashboards name the host when it holds the lease), and the Lease the operator picks by the
    // same rule (lease.namespaceName left empty) so the two never both write.
    static OperatorOptions forDashboard();
    // The identity prefix forDashboard() uses, for telling a dashboard holder from an operator.
    static QString dashboardIdentityPrefix() { return QStringLiteral("cvc-dashboard_"); }
};

} // namespace cvc
