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
    if (m_storage == Storage::Compact)
        e.text = encode(object);
    else
        e.object = object;
    return e;
}

QJsonObject ObjectCache::decode(const Entry &entry) const
{
    // Compact text is what this cache wrote from an object it was given: it always parses.
    return m_storage == Storage::Compact ? QJsonDocument::fromJson(entry.text).object() : entry.object;
}

void ObjectCache::setStorage(Storage storage)
{
    if (storage == m_storage)
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
    Entry entry = makeEntry(object);
    auto it = m_objects.find(key);
    if (it == m_objects.end()) {
        m_objects.insert(key, std::move(entry));
        Q_EMIT objectAdded(key, object);
        return;
    }
    // A relist or a replayed event that changes nothing is not a change.
    if (m_storage == Storage::Compact ? it->text == entry.text : it->object == object)
        return;
    const QJsonObject previous = decode(*it);
    *it = std::move(entry);
    Q_EMIT objectModified(key, object, previous);
}

void ObjectCache::replaceAll(const QList<QJsonObject> &objects, const QString &resourceVersion)
{
    QSet<QString> seen;
    seen.reserve(objects.size());
    for (const QJsonObject &o : objects) {
        const QString key = keyOf(o);
        seen.insert(key);
        upsert(key, o);
    }
    const QStringList existing = m_objects.keys();
    for (const QString &key : existing) {
        if (!seen.contains(key)) {
            const QJsonObject last = decode(m_objects.take(key));
            Q_EMIT objectDeleted(key, last);
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
    const QStringList existing = m_objects.keys();
    for (const QString &key : existing) {
        const QJsonObject last = decode(m_objects.take(key));
        Q_EMIT objectDeleted(key, last);
    }
    m_synced = false;
    m_resourceVersion.clear();
}

} // namespace cvc
