#include "reconcile/workqueue.h"

#include "kube/tokenbucket.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace cvc {

WorkQueue::WorkQueue(int concurrency, QObject *parent)
    : QObject(parent)
    , m_concurrency(std::max(1, concurrency))
{
}

WorkQueue::~WorkQueue() = default;

void WorkQueue::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void WorkQueue::setConcurrency(int concurrency)
{
    m_concurrency = std::max(1, concurrency);
    schedulePump();
}

void WorkQueue::setBackoff(int baseMs, int maxMs)
{
    m_backoffBaseMs = std::max(1, baseMs);
    m_backoffMaxMs = std::max(m_backoffBaseMs, maxMs);
}

void WorkQueue::add(const QString &key, Priority priority)
{
    if (m_shutDown)
        return;
    if (m_processing.contains(key)) {
        m_dirty.insert(key);
        return;
    }
    const auto queued = m_queued.find(key);
    if (queued != m_queued.end()) {
        if (priority == Priority::Urgent && *queued == Priority::Bulk) {
            *queued = Priority::Urgent;
            --m_bulkCount;
            m_urgent.push_back(key);
            schedulePump();
        }
        return;
    }
    // A bulk pass does not cancel a retry that is already scheduled: the key comes back then.
    if (priority == Priority::Bulk && m_delayed.contains(key))
        return;
    if (QTimer *t = m_delayed.take(key))
        t->deleteLater();
    m_queued.insert(key, priority);
    m_metrics.added(key);
    if (priority == Priority::Urgent) {
        m_urgent.push_back(key);
    } else {
        m_bulk.push_back(key);
        ++m_bulkCount;
    }
    schedulePump();
}

void WorkQueue::setBulkRate(double keysPerSecond)
{
    m_bulkRate = std::max(0.0, keysPerSecond);
    if (m_bulkRate <= 0) {
        m_bulkBucket.reset();
    } else if (m_bulkBucket) {
        m_bulkBucket->setQps(m_bulkRate);
    } else {
        // A burst as large as the concurrency: pacing starts only when the lane is busy.
        m_bulkBucket = std::make_unique<TokenBucket>(m_bulkRate, m_concurrency);
    }
    schedulePump();
}

void WorkQueue::addAfter(const QString &key, int delayMs)
{
    if (m_shutDown)
        return;
    if (delayMs <= 0) {
        add(key);
        return;
    }
    if (m_queued.contains(key))
        return; // already due sooner
    if (QTimer *existing = m_delayed.value(key)) {
        if (existing->remainingTime() <= delayMs)
            return; // an earlier retry is already scheduled
        m_delayed.remove(key);
        existing->deleteLater();
    }
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, key, timer] {
        if (m_delayed.value(key) == timer) {
            m_delayed.remove(key);
            add(key);
        }
        timer->deleteLater();
    });
    m_delayed.insert(key, timer);
    timer->start(delayMs);
}

Backoff &WorkQueue::backoffFor(const QString &key)
{
    auto it = m_failures.find(key);
    if (it == m_failures.end())
        it = m_failures.insert(key, Backoff(std::chrono::milliseconds(m_backoffBaseMs),
                                            std::chrono::milliseconds(m_backoffMaxMs), 2.0, 0.1));
    return *it;
}

int WorkQueue::backoffDelayMs(int failures) const
{
    Backoff b(std::chrono::milliseconds(m_backoffBaseMs), std::chrono::milliseconds(m_backoffMaxMs), 2.0, 0.0);
    for (int i = 1; i < failures; ++i)
        b.next();
    return int(b.peekBase().count());
}

void WorkQueue::addRateLimited(const QString &key)
{
    m_metrics.retried();
    addAfter(key, int(backoffFor(key).next().count()));
}

void WorkQueue::forget(const QString &key)
{
    m_failures.remove(key);
}

int WorkQueue::failures(const QString &key) const
{
    const auto it = m_failures.constFind(key);
    return it == m_failures.constEnd() ? 0 : it->attempts();
}

