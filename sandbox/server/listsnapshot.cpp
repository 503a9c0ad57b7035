#include "listsnapshot.h"

#include "objectmeta.h"
#include "objectstore.h"
#include "watchhub.h"

#include <QMap>

namespace cvc::sandbox {

QString ListSnapshot::keyOf(const QString &listNamespace, const QString &objectNamespace, const QString &name)
{
    // etcd keys are /registry/<resource>/<namespace>/<name>: across namespaces the namespace and
    // a slash lead, which orders "a-b/x" before "a/x" (unlike the store's own order).
    if (listNamespace.isEmpty() && !objectNamespace.isEmpty())
        return objectNamespace + QLatin1Char('/') + name;
    return name;
}

std::optional<QList<ListSnapshot::Entry>> ListSnapshot::at(const ObjectStore &store, const WatchHub &hub,
                                                           const QString &storageKey, const QString &ns,
                                                           qint64 resourceVersion)
{
    QMap<QString, QJsonObject> objects;
    for (const QJsonObject &object : store.list(storageKey, ns))
        objects.insert(keyOf(ns, ObjectMeta::ns(object), ObjectMeta::name(object)), object);
    if (resourceVersion < store.resourceVersion()) {
        QList<WatchEvent> later;
        if (!hub.eventsSince(resourceVersion, storageKey, &later))
            return std::nullopt;
        for (auto it = later.crbegin(); it != later.crend(); ++it) {
            if (!ns.isEmpty() && it->ns != ns)
                continue;
            const QString key = keyOf(ns, it->ns, it->name);
            // Undo: a creation did not exist yet; an update or deletion had its previous state.
            if (it->type == WatchEvent::Type::Added || it->previous.isEmpty())
                objects.remove(key);
            else
                objects.insert(key, it->previous);
        }
    }
    QList<Entry> entries;
    entries.reserve(objects.size());
    for (auto it = objects.cbegin(); it != objects.cend(); ++it)
        entries.append(Entry{it.key(), it.value()});
    return entries;
}

} // namespace cvc::sandbox
