#include "objectcache.h"

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

void ObjectCache::upsert(const QString &key, const QJsonObject &object)
{
    auto it = m_objects.find(key);
    if (it == m_objects.end()) {
        m_objects.insert(key, object);
        Q_EMIT objectAdded(key, object);
        return;
    }
    if (*it == object)
        return; // a relist or a replayed event that changes nothing is not a change
    const QJsonObject previous = *it;
    *it = object;
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
            const QJsonObject last = m_objects.take(key);
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
            Q_EMIT objectDeleted(key, object);
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
        const QJsonObject last = m_objects.take(key);
        Q_EMIT objectDeleted(key, last);
    }
    m_synced = false;
    m_resourceVersion.clear();
}

} // namespace cvc
