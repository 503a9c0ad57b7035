#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace cvc::sandbox {

// One persisted change. Every write that changes an object produces exactly one of these with the
// new global resourceVersion (kube-api.md §3.5); watches replay and filter them.
struct WatchEvent
{
    enum class Type { Added, Modified, Deleted };

    Type type = Type::Added;
    QString storageKey;      // group/plural, see ResourceInfo::storageKey()
    QString ns;
    QString name;
    qint64 resourceVersion = 0;
    QJsonObject object;      // state after the change (the last state for Deleted)
    QJsonObject previous;    // state before (empty for Added): lets selector watches see match changes

    static QString typeName(Type type)
    {
        switch (type) {
        case Type::Added:
            return QStringLiteral("ADDED");
        case Type::Modified:
            return QStringLiteral("MODIFIED");
        case Type::Deleted:
            return QStringLiteral("DELETED");
        }
        return QString();
    }
};

} // namespace cvc::sandbox

Q_DECLARE_METATYPE(cvc::sandbox::WatchEvent)
