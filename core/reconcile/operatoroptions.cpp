#include "operatoroptions.h"

#include <QHostInfo>
#include <QUuid>

namespace cvc {

OperatorOptions OperatorOptions::forDashboard(const QString &leaseNamespace)
{
    OperatorOptions o;
    o.fieldManager = QStringLiteral("cvc-dashboard");
    o.component = QStringLiteral("cvc-dashboard");
    o.lease.namespaceName = leaseNamespace;
    // Readable for people, unique per window: two dashboards on one host must not share it.
    o.lease.identity = QStringLiteral("cvc-dashboard@") + QHostInfo::localHostName() + QLatin1Char('_')
                       + QUuid::createUuid().toString(QUuid::Id128).left(8);
    o.lease.fieldManager = o.fieldManager;
    return o;
}

} // namespace cvc
