#pragma once

#include "reconcile/histogram.h"
#include "reconcile/reconcileresult.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

namespace cvc {

// What client-go's workqueue metrics provider records, for one WorkQueue: adds, retries, how long
// keys wait and how long their work takes, and the work still running (for the unfinished-work and
// longest-running gauges, which reveal a stuck handler). It also keeps the outcome of each handler
// run and controller-runtime's reconcile time, since in this operator one handler run is one
// reconcile and both are the same measurement.
class WorkQueueMetrics
{
public:
    WorkQueueMetrics();

    void added(const QString &key);                 // a key began to wait
    void started(const QString &key);               // handed to the handler
    void finished(const QString &key, const ReconcileResult &result);  // the handler called finish
    void retried() { ++m_retries; }                 // a key was put back after a backoff
    void abandoned();                               // shutDown(): running keys are forgotten

    qint64 adds() const { return m_adds; }
    qint64 retries() const { return m_retries; }
    qint64 succeeded() const { return m_succeeded; }
    qint64 failed() const { return m_failed; }            // Retry and Terminal
    qint64 terminalFailures() const { return m_terminal; }
    qint64 requeuedAfter() const { return m_requeuedAfter; }
    const Histogram &queueDuration() const { return m_queueDuration; }
    const Histogram &workDuration() const { return m_workDuration; }
    const Histogram &reconcileTime() const { return m_reconcileTime; }
    // Seconds of work running now and not yet observed by workDuration, summed over keys.
    double unfinishedWorkSeconds() const;
    double longestRunningSeconds() const;

private:
    double secondsSince(qint64 ns) const { return double(m_clock.nsecsElapsed() - ns) / 1e9; }

    QElapsedTimer m_clock;                 // monotonic: a wall clock step must not bend durations
    QHash<QString, qint64> m_addedAtNs;
    QHash<QString, qint64> m_startedAtNs;
    qint64 m_adds = 0;
    qint64 m_retries = 0;
    qint64 m_succeeded = 0;
    qint64 m_failed = 0;
    qint64 m_terminal = 0;
    qint64 m_requeuedAfter = 0;
    Histogram m_queueDuration;
    Histogram m_workDuration;
    Histogram m_reconcileTime;
};

} // namespace cvc
