#include "json/kubetime.h"

#include <QTest>
#include <QTimeZone>

using cvc::KubeTime;

class TestKubeTime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void format()
    {
        const QDateTime t(QDate(2026, 11, 24), QTime(1, 2, 3, 123), Qt::UTC);
        QCOMPARE(KubeTime::format(t), QStringLiteral("2026-11-24T01:02:03Z"));
        QCOMPARE(KubeTime::formatMicro(t), QStringLiteral("2026-11-24T01:02:03.123000Z"));
        QCOMPARE(KubeTime::formatMicro(t, 123456), QStringLiteral("2026-11-24T01:02:03.123456Z"));
        QCOMPARE(KubeTime::formatMicro(t, 7), QStringLiteral("2026-11-24T01:02:03.000007Z"));
        // Local times are converted to UTC.
        const QDateTime plusTwo(QDate(2026, 11, 24), QTime(3, 2, 3), Qt::OffsetFromUTC, 7200);
        QCOMPARE(KubeTime::format(plusTwo), QStringLiteral("2026-11-24T01:02:03Z"));
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime base(QDate(2026, 11, 24), QTime(1, 2, 3), Qt::UTC);
        QTest::newRow("seconds") << "2026-11-24T01:02:03Z" << base;
        QTest::newRow("micro") << "2026-11-24T01:02:03.123456Z" << base.addMSecs(123);
        QTest::newRow("nano") << "2026-11-24T01:02:03.5Z" << base.addMSecs(500);
        QTest::newRow("offset") << "2026-11-24T03:02:03+02:00" << base;
        QTest::newRow("negative offset") << "2026-11-23T23:02:03-02:00" << base;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const std::optional<QDateTime> parsed = KubeTime::parse(text);
        QVERIFY(parsed);
        QCOMPARE(*parsed, expected);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }

    void parseRejects()
    {
        QVERIFY(!KubeTime::parse(QStringLiteral("")));
        QVERIFY(!KubeTime::parse(QStringLiteral("2026-11-24")));
        QVERIFY(!KubeTime::parse(QStringLiteral("2026-11-24 01:02:03Z")));
        QVERIFY(!KubeTime::parse(QStringLiteral("2026-13-24T01:02:03Z")));
        QVERIFY(!KubeTime::parse(QStringLiteral("yesterday")));
        // Found by fuzz_kubetime (core/json/fuzz/corpus/kubetime/crash-d3271323…): an offset carried
        // the time past 9999 (or before year 1) in UTC, where format() wrote "10000-01-01T11:59:59Z",
        // which does not parse back.
        QVERIFY(!KubeTime::parse(QStringLiteral("9999-12-31T23:59:59-12:00")));
        QVERIFY(!KubeTime::parse(QStringLiteral("0001-01-01T00:00:00+01:00")));
        QCOMPARE(KubeTime::parse(QStringLiteral("9999-12-31T23:59:59+12:00"))->date().year(), 9999);
        QCOMPARE(KubeTime::parse(QStringLiteral("0001-01-01T00:00:00-01:00"))->date().year(), 1);
    }

    void humanDuration_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        // The examples of kube-api.md §1.7 plus the boundaries of each branch.
        QTest::newRow("0s") << qint64(0) << "0s";
        QTest::newRow("95s") << qint64(95) << "95s";
        QTest::newRow("119s") << qint64(119) << "119s";
        QTest::newRow("2m") << qint64(120) << "2m";
        QTest::newRow("3m20s") << qint64(200) << "3m20s";
        QTest::newRow("9m59s") << qint64(599) << "9m59s";
        QTest::newRow("10m") << qint64(600) << "10m";
        QTest::newRow("45m") << qint64(45 * 60 + 30) << "45m";
        QTest::newRow("179m") << qint64(3 * 3600 - 1) << "179m";
        QTest::newRow("3h") << qint64(3 * 3600) << "3h";
        QTest::newRow("5h3m") << qint64(5 * 3600 + 3 * 60 + 59) << "5h3m";
        QTest::newRow("8h") << qint64(8 * 3600) << "8h";
        QTest::newRow("30h") << qint64(30 * 3600 + 59 * 60) << "30h";
        QTest::newRow("2d") << qint64(48 * 3600) << "2d";
        QTest::newRow("3d4h") << qint64(3 * 86400 + 4 * 3600 + 100) << "3d4h";
        QTest::newRow("8d") << qint64(8 * 86400) << "8d";
        QTest::newRow("400d") << qint64(400 * 86400) << "400d";
        QTest::newRow("2y") << qint64(2 * 365 * 86400) << "2y";
        QTest::newRow("2y10d") << qint64((2 * 365 + 10) * 86400) << "2y10d";
        QTest::newRow("9y") << qint64(9 * 365 * 86400 + 5 * 86400) << "9y";
    }
    void humanDuration()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(KubeTime::humanDuration(seconds * 1000), expected);
    }

    void futureTimes()
    {
        QCOMPARE(KubeTime::humanDuration(-500), QStringLiteral("0s"));
        QCOMPARE(KubeTime::humanDuration(-1999), QStringLiteral("0s"));
        QCOMPARE(KubeTime::humanDuration(-2000), QStringLiteral("<invalid>"));
        const QDateTime now(QDate(2026, 11, 24), QTime(1, 0, 0), Qt::UTC);
        QCOMPARE(KubeTime::age(now.addSecs(10), now), QStringLiteral("<invalid>"));
        QCOMPARE(KubeTime::age(now.addSecs(-200), now), QStringLiteral("3m20s"));
    }
};

QTEST_APPLESS_MAIN(TestKubeTime)
#include "tst_kubetime.moc"
