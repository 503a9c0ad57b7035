#include "objectkey.h"

namespace cvc {

QString ObjectKey::toString() const
{
    return namespaceName.isEmpty() ? name : namespaceName + QLatin1Char('/') + name;
}

ObjectKey ObjectKey::fromString(QStringView key)
{
    // Names and namespaces never contain '/', so the first one separates them.
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return ObjectKey{QString(), key.toString()};
    return ObjectKey{key.left(slash).toString(), key.mid(slash + 1).toString()};
}

ObjectKey ObjectKey::fromObject(const QJsonObject &object)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    return ObjectKey{meta.value(QStringLiteral("namespace")).toString(), meta.value(QStringLiteral("name")).toString()};
}

} // namespace cvc
