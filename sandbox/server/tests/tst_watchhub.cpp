#include "watchhub.h"

#include <QSignalSpy>
#include <QTest>

using namespace cvc::sandbox;

namespace {

WatchEvent makeEvent(qint64 rv, const QString &key = QStringLiteral("g/things"))
{
    WatchEvent e;
    e.storageKey = key;
    e.resourceVersion = rv;
    e.name = QString::number(rv);
    return e;
}

} // namespace

class TestWatchHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replaysEventsAfterAResourceVersion()
    {
        WatchHub hub(10);
        hub.resetFloor(5);
        for (qint64 rv = 6; rv <= 9; ++rv)
            hub.publish(makeEvent(rv, rv == 8 ? QStringLiteral("g/other") : QStringLiteral("g/things")));
        QList<WatchEvent> out;
        QVERIFY(hub.eventsSince(6, QStringLiteral("g/things"), &out));
        QCOMPARE(out.size(), 2);
        QCOMPARE(out.at(0).resourceVersion, 7);
        QCOMPARE(out.at(1).resourceVersion, 9);
        out.clear();
        QVERIFY(hub.eventsSince(5, QString(), &out));
        QCOMPARE(out.size(), 4);
        out.clear();
        QVERIFY(hub.eventsSince(9, QString(), &out));
        QVERIFY(out.isEmpty());
        QVERIFY(!hub.eventsSince(4, QString(), &out));
    }

    void expiresWhatTheRingDropped()
    {
        WatchHub hub(3);
        for (qint64 rv = 1; rv <= 5; ++rv)
            hub.publish(makeEvent(rv));
        QCOMPARE(hub.floorResourceVersion(), 2);
        QList<WatchEvent> out;
        QVERIFY(!hub.eventsSince(1, QString(), &out));
        QVERIFY(hub.eventsSince(2, QString(), &out));
        QCOMPARE(out.size(), 3);
    }

    void compactExpiresEverythingBefore()
    {
        WatchHub hub(100);
        for (qint64 rv = 1; rv <= 5; ++rv)
            hub.publish(makeEvent(rv));
        hub.compact(5);
        QList<WatchEvent> out;
        QVERIFY(!hub.eventsSince(3, QString(), &out));
        QVERIFY(hub.eventsSince(5, QString(), &out));
        QSignalSpy dropped(&hub, &WatchHub::dropRequested);
        hub.dropAllWatches();
        QCOMPARE(dropped.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWatchHub)
#include "tst_watchhub.moc"
