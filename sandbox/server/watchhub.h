#pragma once

#include "watchevent.h"

#include <QList>
#include <QObject>

#include <deque>
#include <functional>
#include <utility>

namespace cvc::sandbox {

// The bounded history of changes (a ring buffer, like the apiserver's watch cache) and the fan-out
// to open watches. Watches ask for the events after a resourceVersion; anything older than what
// the ring still holds is Expired (410), which is what clients must be able to recover from.
class WatchHub : public QObject
{
    Q_OBJECT
public:
    explicit WatchHub(int capacity, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    // The resourceVersion from which history is complete: events with a larger RV are all here.
    qint64 floorResourceVersion() const { return m_floor; }
    // Called once at start with the store's RV: nothing before it can be replayed.
    void resetFloor(qint64 resourceVersion);

    void publish(const WatchEvent &event);

    // Events with RV > resourceVersion for storageKey (all keys if empty). False when part of that
    // range is gone from the ring (the caller answers 410).
    bool eventsSince(qint64 resourceVersion, const QString &storageKey, QList<WatchEvent> *out) const;

    // Forget all history: every RV before now becomes Expired (fault injection "compact").
    void compact(qint64 currentResourceVersion);

    // Open watch streams register themselves so stats and "drop every watch" can reach them.
    void watchOpened();
    void watchClosed();
    int openWatches() const { return m_openWatches; }
    void dropAllWatches();

    // One encoded event line shared by every watch that sends the same event the same way, so a
    // change seen by 64 watches is serialised once. `key` names the event, type and view.
    QByteArray encodedLine(const QString &key, const std::function<QByteArray()> &encode);

Q_SIGNALS:
    void eventPublished(const cvc::sandbox::WatchEvent &event);
    void dropRequested();

private:
    int m_capacity;
    qint64 m_floor = 0;
    std::deque<WatchEvent> m_events;
    int m_openWatches = 0;
    std::deque<std::pair<QString, QByteArray>> m_encoded;
};

} // namespace cvc::sandbox
