#include "subresourcerules.h"

namespace cvc::sandbox {

QJsonObject SubresourceRules::merge(const ResourceInfo &info, const QString &subresource, const QJsonObject &old,
                                    const QJsonObject &requested)
{
    const QString status = QStringLiteral("status");
    if (subresource == status) {
        QJsonObject result = old;
        if (requested.contains(status))
            result.insert(status, requested.value(status));
        else
            result.remove(status);
        return result;
    }
    if (!info.hasStatus || info.resourceKind == ResourceKind::Namespace)
        return requested;
    QJsonObject result = requested;
    if (old.contains(status))
        result.insert(status, old.value(status));
    else
        result.remove(status);
    return result;
}

} // namespace cvc::sandbox
