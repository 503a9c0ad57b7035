#include "marketchartresponse.h"

#include <QTest>

using cvc::MarketChartResponse;

class TestMarketChartResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPricesInTimeOrder()
    {
        const auto r = MarketChartResponse::parse(
            R"({"prices":[[1700003600000,41300.5],[1700000000000,41222]],
                "market_caps":[[1700000000000,8.0e11]],"total_volumes":[[1700000000000,1.3e10]]})");
        QVERIFY(r.isValid());
        QCOMPARE(r.prices().size(), 2);
        QCOMPARE(r.prices().at(0).time, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(r.prices().at(0).price, 41222.0);
        QCOMPARE(r.prices().at(1).price, 41300.5);
    }

    void tinyPricesSurvive()
    {
        const auto r = MarketChartResponse::parse(R"({"prices":[[1700000000000,8.12e-06]]})");
        QVERIFY(r.prices().at(0).price == 0.00000812);
    }

    // Found by fuzz_marketchartresponse (core/prices/fuzz/corpus/marketchartresponse/crash-c88fc7ff…):
    // a time far past 9999 became a QDateTime no RFC 3339 text can carry, and past 2^63 ms the
    // conversion to qint64 was undefined behaviour. Such points are dropped like unusable prices.
    void impossibleTimesAreDropped()
    {
        const auto r = MarketChartResponse::parse(
            R"({"prices":[[1700007200000,3],[1700000003600000,2],[1e300,4],[-1e300,5],[-1,6],[1700000000000,1]]})");
        QVERIFY(r.isValid());
        QCOMPARE(r.prices().size(), 2);
        QCOMPARE(r.prices().at(0).price, 1.0);
        QCOMPARE(r.prices().at(1).price, 3.0);
        const auto last = MarketChartResponse::parse(R"({"prices":[[253402300799999,7]]})");
        QCOMPARE(last.prices().size(), 1);
        QCOMPARE(last.prices().at(0).time.date().year(), 9999);
    }

    void emptyRangeIsValid()
    {
        const auto r = MarketChartResponse::parse(R"({"prices":[],"market_caps":[],"total_volumes":[]})");
        QVERIFY(r.isValid());
        QVERIFY(r.prices().isEmpty());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << QByteArray(R"({"prices":[[1700000000000,4)");
        QTest::newRow("no prices") << QByteArray(R"({"error":"coin not found"})");
        QTest::newRow("bad pair") << QByteArray(R"({"prices":[[1700000000000]]})");
        QTest::newRow("strings") << QByteArray(R"({"prices":[["a","b"]]})");
    }

    void malformed()
    {
        QFETCH(QByteArray, body);
        const auto r = MarketChartResponse::parse(body);
        QVERIFY(!r.isValid());
        QVERIFY(r.prices().isEmpty());
        QVERIFY(r.error().contains(QLatin1String("market_chart/range")));
    }
};

QTEST_GUILESS_MAIN(TestMarketChartResponse)
#include "tst_marketchartresponse.moc"
