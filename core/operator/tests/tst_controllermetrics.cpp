// The standard controller metrics as numbers and as text: histograms written as Prometheus
// expects (cumulative buckets, +Inf equal to the count), the work queue's record of adds,
// retries, outcomes and work still running, and deprecated names pointing at their replacement.
#include "operator/controllermetrics.h"
#include "operator/deprecatedmetrics.h"
#include "reconcile/histogram.h"
#include "operator/prometheustext.h"
#include "reconcile/workqueue.h"

#include <QtTest>

using namespace cvc;

class TestControllerMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void histogramIsCumulativeWithInfAsCount()
    {
        Histogram h({0.1, 1, 0.005});   // unsorted on purpose
        QCOMPARE(h.upperBounds(), (QList<double>{0.005, 0.1, 1}));
        for (double v : {0.001, 0.005, 0.05, 0.5, 2.0, 3.0})
            h.observe(v);
        PrometheusText m;
        m.histogram(QStringLiteral("t_seconds"), QStringLiteral("T."), h, {{QStringLiteral("c"), QStringLiteral("x")}});
        QCOMPARE(m.text(), QByteArray("# HELP t_seconds T.\n# TYPE t_seconds histogram\n"
                                      "t_seconds_bucket{c=\"x\",le=\"0.005\"} 2\n"
                                      "t_seconds_bucket{c=\"x\",le=\"0.1\"} 3\n"
                                      "t_seconds_bucket{c=\"x\",le=\"1\"} 4\n"
                                      "t_seconds_bucket{c=\"x\",le=\"+Inf\"} 6\n"
                                      "t_seconds_sum{c=\"x\"} 5.556\n"
                                      "t_seconds_count{c=\"x\"} 6\n"));
        QCOMPARE(Histogram::exponentialBuckets(10e-9, 10, 3), (QList<double>{1e-8, 1e-7, 1e-6}));
    }

    void workQueueRecordsAddsRetriesOutcomesAndRunningWork()
    {
        WorkQueue q(2);
        q.setBackoff(1, 1);
        int calls = 0;
        WorkQueue::Finish held;
        q.setHandler([&](const QString &key, WorkQueue::Finish done) {
            ++calls;
            if (key == QLatin1String("ns/slow"))
                held = done;   // still running until the test finishes it
            else
                done(calls == 1 ? cvc::ReconcileResult::retry() : cvc::ReconcileResult::done());
        });
        q.add(QStringLiteral("ns/a"));
        q.add(QStringLiteral("ns/a"));     // deduplicated: one add
        QTRY_COMPARE_WITH_TIMEOUT(q.metrics().succeeded(), qint64(1), 2000);
        QCOMPARE(q.metrics().failed(), qint64(1));
        QCOMPARE(q.metrics().retries(), qint64(1));
        QCOMPARE(q.metrics().adds(), qint64(2));   // the first add and the retry's
        QCOMPARE(q.metrics().workDuration().count(), qint64(2));
        QCOMPARE(q.metrics().queueDuration().count(), qint64(2));

        q.add(QStringLiteral("ns/slow"));
        QTRY_VERIFY_WITH_TIMEOUT(held, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(q.metrics().longestRunningSeconds() > 0.02, 2000);
        const double longest = q.metrics().longestRunningSeconds();
        QVERIFY(q.metrics().unfinishedWorkSeconds() >= longest);   // read after: the clock only moves on
        held(cvc::ReconcileResult::done());
        QCOMPARE(q.metrics().longestRunningSeconds(), 0.0);
        QVERIFY(q.metrics().workDuration().sum() > 0.02);

        PrometheusText m;
        ControllerMetrics::write(m, QStringLiteral("thing"), q);
        const QByteArray text = m.text();
        QVERIFY(text.contains("controller_runtime_reconcile_total{controller=\"thing\",result=\"success\"} 2\n"));
        QVERIFY(text.contains("controller_runtime_reconcile_total{controller=\"thing\",result=\"error\"} 1\n"));
        QVERIFY(text.contains("controller_runtime_reconcile_errors_total{controller=\"thing\"} 1\n"));
        QVERIFY(text.contains("controller_runtime_max_concurrent_reconciles{controller=\"thing\"} 2\n"));
        QVERIFY(text.contains("workqueue_retries_total{name=\"thing\"} 1\n"));
        QVERIFY(text.contains("workqueue_adds_total{name=\"thing\"} 3\n"));
        QVERIFY(text.contains("controller_runtime_reconcile_time_seconds_count{controller=\"thing\"} 3\n"));
    }

    void deprecatedHelpNamesTheReplacement()
    {
        QCOMPARE(DeprecatedMetrics::help(QStringLiteral("cvc_leader"), QStringLiteral("1 while leading.")),
                 QStringLiteral("Deprecated: use leader_election_master_status (removed in the next release). 1 while leading."));
        QCOMPARE(DeprecatedMetrics::help(QStringLiteral("cvc_writes_total"), QStringLiteral("Writes.")), QStringLiteral("Writes."));
        for (const auto &[old, replacement] : DeprecatedMetrics::replacements()) {
            QVERIFY(old.startsWith(QLatin1String("cvc_")));
            QVERIFY(old != replacement);
        }
    }
};

QTEST_GUILESS_MAIN(TestControllerMetrics)
#include "tst_controllermetrics.moc"
