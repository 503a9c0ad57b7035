#include "objectcache.h"

#include "objectkey.h"

#include <QJsonDocument>
#include <QSet>

namespace cvc {

ObjectCache::ObjectCache(QObject *parent)
    : QObject(parent)
{
}

QString ObjectCache::keyOf(const QJsonObject &object)
{
    return ObjectKey::fromObject(object).toString();
}

static QString rvOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

namespace {

QJsonObject withoutManagedFields(const QJsonObject &object)
{
    QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    if (!meta.contains(QLatin1String("managedFields")))
        return object;
    meta.remove(QLatin1String("managedFields"));
    QJsonObject stripped = object;
    stripped.insert(QLatin1String("metadata"), meta);
    return stripped;
}

// QJsonObject keeps its keys sorted, so equal objects give equal text.
QByteArray encode(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

ObjectCache::Entry ObjectCache::makeEntry(const QJsonObject &object) const
{
    Entry e;
    switch (m_storage) {
    case Storage::Compact: e.text = encode(object); break;
    case Storage::Codec: e.encoded = m_codec->encode(object); break;
    case Storage::Decoded: e.object = object; break;
    }
    return e;
}

QJsonObject ObjectCache::decode(const Entry &entry) const
{
    switch (m_storage) {
    // Compact text is what this cache wrote from an object it was given: it always parses.
    case Storage::Compact: return QJsonDocument::fromJson(entry.text).object();
    case Storage::Codec: return m_codec->decode(entry.encoded);
    case Storage::Decoded: break;
    }
    return entry.object;
}

bool ObjectCache::sameContent(const Entry &a, const Entry &b) const
{
    switch (m_storage) {
    case Storage::Compact: return a.text == b.text;
    case Storage::Codec: return m_codec->equal(a.encoded, b.encoded);
    case Storage::Decoded: break;
    }
    return a.object == b.object;
}

void ObjectCache::setCodec(std::shared_ptr<ObjectCodec> codec)
{
    if (!codec)
        return;
    setStorage(Storage::Decoded);
    m_codec = std::move(codec);
    setStorage(Storage::Codec);
}

QVariant ObjectCache::stored(const QString &key) const
{
    const auto it = m_objects.constFind(key);
    return it == m_objects.constEnd() || m_storage != Storage::Codec ? QVariant() : it->encoded;
}

void ObjectCache::setStorage(Storage storage)
{
    if (storage == m_storage || (storage == Storage::Codec && !m_codec))
        return;
    QHash<QString, QJsonObject> decoded;
    decoded.reserve(m_objects.size());
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it)
        decoded.insert(it.key(), decode(*it));
    m_storage = storage;
    for (auto it = decoded.cbegin(); it != decoded.cend(); ++it)
        m_objects[it.key()] = makeEntry(*it);
}

QJsonObject ObjectCache::object(const QString &key) const
{
    const auto it = m_objects.constFind(key);
    return it == m_objects.constEnd() ? QJsonObject() : decode(*it);
}

QList<QJsonObject> ObjectCache::objects() const
{
    QList<QJsonObject> list;
    list.reserve(m_objects.size());
    for (const Entry &e : m_objects)
        list.append(decode(e));
    return list;
}

void ObjectCache::upsert(const QString &key, const QJsonObject &received)
{
    const QJsonObject object = withoutManagedFields(received);
    upsertEntry(key, makeEntry(object), object);
}

// `object` is what the signals carry: the object as received, or null to decode it from the
// entry (a paged list kept only the entry).
void ObjectCache::forgetUnreadable(const QString &key)
{
    if (m_unreadable.remove(key))
        Q_EMIT unreadableChanged(key);
}

void ObjectCache::setUnreadable(const QJsonObject &identity, const QString &reason)
{
    const QString key = keyOf(identity);
    if (key.isEmpty())
        return;
    if (m_listingOpen) {
        m_listingUnreadable.insert(key, reason);
        return;
    }
    // What the cache held of it is no longer what the server has: readers must not act on it.
    if (m_objects.contains(key)) {
        const QJsonObject last = decode(m_objects.take(key));
        Q_EMIT objectDeleted(key, last);
    }
    if (m_unreadable.contains(key) && m_unreadable.value(key) == reason)
        return;
    m_unreadable.insert(key, reason);
    Q_EMIT unreadableChanged(key);
}

void ObjectCache::upsertEntry(const QString &key, Entry entry, const QJsonObject &object)
{
    forgetUnreadable(key);
    auto it = m_objects.find(key);
    if (it == m_objects.end()) {
        const QJsonObject added = object.isEmpty() ? decode(entry) : object;
        m_objects.insert(key, std::move(entry));
        Q_EMIT objectAdded(key, added);
        return;
    }
    // A relist or a replayed event that changes nothing is not a change.
    if (sameContent(*it, entry))
        return;
    const QJsonObject modified = object.isEmpty() ? decode(entry) : object;
    *it = std::move(entry);
    Q_EMIT objectModified(key, modified);
}

void ObjectCache::replaceAll(const QList<QJsonObject> &objects, const QString &resourceVersion)
{
    beginList();
    addListPage(objects);
    finishList(resourceVersion);
}

void ObjectCache::beginList()
{
    m_listing.clear();
    m_listingUnreadable.clear();
    m_listingOpen = true;
}

void ObjectCache::abandonList()
{
    m_listing.clear();
    m_listing.squeeze();
    m_listingUnreadable.clear();
    m_listingOpen = false;
}

void ObjectCache::addListPage(const QList<QJsonObject> &objects)
{
    for (const QJsonObject &o : objects)
        m_listing.insert(keyOf(o), makeEntry(withoutManagedFields(o)));
}

void ObjectCache::finishList(const QString &resourceVersion)
{
    QHash<QString, Entry> listed = std::exchange(m_listing, {});
    const QHash<QString, QString> unreadable = std::exchange(m_listingUnreadable, {});
    m_listingOpen = false;
    QSet<QString> seen;
    seen.reserve(listed.size());
    for (auto it = listed.begin(); it != listed.end(); ++it) {
        seen.insert(it.key());
        const QJsonObject object = m_storage == Storage::Decoded ? it->object : QJsonObject();
        upsertEntry(it.key(), std::move(*it), object);
    }
    listed.clear();
    const QStringList existing = m_objects.keys();
    for (const QString &key : existing) {
        if (!seen.contains(key)) {
            const QJsonObject last = decode(m_objects.take(key));
            Q_EMIT objectDeleted(key, last);
        }
    }
    const QStringList wereUnreadable = m_unreadable.keys();
    for (const QString &key : wereUnreadable) {
        if (!unreadable.contains(key))
            forgetUnreadable(key);
    }
    for (auto it = unreadable.cbegin(); it != unreadable.cend(); ++it) {
        if (!m_unreadable.contains(it.key()) || m_unreadable.value(it.key()) != *it) {
            m_unreadable.insert(it.key(), *it);
            Q_EMIT unreadableChanged(it.key());
        }
    }
    m_resourceVersion = resourceVersion;
    m_synced = true;
    Q_EMIT synced();
}

void ObjectCache::applyEvent(const QString &type, const QJsonObject &object)
{
    const QString rv = rvOf(object);
    if (!rv.isEmpty())
        m_resourceVersion = rv;
    if (type == QLatin1String("BOOKMARK"))
        return;
    const QString key = keyOf(object);
    if (key.isEmpty())
        return;
    if (type == QLatin1String("DELETED")) {
        forgetUnreadable(key);
        if (m_objects.contains(key)) {
            m_objects.remove(key);
            Q_EMIT objectDeleted(key, withoutManagedFields(object));
        }
        return;
    }
    if (type == QLatin1String("ADDED") || type == QLatin1String("MODIFIED"))
        upsert(key, object);
}

void ObjectCache::setConnectionState(const ConnectionState &state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT connectionStateChanged(m_state);
}

void ObjectCache::clear()
{
    const QStringList unreadable = m_unreadable.keys();
    for (const QString &key : unreadable)
        forgetUnreadable(key);
    const QStringList existing = m_objects.keys();
    for (const QString &key : existing) {
        const QJsonObject last = decode(m_objects.take(key));
        Q_EMIT objectDeleted(key, last);
    }
    m_synced = false;
    m_resourceVersion.clear();
}

} // namespace cvc
