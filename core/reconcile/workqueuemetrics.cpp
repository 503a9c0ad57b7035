#include "reconcile/workqueuemetrics.h"

#include <algorithm>

namespace cvc {

namespace {

// client-go's workqueue buckets: 10 ns to 1000 s by tens.
QList<double> workqueueBuckets()
{
    return Histogram::exponentialBuckets(10e-9, 10, 12);
}

// controller-runtime's reconcile time buckets, fine below a second where reconciles live.
QList<double> reconcileBuckets()
{
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
            1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60};
}

} // namespace

WorkQueueMetrics::WorkQueueMetrics()
    : m_queueDuration(workqueueBuckets())
    , m_workDuration(workqueueBuckets())
    , m_reconcileTime(reconcileBuckets())
{
    m_clock.start();
}

void WorkQueueMetrics::added(const QString &key)
{
    ++m_adds;
    if (!m_addedAtNs.contains(key))
        m_addedAtNs.insert(key, m_clock.nsecsElapsed());
}

void WorkQueueMetrics::started(const QString &key)
{
    const qint64 now = m_clock.nsecsElapsed();
    if (const auto it = m_addedAtNs.constFind(key); it != m_addedAtNs.constEnd()) {
        m_queueDuration.observe(double(now - *it) / 1e9);
        m_addedAtNs.erase(it);
    }
    m_startedAtNs.insert(key, now);
}

void WorkQueueMetrics::finished(const QString &key, const ReconcileResult &result)
{
    if (const auto it = m_startedAtNs.constFind(key); it != m_startedAtNs.constEnd()) {
        const double seconds = secondsSince(*it);
        m_workDuration.observe(seconds);
        m_reconcileTime.observe(seconds);
        m_startedAtNs.erase(it);
    }
    switch (result.outcome) {
    case ReconcileResult::Outcome::Done:
        ++m_succeeded;
        break;
    case ReconcileResult::Outcome::RequeueAfter:
        ++m_requeuedAfter;
        break;
    case ReconcileResult::Outcome::Terminal:
        ++m_terminal;
        ++m_failed;
        break;
    case ReconcileResult::Outcome::Retry:
        ++m_failed;
        break;
    }
}

void WorkQueueMetrics::abandoned()
{
    m_addedAtNs.clear();
    m_startedAtNs.clear();
}

double WorkQueueMetrics::unfinishedWorkSeconds() const
{
    double total = 0;
    for (const qint64 startedAt : m_startedAtNs)
        total += secondsSince(startedAt);
    return total;
}

double WorkQueueMetrics::longestRunningSeconds() const
{
    double longest = 0;
    for (const qint64 startedAt : m_startedAtNs)
        longest = std::max(longest, secondsSince(startedAt));
    return longest;
}

} // namespace cvc
