// PriceCallLedger: counts per plan and key (never the key itself), per calendar month, and a
// real file that survives a restart; a corrupt file is a clear error and an empty ledger.
#include "prices/coingeckokeyusage.h"
#include "prices/coingeckoplan.h"
#include "prices/pricecallledger.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace cvc;

namespace {
const QByteArray key = QByteArrayLiteral("CG-very-secret-demo-key");
const CoinGeckoPlan demo(CoinGeckoPlan::Kind::Demo);
const QDateTime december(QDate(2026, 12, 7), QTime(22, 0), Qt::UTC);

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
} // namespace

class TestPriceCallLedger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accountsNamePlanAndKeyFingerprint()
    {
        const QString a = PriceCallLedger::account(demo, key);
        QVERIFY(a.startsWith(QStringLiteral("demo/")));
        QCOMPARE(a.size(), 5 + 16);
        QVERIFY(!a.contains(QString::fromLatin1(key)));
        QCOMPARE(PriceCallLedger::account(demo, key), a);
        QVERIFY(PriceCallLedger::account(demo, QByteArrayLiteral("another key")) != a);
        QVERIFY(PriceCallLedger::account(CoinGeckoPlan(CoinGeckoPlan::Kind::Pro), key) != a);
        QCOMPARE(PriceCallLedger::account(CoinGeckoPlan(), {}), QStringLiteral("public/none"));
    }

    void countsPerAccountAndMonth()
    {
        PriceCallLedger ledger;
        QSignalSpy recorded(&ledger, &PriceCallLedger::countChanged);
        const QString a = PriceCallLedger::account(demo, key);
        const QString b = PriceCallLedger::account(CoinGeckoPlan(), {});
        ledger.record(a, december.addMonths(-1));
        QCOMPARE(ledger.callsThisMonth(a, december), qint64(0));   // November's calls are over
        ledger.record(a, december);
        ledger.record(a, december);
        ledger.record(b, december);
        QCOMPARE(ledger.callsThisMonth(a, december), qint64(2));
        QCOMPARE(ledger.callsThisMonth(b, december), qint64(1));
        QCOMPARE(ledger.callsThisMonth(a, december.addMonths(1)), qint64(0));
        QCOMPARE(recorded.count(), 4);
        // A clock stepped back into the old month does not reset the new one.
        ledger.record(a, december.addMonths(-1));
        QCOMPARE(ledger.callsThisMonth(a, december), qint64(2));
        // CoinGecko's own count (Pro's /key) wins.
        ledger.correct(a, 7300, december);
        QCOMPARE(ledger.callsThisMonth(a, december), qint64(7300));
        QCOMPARE(recorded.count(), 5);   // the stepped-back call was not counted
    }

    void keyUsageFromCoinGecko()
    {
        // The shape docs.coingecko.com/reference/api-usage documents for GET /key.
        const auto usage = CoinGeckoKeyUsage::parse(R"({"plan":"Other","rate_limit_request_per_minute":1000,)"
                                                     R"("monthly_call_credit":1000000,"current_total_monthly_calls":104,)"
                                                     R"("current_remaining_monthly_calls":999896})");
        QVERIFY2(usage.isValid(), qPrintable(usage.error()));
        QCOMPARE(usage.plan(), QStringLiteral("Other"));
        QCOMPARE(usage.monthlyCredits(), qint64(1000000));
        QCOMPARE(usage.callsThisMonth(), qint64(104));
        QCOMPARE(usage.remaining(), qint64(999896));
        QVERIFY(!CoinGeckoKeyUsage::parse(R"({"status":{"error_code":10005,"error_message":"Pro only"}})").isValid());
        QVERIFY(!CoinGeckoKeyUsage::parse("<html>").isValid());
    }

    void survivesARestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString a = PriceCallLedger::account(demo, key);
        {
            PriceCallLedger ledger;
            QString error;
            QVERIFY2(ledger.setStorageDirectory(dir.path(), &error), qPrintable(error));
            for (int i = 0; i < 3; ++i)
                ledger.record(a, december);
        }
        const QString path = dir.filePath(PriceCallLedger::fileName());
        QVERIFY(QFile::exists(path));
        QVERIFY2(!readAll(path).contains(key), "the key itself was written to the ledger");

        PriceCallLedger restarted;
        QString error;
        QVERIFY2(restarted.setStorageDirectory(dir.path(), &error), qPrintable(error));
        QCOMPARE(restarted.storagePath(), path);
        QCOMPARE(restarted.callsThisMonth(a, december), qint64(3));
        restarted.record(a, december);
        PriceCallLedger again;
        QVERIFY(again.setStorageDirectory(dir.path()));
        QCOMPARE(again.callsThisMonth(a, december), qint64(4));
        QCOMPARE(again.accounts(), QStringList{a});
    }

    void corruptFileIsAClearErrorAndAnEmptyLedger_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("truncated") << QByteArray("{\"version\":1,\"accounts\":{\"demo/ab") << QStringLiteral("not JSON");
        QTest::newRow("other format") << QByteArray("{\"month\":\"2026-12\",\"calls\":5}") << QStringLiteral("not a version 1 ledger");
        QTest::newRow("negative calls") << QByteArray("{\"version\":1,\"accounts\":{\"demo/x\":{\"month\":\"2026-12\",\"calls\":-4}}}")
                                        << QStringLiteral("account \"demo/x\"");
        QTest::newRow("bad month") << QByteArray("{\"version\":1,\"accounts\":{\"demo/x\":{\"month\":\"December\",\"calls\":4}}}")
                                   << QStringLiteral("account \"demo/x\"");
    }

    void corruptFileIsAClearErrorAndAnEmptyLedger()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = dir.filePath(PriceCallLedger::fileName());
        write(path, content);

        PriceCallLedger ledger;
        QString error;
        QVERIFY(!ledger.setStorageDirectory(dir.path(), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(problem), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("kept as %1.corrupt").arg(path)), qPrintable(error));
        QCOMPARE(readAll(path + QStringLiteral(".corrupt")), content);
        // Safe default: an empty ledger that goes on counting, and a valid file from the next call.
        const QString a = PriceCallLedger::account(demo, key);
        QCOMPARE(ledger.callsThisMonth(a, december), qint64(0));
        ledger.record(a, december);
        PriceCallLedger reread;
        QVERIFY2(reread.setStorageDirectory(dir.path(), &error), qPrintable(error));
        QCOMPARE(reread.callsThisMonth(a, december), qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestPriceCallLedger)
#include "tst_pricecallledger.moc"
