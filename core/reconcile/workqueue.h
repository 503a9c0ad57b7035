#pragma once

#include "util/backoff.h"
#include "reconcile/reconcileresult.h"
#include "reconcile/workqueuemetrics.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <memory>

class QTimer;

namespace cvc {

class TokenBucket;

// A work queue in the spirit of client-go's workqueue and kube-runtime's scheduler/runner:
// keys (namespace/name) are deduplicated while waiting, a key is never processed twice at the
// same time (adding it while it runs marks it dirty and it runs again afterwards), at most
// `concurrency` keys run at once, and failures come back after a per-key exponential backoff.
//
// Two lanes: urgent keys (a new object, a spec edit, a retry) always go first; bulk keys (a
// routine revaluation of everything) wait behind them and may be paced, so that revaluing
// 10,000 objects neither delays a user's edit nor arrives at the server as one burst.
class WorkQueue : public QObject
{
    Q_OBJECT
public:
    enum class Priority { Urgent, Bulk };
    // The one place a reconcile's outcome becomes queue actions: Done forgets the key's failures,
    // RequeueAfter adds it again after the delay, Retry adds it after its backoff, Terminal
    // forgets it until it is added again (a change of the object). A key added while it ran
    // runs again at once in every case.
    using Finish = std::function<void(const ReconcileResult &)>;
    // Called for each key; must call `finish` exactly once, possibly later (asynchronous work).
    using Handler = std::function<void(const QString &key, Finish finish)>;

    explicit WorkQueue(int concurrency, QObject *parent = nullptr);
    ~WorkQueue() override;

    void setHandler(Handler handler);
    void setConcurrency(int concurrency);
    void setBackoff(int baseMs, int maxMs);

    // Adding an urgent key that waits in the bulk lane moves it ahead; a bulk add of a key that
    // waits or runs already changes nothing.
    void add(const QString &key, Priority priority = Priority::Urgent);
    // Bulk keys are handed out at most this many per second (0 = as fast as concurrency allows).
    void setBulkRate(double keysPerSecond);
    double bulkRate() const { return m_bulkRate; }
    void addAfter(const QString &key, int delayMs);
    // Adds after this key's next backoff delay (base × 2^failures, capped, minus up to 10 %
    // jitter so keys that failed together do not all come back in the same instant).
    void addRateLimited(const QString &key);
    // Forgets the failure history of `key` (after a success).
    void forget(const QString &key);
    int failures(const QString &key) const;
    // The delay before jitter after `failures` consecutive failures.
    int backoffDelayMs(int failures) const;

    // Stops handing out keys; waiting keys and delayed adds are dropped, and running ones are
    // forgotten: their finish is ignored, since the caller cancels their work (a leader that
    // stepped down must not write). After resume() a forgotten key runs again when added.
    void shutDown();
    // client-go's ShutDownWithDrain: as shutDown(), no key is handed out any more and the waiting
    // ones are dropped, but the running keys finish and count; drained() once none runs. For a
    // leader stopping cleanly: its writes in flight land before it hands the lease over.
    void shutDownWithDrain();
    void resume();

    int depth() const { return int(m_queued.size()); }
    int bulkDepth() const { return m_bulkCount; }
    int inFlight() const { return m_processing.size(); }
    int delayed() const { return m_delayed.size(); }
    bool isIdle() const { return m_queued.isEmpty() && m_processing.isEmpty(); }
    int concurrency() const { return m_concurrency; }
    const WorkQueueMetrics &metrics() const { return m_metrics; }

Q_SIGNALS:
    void drained();   // nothing queued and nothing running

private:
    void dropWaiting();   // stops adds and drops the waiting keys and delayed adds
    void schedulePump();
    void pump();
    void finished(const QString &key, const ReconcileResult &result);
    // The next key to hand out, or an empty string (then *waitMs > 0 when bulk pacing holds one back).
    QString takeNext(qint64 *waitMs);

    Handler m_handler;
    int m_concurrency;
    int m_backoffBaseMs = 200;
    int m_backoffMaxMs = 60000;
    bool m_shutDown = false;
    bool m_pumpScheduled = false;
    quint64 m_generation = 0;   // bumped by shutDown(): finishes from before are stale
    std::deque<QString> m_urgent;
    // May hold keys that moved to the urgent lane or ran meanwhile: m_queued is the truth.
    std::deque<QString> m_bulk;
    QHash<QString, Priority> m_queued;
    int m_bulkCount = 0;
    double m_bulkRate = 0;
    std::unique_ptr<TokenBucket> m_bulkBucket;
    QTimer *m_bulkTimer = nullptr;
    QSet<QString> m_processing;
    QSet<QString> m_dirty;
    Backoff &backoffFor(const QString &key);

    QHash<QString, Backoff> m_failures;
    QHash<QString, QTimer *> m_delayed;
    WorkQueueMetrics m_metrics;
};

} // namespace cvc
