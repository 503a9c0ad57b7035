#pragma once

#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// Small accessors for metadata of unstructured objects, so handlers read like the rules they apply.
namespace ObjectMeta {

inline QJsonObject metadata(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject();
}
inline QString field(const QJsonObject &object, const QString &key)
{
    return metadata(object).value(key).toString();
}
inline QString name(const QJsonObject &object) { return field(object, QStringLiteral("name")); }
inline QString ns(const QJsonObject &object) { return field(object, QStringLiteral("namespace")); }
inline QString resourceVersion(const QJsonObject &object) { return field(object, QStringLiteral("resourceVersion")); }
inline void set(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    QJsonObject meta = metadata(object);
    if (value.isUndefined() || value.isNull())
        meta.remove(key);
    else
        meta.insert(key, value);
    object.insert(QStringLiteral("metadata"), meta);
}
inline bool isDeleting(const QJsonObject &object)
{
    return metadata(object).contains(QStringLiteral("deletionTimestamp"));
}

} // namespace ObjectMeta

} // namespace cvc::sandbox
