#include "callcounter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using cvc::CallCounter;

class TestCallCounter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsPerMonthAndByResult()
    {
        CallCounter counter;
        QSignalSpy changed(&counter, &CallCounter::countChanged);
        const QDateTime nov(QDate(2026, 11, 30), QTime(23, 59, 0), Qt::UTC);
        counter.record(CallCounter::Result::Ok, nov);
        counter.record(CallCounter::Result::RateLimited, nov);
        counter.record(CallCounter::Result::Error, nov);
        QCOMPARE(counter.callsThisMonth(nov), qint64(3));
        QCOMPARE(changed.count(), 3);

        // A new UTC month starts at zero; the totals for Prometheus keep counting.
        const QDateTime dec(QDate(2026, 12, 1), QTime(0, 0, 1), Qt::UTC);
        QCOMPARE(counter.callsThisMonth(dec), qint64(0));
        counter.record(CallCounter::Result::Ok, dec);
        QCOMPARE(counter.callsThisMonth(dec), qint64(1));
        QCOMPARE(counter.total(CallCounter::Result::Ok), qint64(2));
        QCOMPARE(counter.total(CallCounter::Result::RateLimited), qint64(1));
        QCOMPARE(counter.total(CallCounter::Result::Error), qint64(1));
        QCOMPARE(CallCounter::label(CallCounter::Result::RateLimited), QStringLiteral("rate_limited"));
    }

    void monthIsUtc()
    {
        CallCounter counter;
        // 1 December 00:30 in UTC+2 is still 30 November in UTC.
        const QDateTime local(QDate(2026, 12, 1), QTime(0, 30), Qt::OffsetFromUTC, 7200);
        counter.record(CallCounter::Result::Ok, local);
        QCOMPARE(counter.callsThisMonth(QDateTime(QDate(2026, 11, 15), QTime(), Qt::UTC)), qint64(1));
    }

    void persistsTheMonthAcrossRestarts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state/coingecko-calls.json"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        {
            CallCounter counter;
            QVERIFY(counter.setStoragePath(path));
            for (int i = 0; i < 7; ++i)
                counter.record(CallCounter::Result::Ok, now);
        }
        CallCounter again;
        QString error;
        QVERIFY2(again.setStoragePath(path, &error), qPrintable(error));
        QCOMPARE(again.callsThisMonth(now), qint64(7));
        QCOMPARE(again.total(CallCounter::Result::Ok), qint64(0));
    }

    void lastMonthsFileStartsAtZero()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("calls.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"month":"1999-01","calls":9999})");
        file.close();
        CallCounter counter;
        QVERIFY(counter.setStoragePath(path));
        QCOMPARE(counter.callsThisMonth(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestCallCounter)
#include "tst_callcounter.moc"
