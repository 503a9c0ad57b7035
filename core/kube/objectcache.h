#pragma once

#include "connectionstate.h"
#include "objectcodec.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace cvc {

// The reflector's store: key "namespace/name" (or "name" for cluster-scoped objects) to the
// latest object. A Watcher feeds it; models and the reconciler read it and follow its signals.
// After every (re)list it equals the server's list: vanished objects are reported deleted,
// changed ones modified, so nothing downstream has to diff.
//
// metadata.managedFields never enter it: nothing here reads them and kubectl hides them too.
//
// Storage is a choice between memory and time. Decoded (the default) keeps each QJsonObject,
// ~5.8 KB for a CVC, and hands it out for free: the dashboard re-renders on every tick and
// shows whole objects. Compact keeps the compact JSON text, ~2 KB, and decodes on every read and
// change. Codec keeps what a codec makes of each object: only the fields its program reads,
// typed, with repeated strings shared, ~0.6 KB for a CVC; readers that know the codec's type take
// stored() without decoding. cvc-operator, which holds 10,000 CVCs for months in a small pod,
// stores them through CvcCodec.
class ObjectCache : public QObject
{
    Q_OBJECT
public:
    enum class Storage { Decoded, Compact, Codec };

    explicit ObjectCache(QObject *parent = nullptr);

    // Converts what is stored; no signal, the objects are the same. Codec needs setCodec().
    void setStorage(Storage storage);
    Storage storage() const { return m_storage; }
    // Stores every object through `codec` from now on (storage Codec).
    void setCodec(std::shared_ptr<ObjectCodec> codec);
    // The codec's form of the object; invalid unless storage is Codec.
    QVariant stored(const QString &key) const;

    QJsonObject object(const QString &key) const;
    bool contains(const QString &key) const { return m_objects.contains(key); }
    QList<QJsonObject> objects() const;
    QStringList keys() const { return m_objects.keys(); }
    int size() const { return int(m_objects.size()); }
    bool hasSynced() const { return m_synced; }
    // The newest resourceVersion the cache has seen (list, event or bookmark).
    QString resourceVersion() const { return m_resourceVersion; }

    ConnectionState connectionState() const { return m_state; }

    // Key → why it cannot be read, for objects the server has but this cache cannot hold.
    QHash<QString, QString> unreadable() const { return m_unreadable; }

    static QString keyOf(const QJsonObject &object);

    // --- fed by Watcher ---
    // A complete list: replaces the content, emitting added/modified/deleted for the difference, then synced().
    void replaceAll(const QList<QJsonObject> &objects, const QString &resourceVersion);
    // The same for a list that arrives in pages: each page is kept in the storage's form as it
    // comes, so 10,000 objects are never held decoded all at once; finishList() applies the
    // difference as replaceAll() does. beginList() drops a list that was not finished.
    void beginList();
    void addListPage(const QList<QJsonObject> &objects);
    void finishList(const QString &resourceVersion);
    void abandonList();
    // One watch event (ADDED, MODIFIED, DELETED; BOOKMARK only moves resourceVersion).
    void applyEvent(const QString &type, const QJsonObject &object);
    // An object the server has but that cannot be read (nested deeper than Qt reads): it is not
    // among the objects, but readers may show that it exists and why it is left out. A readable
    // version, its deletion or a relist without it ends that. In a paged list, call between
    // beginList() and finishList().
    void setUnreadable(const QJsonObject &identity, const QString &reason);
    void setConnectionState(const ConnectionState &state);
    void clear();

Q_SIGNALS:
    void objectAdded(const QString &key, const QJsonObject &object);
    // No previous version: decoding it cost a stored object's codec most of a tick, and the
    // readers that compare versions keep what they compare.
    void objectModified(const QString &key, const QJsonObject &object);
    void objectDeleted(const QString &key, const QJsonObject &lastKnown);
    void synced();
    void connectionStateChanged(const cvc::ConnectionState &state);
    // `key` became unreadable, or stopped being so (see unreadable()).
    void unreadableChanged(const QString &key);

private:
    // One of the three is set, as m_storage says.
    struct Entry
    {
        QJsonObject object;
        QByteArray text;
        QVariant encoded;
    };

    bool sameContent(const Entry &a, const Entry &b) const;

    void upsert(const QString &key, const QJsonObject &object);
    void upsertEntry(const QString &key, Entry entry, const QJsonObject &object);
    void forgetUnreadable(const QString &key);
    Entry makeEntry(const QJsonObject &object) const;
    QJsonObject decode(const Entry &entry) const;

    Storage m_storage = Storage::Decoded;
    std::shared_ptr<ObjectCodec> m_codec;
    QHash<QString, Entry> m_objects;
    QHash<QString, Entry> m_listing;   // pages of the list in progress
    QHash<QString, QString> m_unreadable;
    QHash<QString, QString> m_listingUnreadable;
    bool m_listingOpen = false;   // between beginList() and finishList()/abandonList()
    QString m_resourceVersion;
    bool m_synced = false;
    ConnectionState m_state;
};

} // namespace cvc
