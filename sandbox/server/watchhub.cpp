#include "watchhub.h"

namespace cvc::sandbox {

WatchHub::WatchHub(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax(1, capacity))
{
    qRegisterMetaType<cvc::sandbox::WatchEvent>();
}

void WatchHub::resetFloor(qint64 resourceVersion)
{
    m_events.clear();
    m_floor = resourceVersion;
}

void WatchHub::publish(const WatchEvent &event)
{
    m_events.push_back(event);
    while (int(m_events.size()) > m_capacity) {
        m_floor = m_events.front().resourceVersion;
        m_events.pop_front();
    }
    Q_EMIT eventPublished(event);
}

bool WatchHub::eventsSince(qint64 resourceVersion, const QString &storageKey, QList<WatchEvent> *out) const
{
    if (resourceVersion < m_floor)
        return false;
    // The ring is sorted by RV; walk back from the newest until we pass resourceVersion.
    auto it = m_events.end();
    while (it != m_events.begin()) {
        auto prev = std::prev(it);
        if (prev->resourceVersion <= resourceVersion)
            break;
        it = prev;
    }
    for (; it != m_events.end(); ++it) {
        if (storageKey.isEmpty() || it->storageKey == storageKey)
            out->append(*it);
    }
    return true;
}

void WatchHub::compact(qint64 currentResourceVersion)
{
    m_events.clear();
    m_floor = currentResourceVersion;
}

void WatchHub::watchOpened()
{
    ++m_openWatches;
}

void WatchHub::watchClosed()
{
    --m_openWatches;
}

QByteArray WatchHub::encodedLine(const QString &key, const std::function<QByteArray()> &encode)
{
    for (const auto &[cachedKey, line] : m_encoded) {
        if (cachedKey == key)
            return line;
    }
    QByteArray line = encode();
    m_encoded.emplace_back(key, line);
    // Watches handle an event one after the other, so a few recent entries are enough.
    if (m_encoded.size() > 8)
        m_encoded.pop_front();
    return line;
}

void WatchHub::dropAllWatches()
{
    Q_EMIT dropRequested();
}

} // namespace cvc::sandbox