void WorkQueue::shutDown()
{
    dropWaiting();
    m_processing.clear();
    m_metrics.abandoned();
    ++m_generation;
}

void WorkQueue::shutDownWithDrain()
{
    dropWaiting();
    schedulePump();   // drained() at once when nothing runs
}

void WorkQueue::dropWaiting()
{
    m_shutDown = true;
    for (QTimer *t : std::as_const(m_delayed))
        t->deleteLater();
    m_delayed.clear();
    m_urgent.clear();
    m_bulk.clear();
    m_bulkCount = 0;
    m_queued.clear();
    m_dirty.clear();
}

void WorkQueue::resume()
{
    m_shutDown = false;
}

void WorkQueue::schedulePump()
{
    // Batch adds made in one event-loop turn, then hand out work.
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(this, [this] {
        m_pumpScheduled = false;
        pump();
    }, Qt::QueuedConnection);
}

QString WorkQueue::takeNext(qint64 *waitMs)
{
    *waitMs = 0;
    while (!m_urgent.empty()) {
        QString key = std::move(m_urgent.front());
        m_urgent.pop_front();
        const auto it = m_queued.find(key);
        if (it != m_queued.end() && *it == Priority::Urgent) {
            m_queued.erase(it);
            return key;
        }
    }
    while (!m_bulk.empty()) {
        const auto it = m_queued.find(m_bulk.front());
        if (it == m_queued.end() || *it != Priority::Bulk) {
            m_bulk.pop_front(); // moved to the urgent lane, or already handed out
            continue;
        }
        if (m_bulkBucket) {
            const qint64 wait = m_bulkBucket->tryTake();
            if (wait > 0) {
                *waitMs = wait;
                return {};
            }
        }
        QString key = std::move(m_bulk.front());
        m_bulk.pop_front();
        m_queued.erase(it);
        --m_bulkCount;
        return key;
    }
    return {};
}

void WorkQueue::pump()
{
    while (!m_shutDown && m_handler && m_processing.size() < m_concurrency) {
        qint64 waitMs = 0;
        const QString key = takeNext(&waitMs);
        if (key.isEmpty()) {
            if (waitMs > 0) {
                if (!m_bulkTimer) {
                    m_bulkTimer = new QTimer(this);
                    m_bulkTimer->setSingleShot(true);
                    connect(m_bulkTimer, &QTimer::timeout, this, &WorkQueue::pump);
                }
                if (!m_bulkTimer->isActive())
                    m_bulkTimer->start(int(std::min<qint64>(waitMs, 60000)));
            }
            break;
        }
        m_processing.insert(key);
        m_metrics.started(key);
        QPointer<WorkQueue> self(this);
        auto called = std::make_shared<bool>(false);
        m_handler(key, [self, key, called, generation = m_generation](const ReconcileResult &r) {
            if (*called || !self || generation != self->m_generation)
                return;
            *called = true;
            self->finished(key, r);
        });
    }
    if (isIdle())
        Q_EMIT drained();
}

void WorkQueue::finished(const QString &key, const ReconcileResult &result)
{
    m_processing.remove(key);
    m_metrics.finished(key, result);
    const bool dirty = m_dirty.remove(key);
    switch (result.outcome) {
    case ReconcileResult::Outcome::Retry:
        // A change that arrived meanwhile is worth trying at once; otherwise back off.
        if (dirty) {
            backoffFor(key).next(); // still counts as a failure for the next delay
            add(key);
        } else {
            addRateLimited(key);
        }
        break;
    case ReconcileResult::Outcome::RequeueAfter:
        forget(key);
        if (dirty)
            add(key);
        else
            addAfter(key, int(std::clamp<qint64>(result.requeueAfter.count(), 0, std::numeric_limits<int>::max())));
        break;
    case ReconcileResult::Outcome::Done:
    case ReconcileResult::Outcome::Terminal:
        forget(key);
        if (dirty)
            add(key);
        break;
    }
    schedulePump();
}

} // namespace cvc
