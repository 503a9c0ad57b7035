#include "rolebinding.h"

#include <QJsonArray>

namespace cvc::sandbox {

RoleBinding RoleBinding::fromJson(const QJsonObject &binding)
{
    RoleBinding out;
    const QJsonObject metadata = binding.value(QStringLiteral("metadata")).toObject();
    out.name = metadata.value(QStringLiteral("name")).toString();
    out.ns = metadata.value(QStringLiteral("namespace")).toString();
    const QJsonObject roleRef = binding.value(QStringLiteral("roleRef")).toObject();
    out.roleRef = {roleRef.value(QStringLiteral("kind")).toString(), roleRef.value(QStringLiteral("name")).toString()};
    for (const QJsonValue &value : binding.value(QStringLiteral("subjects")).toArray()) {
        const QJsonObject subject = value.toObject();
        out.subjects.append({subject.value(QStringLiteral("kind")).toString(), subject.value(QStringLiteral("name")).toString(),
                             subject.value(QStringLiteral("namespace")).toString()});
    }
    return out;
}

} // namespace cvc::sandbox
