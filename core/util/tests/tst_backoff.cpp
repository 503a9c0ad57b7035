#include "util/backoff.h"

#include <QTest>

using namespace std::chrono_literals;
using cvc::Backoff;

class TestBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void doublesUpToTheCapWithoutJitter()
    {
        Backoff b(1s, 10s, 2.0, 0.0);
        QCOMPARE(b.next(), 1000ms);
        QCOMPARE(b.next(), 2000ms);
        QCOMPARE(b.next(), 4000ms);
        QCOMPARE(b.next(), 8000ms);
        QCOMPARE(b.next(), 10000ms);
        QCOMPARE(b.next(), 10000ms);
        QCOMPARE(b.attempts(), 6);
    }

    void resetStartsOver()
    {
        Backoff b(500ms, 1min, 3.0, 0.0);
        b.next();
        b.next();
        QCOMPARE(b.peekBase(), 4500ms);
        b.reset();
        QCOMPARE(b.attempts(), 0);
        QCOMPARE(b.next(), 500ms);
    }

    void jitterShortensByAtMostItsShare()
    {
        Backoff b(10s, 1min, 2.0, 0.25);
        b.setRandom([] { return 0.0; });
        QCOMPARE(b.next(), 10000ms); // no reduction
        b.setRandom([] { return 1.0; });
        QCOMPARE(b.next(), 15000ms); // 20 s less 25 %
        b.setRandom([] { return 0.5; });
        QCOMPARE(b.next(), 35000ms); // 40 s less 12.5 %
    }

    void realJitterStaysInRange()
    {
        Backoff b(1s, 1s, 2.0, 0.5);
        for (int i = 0; i < 200; ++i) {
            const auto d = b.next();
            QVERIFY(d >= 500ms && d <= 1000ms);
        }
    }

    void longOutagesDoNotOverflow()
    {
        Backoff b(1s, 5min, 2.0, 0.0);
        for (int i = 0; i < 5000; ++i)
            b.next();
        QCOMPARE(b.next(), std::chrono::milliseconds(5min));
    }

    void nonsenseSettingsAreClamped()
    {
        Backoff b(0ms, -5s, 0.5, 3.0);
        QVERIFY(b.initial() >= 1ms);
        QVERIFY(b.maximum() >= b.initial());
        QCOMPARE(b.multiplier(), 1.0);
        QCOMPARE(b.jitter(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
