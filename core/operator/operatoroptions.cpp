#include "operator/operatoroptions.h"

namespace cvc {

OperatorOptions OperatorOptions::forDashboard()
{
    OperatorOptions o;
    o.fieldManager = OperatorDefaults::dashboardName;
    o.component = OperatorDefaults::dashboardName;
    // Readable for people, unique per window: two dashboards on one host must not share it.
    o.lease.identity = dashboardIdentityPrefix() + LeaseElector::defaultIdentity();
    o.lease.fieldManager = o.fieldManager;
    return o;
}

ClusterConnection::Options OperatorOptions::connectionOptions() const
{
    ClusterConnection::Options o;
    o.namespaceName = namespaceName;
    o.watchTimeoutSeconds = watchTimeoutSeconds;
    o.discoveryRetryMs = discoveryRetryMs;
    o.rediscoveryMs = rediscoveryMs;
    return o;
}

} // namespace cvc
