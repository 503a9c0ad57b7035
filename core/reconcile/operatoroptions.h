#pragma once

#include "leaseelector.h"

#include "coingeckosettings.h"

#include <QString>

#include <chrono>

namespace cvc {

// How an OperatorRuntime runs: what cvc-operator's flags say, or what the dashboard sets.
struct OperatorOptions
{
    QString namespaceName;                    // "" = all namespaces
    std::chrono::milliseconds interval{0};    // 0 = the plan's default interval
    CoinGeckoSettings coingecko;
    bool leaderElection = true;
    LeaseElector::Options lease;              // namespace, name, identity, timings
    QString fieldManager = QStringLiteral("cvc-operator");  // "cvc-dashboard" when the app runs it
    QString component = QStringLiteral("cvc-operator");     // events' reportingComponent
    QString healthAddress;                    // "" = no health/metrics server
    int concurrency = 4;
    int discoveryRetryMs = 2000;              // while the CRD is not installed
    int rediscoveryMs = 30000;                // while running: was the CRD replaced?
    int watchTimeoutSeconds = 290;

    // What the dashboard uses to run the same loop while it is open: field manager and event
    // component "cvc-dashboard", a readable lease identity "cvc-dashboard@<host>_<8 hex>" (shown to other
    // users as the lease holder), the same Lease as the operator so the two never both write.
    static OperatorOptions forDashboard(const QString &leaseNamespace);
};

} // namespace cvc
