#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

class ObjectStore;
class WatchHub;

// The objects of one collection as they were at a resourceVersion, in kube-apiserver's key order:
// what later pages of a paged list and resourceVersionMatch=Exact read, like etcd reading at a
// past revision. Built on demand from the store's current objects with the watch history's later
// changes undone, newest first; nothing is copied or kept between requests, so memory stays what
// the history (--watch-history events) already holds, and how far back a snapshot reaches is that
// history's window.
class ListSnapshot
{
public:
    struct Entry
    {
        QString key;        // below the list's prefix: "name", or "namespace/name" across namespaces
        QJsonObject object; // stored form
    };

    // Every object of storageKey in namespace `ns` (all namespaces if empty) at resourceVersion,
    // sorted by key; std::nullopt when the history no longer reaches back that far (410).
    static std::optional<QList<Entry>> at(const ObjectStore &store, const WatchHub &hub, const QString &storageKey,
                                          const QString &ns, qint64 resourceVersion);

    // The key kube-apiserver ranges over: its etcd key without the list's prefix.
    static QString keyOf(const QString &listNamespace, const QString &objectNamespace, const QString &name);
};

} // namespace cvc::sandbox
