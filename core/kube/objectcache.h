#pragma once

#include "connectionstate.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace cvc {

// The reflector's store: key "namespace/name" (or "name" for cluster-scoped objects) to the
// latest object. A Watcher feeds it; models and the reconciler read it and follow its signals.
// After every (re)list it equals the server's list: vanished objects are reported deleted,
// changed ones modified, so nothing downstream has to diff.
//
// metadata.managedFields never enter it: nothing here reads them and kubectl hides them too.
//
// Storage is a choice between memory and time. Decoded (the default) keeps each QJsonObject,
// ~5.8 KB for a CVC, and hands it out for free: the dashboard re-renders on every tick. Compact
// keeps the compact JSON text, ~1 KB, and decodes on every read and change: for cvc-operator,
// which holds 10,000 CVCs for months in a small pod and reads each once per tick.
class ObjectCache : public QObject
{
    Q_OBJECT
public:
    enum class Storage { Decoded, Compact };

    explicit ObjectCache(QObject *parent = nullptr);

    // Converts what is stored; no signal, the objects are the same.
    void setStorage(Storage storage);
    Storage storage() const { return m_storage; }

    QJsonObject object(const QString &key) const;
    bool contains(const QString &key) const { return m_objects.contains(key); }
    QList<QJsonObject> objects() const;
    QStringList keys() const { return m_objects.keys(); }
    int size() const { return int(m_objects.size()); }
    bool hasSynced() const { return m_synced; }
    // The newest resourceVersion the cache has seen (list, event or bookmark).
    QString resourceVersion() const { return m_resourceVersion; }

    ConnectionState connectionState() const { return m_state; }

    static QString keyOf(const QJsonObject &object);

    // --- fed by Watcher ---
    // A complete list: replaces the content, emitting added/modified/deleted for the difference, then synced().
    void replaceAll(const QList<QJsonObject> &objects, const QString &resourceVersion);
    // One watch event (ADDED, MODIFIED, DELETED; BOOKMARK only moves resourceVersion).
    void applyEvent(const QString &type, const QJsonObject &object);
    void setConnectionState(const ConnectionState &state);
    void clear();

Q_SIGNALS:
    void objectAdded(const QString &key, const QJsonObject &object);
    void objectModified(const QString &key, const QJsonObject &object, const QJsonObject &previous);
    void objectDeleted(const QString &key, const QJsonObject &lastKnown);
    void synced();
    void connectionStateChanged(const cvc::ConnectionState &state);

private:
    // One of the two is set, as m_storage says.
    struct Entry
    {
        QJsonObject object;
        QByteArray text;
    };

    void upsert(const QString &key, const QJsonObject &object);
    Entry makeEntry(const QJsonObject &object) const;
    QJsonObject decode(const Entry &entry) const;

    Storage m_storage = Storage::Decoded;
    QHash<QString, Entry> m_objects;
    QString m_resourceVersion;
    bool m_synced = false;
    ConnectionState m_state;
};

} // namespace cvc
