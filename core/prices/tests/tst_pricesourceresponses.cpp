// DefiLlama's and Coinbase's answers read into quotes: the documented samples, and bodies a proxy,
// an outage or a hostile endpoint could send instead.
#include "coinbaseratesresponse.h"
#include "defillamaresponse.h"
#include "httppricesource.h"

#include <QTest>

using namespace cvc;

namespace {
const QDateTime fetched(QDate(2026, 12, 7), QTime(20, 0, 0), Qt::UTC);
const QStringList ours{QStringLiteral("bitcoin"), QStringLiteral("dogecoin"), QStringLiteral("ethereum"),
                       QStringLiteral("shiba-inu")};
} // namespace

class TestPriceSourceResponses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defiLlamaDocumentedSample()
    {
        // The shape of https://defillama.com/docs/api, GET /prices/current/{coins}.
        const QByteArray body = R"({"coins":{"coingecko:bitcoin":{"price":41222.5,"symbol":"BTC","timestamp":1700000000,"confidence":0.99},)"
                                R"("coingecko:ethereum":{"decimals":18,"price":3095.76,"symbol":"ETH","timestamp":1700000100,"confidence":0.99}}})";
        const PriceSourceResult r = DefiLlamaResponse::parse(body, ours, fetched);
        QVERIFY(r.isOk());
        QCOMPARE(r.quotes().size(), 2);
        const Quote btc = r.quotes().value(QStringLiteral("bitcoin"));
        QCOMPARE(btc.price, 41222.5);
        QCOMPARE(btc.source, QStringLiteral("defillama"));
        QCOMPARE(btc.lastUpdatedAt, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(btc.fetchedAt, fetched);
        QCOMPARE(r.missing(), (QStringList{QStringLiteral("dogecoin"), QStringLiteral("shiba-inu")}));
    }

    void defiLlamaRefusesWhatCannotValue_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::newRow("negative") << QByteArray(R"({"price":-1,"timestamp":1700000000,"confidence":0.99})");
        QTest::newRow("zero") << QByteArray(R"({"price":0,"confidence":0.99})");
        QTest::newRow("string") << QByteArray(R"({"price":"41222","confidence":0.99})");
        QTest::newRow("null") << QByteArray(R"({"price":null})");
        QTest::newRow("low confidence") << QByteArray(R"({"price":41222,"confidence":0.2})");
        QTest::newRow("not an object") << QByteArray(R"(41222)");
    }

    void defiLlamaRefusesWhatCannotValue()
    {
        QFETCH(QByteArray, entry);
        const PriceSourceResult r = DefiLlamaResponse::parse(QByteArray("{\"coins\":{\"coingecko:bitcoin\":") + entry + "}}",
                                                            {QStringLiteral("bitcoin")}, fetched);
        QVERIFY(r.isOk());
        QVERIFY(r.quotes().isEmpty());
        QCOMPARE(r.missing(), QStringList{QStringLiteral("bitcoin")});
    }

    void defiLlamaTimeOutOfRangeIsTheFetchTime()
    {
        const PriceSourceResult r = DefiLlamaResponse::parse(
            R"({"coins":{"coingecko:bitcoin":{"price":41222,"timestamp":1700000000000000}}})", {QStringLiteral("bitcoin")}, fetched);
        QCOMPARE(r.quotes().value(QStringLiteral("bitcoin")).lastUpdatedAt, fetched);
    }

    void defiLlamaMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << QByteArray("{\"coins\":{\"coingecko:bitcoin\":{\"pri");
        QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>");
        QTest::newRow("error body") << QByteArray(R"({"message":"Internal server error"})");
        QTest::newRow("coins is a list") << QByteArray(R"({"coins":[]})");
        QTest::newRow("empty") << QByteArray();
        // Qt refuses numbers beyond a double: the whole body, not just the coin.
        QTest::newRow("overflowing number") << QByteArray(R"({"coins":{"coingecko:bitcoin":{"price":1e400}}})");
    }

    void defiLlamaMalformed()
    {
        QFETCH(QByteArray, body);
        const PriceSourceResult r = DefiLlamaResponse::parse(body, ours, fetched);
        QCOMPARE(r.kind(), PriceSourceResult::Kind::Malformed);
        QVERIFY2(r.reason().contains(QLatin1String("DefiLlama")), qPrintable(r.reason()));
        QVERIFY(r.quotes().isEmpty());
    }

    void coinbaseDocumentedSample()
    {
        // The shape of https://docs.cdp.coinbase.com/coinbase-app/track-apis/exchange-rates.
        const QByteArray body = R"({"data":{"currency":"USD","rates":{"AED":"3.6725","BTC":"0.0000242587","ETH":"0.000323",)"
                                R"("DOGE":"12.1802679658952497","EUR":"0.92","USD":"1.0"}}})";
        const PriceSourceResult r = CoinbaseRatesResponse::parse(body, ours, fetched);
        QVERIFY(r.isOk());
        QCOMPARE(r.quotes().size(), 3);
        const Quote btc = r.quotes().value(QStringLiteral("bitcoin"));
        QCOMPARE(btc.source, QStringLiteral("coinbase"));
        QVERIFY(qAbs(btc.price - 1.0 / 0.0000242587) < 1e-6);
        QVERIFY(qAbs(r.quotes().value(QStringLiteral("dogecoin")).price - 0.0821) < 1e-9);
        // Coinbase gives no time: the fetch time stands in.
        QCOMPARE(btc.lastUpdatedAt, fetched);
        QCOMPARE(r.missing(), QStringList{QStringLiteral("shiba-inu")});
    }

    void coinbaseRefusesWhatCannotValue_data()
    {
        QTest::addColumn<QByteArray>("rate");
        QTest::newRow("zero") << QByteArray(R"("0")");
        QTest::newRow("negative") << QByteArray(R"("-0.00002")");
        QTest::newRow("words") << QByteArray(R"("soon")");
        QTest::newRow("nan") << QByteArray(R"("nan")");
        QTest::newRow("inf") << QByteArray(R"("inf")");
        QTest::newRow("denormal") << QByteArray(R"("4.9e-324")");
        QTest::newRow("null") << QByteArray("null");
        QTest::newRow("object") << QByteArray(R"({"amount":"1"})");
    }

    void coinbaseRefusesWhatCannotValue()
    {
        QFETCH(QByteArray, rate);
        const PriceSourceResult r = CoinbaseRatesResponse::parse(R"({"data":{"currency":"USD","rates":{"BTC":)" + rate + "}}}",
                                                                 {QStringLiteral("bitcoin")}, fetched);
        QVERIFY(r.isOk());
        QVERIFY2(r.quotes().isEmpty(), qPrintable(QString::number(r.quotes().value(QStringLiteral("bitcoin")).price)));
        QCOMPARE(r.missing(), QStringList{QStringLiteral("bitcoin")});
    }

    void coinbaseMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << QByteArray("{\"data\":{\"currency\":\"USD\",\"rates\":{\"BTC\":\"0.00");
        QTest::newRow("errors body") << QByteArray(R"({"errors":[{"id":"internal_server_error","message":"oops"}]})");
        // Rates against EUR read as USD would misprice every CVC.
        QTest::newRow("other base") << QByteArray(R"({"data":{"currency":"EUR","rates":{"BTC":"0.00002"}}})");
        QTest::newRow("no base") << QByteArray(R"({"data":{"rates":{"BTC":"0.00002"}}})");
        QTest::newRow("not json") << QByteArray("Too Many Requests");
    }

    void coinbaseMalformed()
    {
        QFETCH(QByteArray, body);
        const PriceSourceResult r = CoinbaseRatesResponse::parse(body, ours, fetched);
        QCOMPARE(r.kind(), PriceSourceResult::Kind::Malformed);
        QVERIFY(r.quotes().isEmpty());
    }

    void errorBodiesBecomeOneShortLine()
    {
        QCOMPARE(HttpPriceSource::errorExcerpt(R"({"errors":[{"id":"rate_limit_exceeded","message":"Too many requests"}]})"),
                 QStringLiteral("Too many requests"));
        QCOMPARE(HttpPriceSource::errorExcerpt(R"({"message":"Internal server error"})"), QStringLiteral("Internal server error"));
        QCOMPARE(HttpPriceSource::errorExcerpt(R"({"errors":[]})"), QStringLiteral("{\"errors\":[]}"));
        // A page of HTML from a proxy says nothing useful in a status line.
        QVERIFY(HttpPriceSource::errorExcerpt("<html><body>" + QByteArray(5000, 'x') + "</body></html>").isEmpty());
        // Control characters (a forged log line) and length are cut.
        const QString hostile = HttpPriceSource::errorExcerpt(R"({"message":"bad\nlevel=error msg=forged\u0007"})" );
        QVERIFY2(!hostile.contains(QLatin1Char('\n')) && !hostile.contains(QChar(7)), qPrintable(hostile));
        QVERIFY(HttpPriceSource::errorExcerpt(QByteArray(10000, 'a')).size() <= 200);
    }

    void coinbaseTickersAreOnlyCertainOnes()
    {
        QCOMPARE(CoinbaseRatesResponse::ticker(QStringLiteral("shiba-inu")), QStringLiteral("SHIB"));
        QVERIFY(CoinbaseRatesResponse::ticker(QStringLiteral("btc")).isEmpty());
        QVERIFY(CoinbaseRatesResponse::ticker(QStringLiteral("some-new-token")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPriceSourceResponses)
#include "tst_pricesourceresponses.moc"
