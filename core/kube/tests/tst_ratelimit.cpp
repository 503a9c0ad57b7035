// The client-side rate limit: TokenBucket's arithmetic and AdaptiveRate's moves, over an explicit
// clock so that every expectation is exact.
#include "adaptiverate.h"
#include "tokenbucket.h"

#include <QTest>

using namespace cvc;

namespace {

// One 250 ms window of a busy client: requests waited in the limiter, writes took `latencyMs`.
qint64 busyWindow(AdaptiveRate &rate, qint64 t, qint64 latencyMs, int status = 200)
{
    rate.noteThrottled(t);
    for (int i = 0; i < 5; ++i)
        rate.noteResponse(t + 10 + i, latencyMs, status);
    return t + 250;
}

// Busy windows with writes of `latencyMs` until the rate sits at its ceiling; returns the time.
qint64 rampToCeiling(AdaptiveRate &rate, qint64 latencyMs)
{
    qint64 t = 0;
    for (int i = 0; i < 12; ++i)
        t = busyWindow(rate, t, latencyMs);
    rate.evaluate(t);
    return t;
}

} // namespace

class TestRateLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenBucket()
    {
        TokenBucket bucket(10, 3); // 10/s, burst 3
        QCOMPARE(bucket.reserveAt(0), 0);
        QCOMPARE(bucket.reserveAt(0), 0);
        QCOMPARE(bucket.reserveAt(0), 0);
        QCOMPARE(bucket.reserveAt(0), 100);  // 4th waits one token time
        QCOMPARE(bucket.reserveAt(0), 200);
        QCOMPARE(bucket.reserveAt(1000), 0); // refilled (capped at burst)
        QCOMPARE(bucket.reserveAt(1000), 0);
    }

    void tokenBucketTryTakeReservesNothing()
    {
        TokenBucket bucket(10, 2);
        QCOMPARE(bucket.tryTakeAt(0), 0);
        QCOMPARE(bucket.tryTakeAt(0), 0);
        QCOMPARE(bucket.tryTakeAt(0), 100);  // empty: the next token in 100 ms
        QCOMPARE(bucket.tryTakeAt(50), 50);  // asking again reserved nothing
        QCOMPARE(bucket.tryTakeAt(100), 0);
        QCOMPARE(bucket.reserveAt(100), 100); // the one taken is gone
    }

    void tokenBucketChangesRateFromNowOn()
    {
        TokenBucket bucket(10, 1);
        QCOMPARE(bucket.reserveAt(0), 0);
        QCOMPARE(bucket.reserveAt(0), 100);   // reserved at the old rate
        bucket.setQpsAt(100, 0);
        QCOMPARE(bucket.reserveAt(0), 110);   // the next token comes 10 ms after the one at 100
        QCOMPARE(bucket.reserveAt(0), 120);
        bucket.setQpsAt(1, 1000);             // 1 s later: 10 tokens earned at 100/s, capped at 1
        QCOMPARE(bucket.reserveAt(1000), 0);
        QCOMPARE(bucket.reserveAt(1000), 1000);
    }

    void tokenBucketHoldsForRetryAfter()
    {
        TokenBucket bucket(100, 50); // plenty saved up
        QCOMPARE(bucket.reserveAt(0), 0);
        bucket.holdUntilAt(2000, 0);          // a 429 said Retry-After: 2
        QCOMPARE(bucket.reserveAt(0), 2000);  // one token at the end of the hold...
        QCOMPARE(bucket.reserveAt(500), 1510); // ...then the rate, not the saved-up burst
        QCOMPARE(bucket.reserveAt(2020), 0);
        // A shorter hold never shortens a longer one.
        bucket.holdUntilAt(5000, 2020);
        bucket.holdUntilAt(3000, 2020);
        QCOMPARE(bucket.reserveAt(2020), 2990); // its token was spent at 2020: the next is 10 ms after the hold
    }

    void adaptiveRateStartsAtTheFloorAndRaisesUnderDemand()
    {
        AdaptiveRate rate(AdaptiveRate::Settings{});
        QCOMPARE(rate.qps(), 20.0);
        qint64 t = 0;
        double previous = rate.qps();
        int windows = 0;
        while (rate.qps() < 1000.0 && windows < 50) {
            t = busyWindow(rate, t, 2);
            rate.evaluate(t);
            QVERIFY2(rate.qps() > previous || rate.qps() == 1000.0, qPrintable(QString::number(rate.qps())));
            previous = rate.qps();
            ++windows;
        }
        // ×1.5 per window from 20 reaches 1,000 in ten windows: 2.5 s of a burst.
        QCOMPARE(windows, 10);
        t = busyWindow(rate, t, 2);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 1000.0); // never above the ceiling
    }

    void adaptiveRateHalvesOnRefusals_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("429 Too Many Requests") << 429;
        QTest::newRow("503 Service Unavailable") << 503;
    }

    void adaptiveRateHalvesOnRefusals()
    {
        QFETCH(int, status);
        AdaptiveRate rate(AdaptiveRate::Settings{});
        qint64 t = rampToCeiling(rate, 2);
        QCOMPARE(rate.qps(), 1000.0);
        rate.noteResponse(t + 5, 2, status);
        t = busyWindow(rate, t, 2);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 500.0);
        for (int i = 0; i < 10; ++i) {
            t = busyWindow(rate, t, 2, status);
            rate.evaluate(t);
        }
        QCOMPARE(rate.qps(), 20.0); // never below the floor
        // Moves that changed nothing (already at the floor) are not counted.
        QCOMPARE(rate.changes().refused, 6);
        QCOMPARE(rate.changes().slow, 0);
    }

    void adaptiveRateBacksOffWhenLatencyRises()
    {
        AdaptiveRate rate(AdaptiveRate::Settings{});
        qint64 t = rampToCeiling(rate, 3);
        QCOMPARE(rate.qps(), 1000.0);
        QCOMPARE(rate.baselineLatencyMs(), 3);
        // Within the slack: 3 ms → 40 ms is noise, not load.
        t = busyWindow(rate, t, 40);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 1000.0);
        // 2 × 3 + 50 < 200: the server is struggling; a quarter less each window.
        t = busyWindow(rate, t, 200);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 750.0);
        t = busyWindow(rate, t, 200);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 562.5);
        for (int i = 0; i < 40; ++i)
            t = busyWindow(rate, t, 200);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 20.0);
        QCOMPARE(rate.changes().refused, 0);
        QVERIFY(rate.changes().slow >= 2);
        // A minute later the slow server is the new normal and demand raises the rate again.
        for (int i = 0; i < 240 && rate.baselineLatencyMs() < 200; ++i)
            t = busyWindow(rate, t, 200);
        QCOMPARE(rate.baselineLatencyMs(), 200);
        t = busyWindow(rate, t, 200);
        rate.evaluate(t);
        QVERIFY2(rate.qps() > 20.0, qPrintable(QString::number(rate.qps())));
    }

    void adaptiveRateIgnoresWhatIsNoSignOfLoad()
    {
        AdaptiveRate rate(AdaptiveRate::Settings{});
        qint64 t = 0;
        for (int i = 0; i < 4; ++i)
            t = busyWindow(rate, t, 3);
        rate.evaluate(t);
        const double before = rate.qps();
        // A slow LIST (latency not counted) and a transport failure (status 0) are no reason to slow down.
        rate.noteThrottled(t + 1);
        rate.noteResponse(t + 2, -1, 200);
        rate.noteResponse(t + 3, 30000, 0);
        rate.evaluate(t + 250);
        QCOMPARE(rate.qps(), before * 1.5);
    }

    void adaptiveRateDriftsBackWhenIdle()
    {
        AdaptiveRate rate(AdaptiveRate::Settings{});
        qint64 t = rampToCeiling(rate, 2);
        QCOMPARE(rate.qps(), 1000.0);
        // Answers without anyone waiting: the rate is more than the demand.
        rate.noteResponse(t + 1, 2, 200);
        rate.evaluate(t + 250);
        QCOMPARE(rate.qps(), 900.0);
        // A long quiet spell is one step, not one per window missed.
        rate.evaluate(t + 60000);
        QCOMPARE(rate.qps(), 810.0);
    }

    void adaptiveRateWithoutRoomIsFixed()
    {
        AdaptiveRate::Settings s;
        s.floorQps = 50;
        s.ceilingQps = 10; // below the floor: the floor wins
        AdaptiveRate rate(s);
        qint64 t = 0;
        for (int i = 0; i < 5; ++i)
            t = busyWindow(rate, t, 2);
        rate.evaluate(t);
        QCOMPARE(rate.qps(), 50.0);
    }
};

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
