#include "reconcile/workqueue.h"

#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

using cvc::WorkQueue;

class TestWorkQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dedupesWaitingKeys()
    {
        WorkQueue q(1);
        QStringList seen;
        q.setHandler([&](const QString &key, WorkQueue::Finish done) {
            seen << key;
            done(cvc::ReconcileResult::done());
        });
        q.add(QStringLiteral("ns/a"));
        q.add(QStringLiteral("ns/a"));
        q.add(QStringLiteral("ns/b"));
        q.add(QStringLiteral("ns/a"));
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 2, 2000);
        QCOMPARE(seen, (QStringList{QStringLiteral("ns/a"), QStringLiteral("ns/b")}));
    }

    void boundsConcurrencyAndNeverRunsAKeyTwice()
    {
        WorkQueue q(3);
        int running = 0;
        int maxRunning = 0;
        int done = 0;
        QHash<QString, int> perKeyRunning;
        bool overlap = false;
        q.setHandler([&](const QString &key, WorkQueue::Finish finish) {
            ++running;
            maxRunning = std::max(maxRunning, running);
            if (++perKeyRunning[key] > 1)
                overlap = true;
            QTimer::singleShot(5, [&, key, finish] {
                --running;
                --perKeyRunning[key];
                ++done;
                finish(cvc::ReconcileResult::done());
            });
        });
        for (int i = 0; i < 20; ++i)
            q.add(QStringLiteral("ns/k%1").arg(i % 10));
        // Re-adding a key while it runs must run it again afterwards, not concurrently.
        QTimer::singleShot(1, [&] { q.add(QStringLiteral("ns/k0")); });
        QTRY_VERIFY_WITH_TIMEOUT(q.isIdle() && done >= 11, 5000);
        QCOMPARE(maxRunning, 3);
        QVERIFY(!overlap);
    }

    void retriesWithBackoff()
    {
        WorkQueue q(2);
        q.setBackoff(10, 40);
        QCOMPARE(q.backoffDelayMs(1), 10);
        QCOMPARE(q.backoffDelayMs(2), 20);
        QCOMPARE(q.backoffDelayMs(3), 40);
        QCOMPARE(q.backoffDelayMs(9), 40);
        int calls = 0;
        QElapsedTimer clock;
        clock.start();
        q.setHandler([&](const QString &, WorkQueue::Finish finish) {
            ++calls;
            finish(calls < 4 ? cvc::ReconcileResult::retry() : cvc::ReconcileResult::done());
        });
        q.add(QStringLiteral("ns/x"));
        QTRY_COMPARE_WITH_TIMEOUT(calls, 4, 3000);
        // Each delay may be up to 10 % shorter (jitter).
        QVERIFY(clock.elapsed() >= (10 + 20 + 40) * 9 / 10 - 5);
        QTRY_COMPARE_WITH_TIMEOUT(q.failures(QStringLiteral("ns/x")), 0, 1000);
    }

    // RequeueAfter comes back after its delay without counting as a failure; Terminal is not
    // retried at all until the key is added again.
    void requeueAfterAndTerminal()
    {
        WorkQueue q(2);
        q.setBackoff(10, 40);
        QHash<QString, int> calls;
        q.setHandler([&](const QString &key, WorkQueue::Finish finish) {
            const int n = ++calls[key];
            if (key == QLatin1String("ns/later"))
                finish(n == 1 ? cvc::ReconcileResult::requeueAfterDelay(std::chrono::milliseconds(50)) : cvc::ReconcileResult::done());
            else
                finish(cvc::ReconcileResult::terminal(QStringLiteral("422: spec.amount is not a number")));
        });
        q.add(QStringLiteral("ns/later"));
        q.add(QStringLiteral("ns/hopeless"));
        QTRY_COMPARE_WITH_TIMEOUT(calls.value(QStringLiteral("ns/later")), 2, 3000);
        QCOMPARE(q.failures(QStringLiteral("ns/later")), 0);
        QVERIFY(drainEventLoop());
        QCOMPARE(calls.value(QStringLiteral("ns/hopeless")), 1);
        QCOMPARE(q.delayed(), 0);
        QCOMPARE(q.metrics().requeuedAfter(), 1);
        QCOMPARE(q.metrics().terminalFailures(), 1);
        QCOMPARE(q.metrics().failed(), 1);
        QCOMPARE(q.metrics().succeeded(), 1);
        // A change of the object brings a terminal key back.
        q.add(QStringLiteral("ns/hopeless"));
        QTRY_COMPARE_WITH_TIMEOUT(calls.value(QStringLiteral("ns/hopeless")), 2, 3000);
    }

    void shutDownStopsWork()
    {
        WorkQueue q(1);
        int calls = 0;
        q.setHandler([&](const QString &, WorkQueue::Finish finish) { ++calls; finish(cvc::ReconcileResult::done()); });
        q.shutDown();
        q.add(QStringLiteral("ns/a"));
        // Refused at once: nothing waiting, nothing delayed, nothing running.
        QCOMPARE(q.depth(), 0);
        QCOMPARE(q.delayed(), 0);
        QCOMPARE(q.inFlight(), 0);
        QVERIFY(q.isIdle());
        // Let every turn the queue could schedule (pump, then the pump a finish schedules) run.
        QVERIFY(drainEventLoop());
        QCOMPARE(calls, 0);

        // The same drain is long enough to see work that was accepted: after resume() it runs.
        q.resume();
        q.add(QStringLiteral("ns/a"));
        QCOMPARE(q.depth(), 1);
        QVERIFY(drainEventLoop());
        QCOMPARE(calls, 1);
        QVERIFY(q.isIdle());
    }

    // A leader that steps down cancels its writes: the keys it was working on must neither stay
    // "running" (they would never run again) nor be finished late by a stale callback.
    void shutDownForgetsRunningKeys()
    {
        WorkQueue q(2);
        QList<WorkQueue::Finish> held;
        QStringList seen;
        q.setHandler([&](const QString &key, WorkQueue::Finish finish) {
            seen << key;
            held << finish;
        });
        q.add(QStringLiteral("ns/a"));
        QTRY_COMPARE_WITH_TIMEOUT(q.inFlight(), 1, 2000);
        q.shutDown();
        QCOMPARE(q.inFlight(), 0);
        QVERIFY(q.isIdle());

        q.resume();
        q.add(QStringLiteral("ns/a"));
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 2, 2000);
        QCOMPARE(q.inFlight(), 1);
        // The stale finish of the first run changes nothing; the current one still counts.
        held.first()(cvc::ReconcileResult::retry());
        QCOMPARE(q.inFlight(), 1);
        QCOMPARE(q.failures(QStringLiteral("ns/a")), 0);
        held.last()(cvc::ReconcileResult::done());
        QCOMPARE(q.inFlight(), 0);
        QVERIFY(drainEventLoop());
        QCOMPARE(seen.size(), 2);
    }

    // A leader that stops cleanly (client-go's ShutDownWithDrain): no key starts any more, the
    // running ones finish and count, and drained() says when the last one did.
    void shutDownWithDrainLetsRunningKeysFinish()
    {
        WorkQueue q(2);
        QList<WorkQueue::Finish> held;
        QStringList seen;
        q.setHandler([&](const QString &key, WorkQueue::Finish finish) {
            seen << key;
            held << finish;
        });
        for (const char *key : {"ns/a", "ns/b", "ns/c"})
            q.add(QLatin1String(key));
        QTRY_COMPARE_WITH_TIMEOUT(q.inFlight(), 2, 2000);
        QSignalSpy drained(&q, &WorkQueue::drained);
        q.shutDownWithDrain();
        QCOMPARE(q.depth(), 0);   // ns/c dropped
        QCOMPARE(q.inFlight(), 2);
        q.add(QStringLiteral("ns/d"));
        QCOMPARE(q.depth(), 0);
        held.at(0)(cvc::ReconcileResult::done());
        QCOMPARE(q.inFlight(), 1);
        QVERIFY(drainEventLoop());
        QCOMPARE(drained.count(), 0);
        // A retry is not taken up again.
        held.at(1)(cvc::ReconcileResult::retry());
        QCOMPARE(q.inFlight(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(drained.count() >= 1, 2000);
        QVERIFY(drainEventLoop());
        QCOMPARE(seen, (QStringList{QStringLiteral("ns/a"), QStringLiteral("ns/b")}));
        QCOMPARE(q.delayed(), 0);
        QVERIFY(q.isIdle());
    }

    void urgentKeysGoAheadOfBulk()
    {
        WorkQueue q(1);
        QStringList seen;
        q.setHandler([&](const QString &key, WorkQueue::Finish done) {
            seen << key;
            done(cvc::ReconcileResult::done());
        });
        for (const char *k : {"ns/b1", "ns/b2", "ns/b3"})
            q.add(QString::fromLatin1(k), WorkQueue::Priority::Bulk);
        q.add(QStringLiteral("ns/new"));                               // a new CVC
        q.add(QStringLiteral("ns/b3"));                                // an edit of one waiting in bulk
        q.add(QStringLiteral("ns/new"), WorkQueue::Priority::Bulk);    // a pass does not demote it
        QCOMPARE(q.depth(), 4);
        QCOMPARE(q.bulkDepth(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 4, 2000);
        QCOMPARE(seen, (QStringList{QStringLiteral("ns/new"), QStringLiteral("ns/b3"), QStringLiteral("ns/b1"),
                                    QStringLiteral("ns/b2")}));
        QCOMPARE(q.depth(), 0);
        QCOMPARE(q.bulkDepth(), 0);
    }

    void bulkIsPacedAndUrgentIsNot()
    {
        WorkQueue q(4);
        QStringList seen;
        q.setHandler([&](const QString &key, WorkQueue::Finish done) {
            seen << key;
            done(cvc::ReconcileResult::done());
        });
        q.setBulkRate(20); // one key per 50 ms after a burst of the concurrency (4)
        for (int i = 0; i < 10; ++i)
            q.add(QStringLiteral("ns/bulk-%1").arg(i), WorkQueue::Priority::Bulk);
        QCoreApplication::processEvents();
        QCOMPARE(seen.size(), 4);
        // An urgent key does not wait for the pace.
        q.add(QStringLiteral("ns/edit"));
        QCoreApplication::processEvents();
        QCOMPARE(seen.size(), 5);
        QCOMPARE(seen.last(), QStringLiteral("ns/edit"));
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), 11, 5000);
        QCOMPARE(q.depth(), 0);
    }

    void bulkDoesNotCancelAScheduledRetry()
    {
        WorkQueue q(1);
        q.setBackoff(60000, 60000);
        int calls = 0;
        q.setHandler([&](const QString &, WorkQueue::Finish done) {
            ++calls;
            done(cvc::ReconcileResult::retry());
        });
        q.add(QStringLiteral("ns/failing"));
        QTRY_COMPARE_WITH_TIMEOUT(q.delayed(), 1, 2000);
        // The next routine pass leaves it to its backoff; a change (urgent) tries at once.
        q.add(QStringLiteral("ns/failing"), WorkQueue::Priority::Bulk);
        QCoreApplication::processEvents();
        QCOMPARE(calls, 1);
        QCOMPARE(q.delayed(), 1);
        q.add(QStringLiteral("ns/failing"));
        QTRY_COMPARE_WITH_TIMEOUT(calls, 2, 2000);
    }

private:
    // Waits, turn by turn, for a zero timer posted behind whatever is already queued; three turns
    // cover the queue's deepest chain (add -> pump -> finish -> pump).
    static bool drainEventLoop()
    {
        for (int turn = 0; turn < 3; ++turn) {
            QTimer sentinel;
            sentinel.setSingleShot(true);
            QSignalSpy fired(&sentinel, &QTimer::timeout);
            sentinel.start(0);
            if (!fired.wait(1000))
                return false;
        }
        return true;
    }
};

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
