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
