#include "objectcache.h"

#include <QJsonDocument>
#include <QSet>

namespace cvc {

ObjectCache::ObjectCache(QObject *parent)
    : QObject(parent)
{
}

QString ObjectCache::keyOf(const QJsonObject &object)
{
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    return ns.isEmpty() ? name : QString(ns + QLatin1Char('/') + name);
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

QJsonObject ObjectCache::decode(const QByteArray &text)
{
    // Text this cache wrote from an object it was given: it always parses.
    return QJsonDocument::fromJson(text).object();
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
    for (const QByteArray &text : m_objects)
        list.append(decode(text));
    return list;
}

void ObjectCache::upsert(const QString &key, const QJsonObject &received)
{
    const QJsonObject object = withoutManagedFields(received);
    QByteArray text = encode(object);
    auto it = m_objects.find(key);
    if (it == m_objects.end()) {
        m_objects.insert(key, text);
        Q_EMIT objectAdded(key, object);
        return;
    }
    if (*it == text)
        return; // a relist or a replayed event that changes nothing is not a change
    const QJsonObject previous = decode(*it);
    *it = std::move(text);
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
