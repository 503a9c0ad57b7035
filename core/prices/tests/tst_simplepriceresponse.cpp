#include "simplepriceresponse.h"

#include <QTest>

using cvc::SimplePriceResponse;

class TestSimplePriceResponse : public QObject
{
    Q_OBJECT
private:
    const QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(2, 0), Qt::UTC);
    const QStringList m_all = {QStringLiteral("bitcoin"), QStringLiteral("dogecoin"),
                               QStringLiteral("ethereum"), QStringLiteral("shiba-inu")};

private Q_SLOTS:
    void readsCoinGeckosShape()
    {
        const auto r = SimplePriceResponse::parse(
            R"({"bitcoin":{"usd":41222,"usd_24h_change":1.25,"last_updated_at":1700000000}})",
            {QStringLiteral("bitcoin")}, m_now);
        QVERIFY(r.isValid());
        const auto q = r.quotes().value(QStringLiteral("bitcoin"));
        QCOMPARE(q.coin, QStringLiteral("bitcoin"));
        QCOMPARE(q.price, 41222.0);
        QVERIFY(q.change24h);
        QCOMPARE(*q.change24h, 1.25);
        QCOMPARE(q.lastUpdatedAt, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(q.fetchedAt, m_now);
        QVERIFY(!q.stale);
        QVERIFY(r.missing().isEmpty());
    }

    void keepsFullPrecision()
    {
        const auto r = SimplePriceResponse::parse(
            R"({"ethereum":{"usd":3095.7612345678912,"usd_24h_change":-0.8412093812093},
                "shiba-inu":{"usd":0.00000812,"last_updated_at":1700000001},
                "dogecoin":{"usd":8.123456789e-02}})",
            m_all, m_now);
        QVERIFY(r.isValid());
        QCOMPARE(r.quotes().value(QStringLiteral("ethereum")).price, 3095.7612345678912);
        QCOMPARE(*r.quotes().value(QStringLiteral("ethereum")).change24h, -0.8412093812093);
        // Exact, not fuzzy: tiny prices must survive digit for digit.
        QVERIFY(r.quotes().value(QStringLiteral("shiba-inu")).price == 0.00000812);
        QVERIFY(r.quotes().value(QStringLiteral("dogecoin")).price == 0.08123456789);
        QCOMPARE(r.missing(), QStringList{QStringLiteral("bitcoin")});
    }

    void scientificNotationAsCoinGeckoSendsTinyPrices()
    {
        const auto r = SimplePriceResponse::parse(R"({"shiba-inu":{"usd":8.12e-06}})",
                                                  {QStringLiteral("shiba-inu")}, m_now);
        QVERIFY(r.quotes().value(QStringLiteral("shiba-inu")).price == 0.00000812);
    }

    void missingFieldsAreOptional()
    {
        const auto r = SimplePriceResponse::parse(
            R"({"bitcoin":{"usd":41222,"usd_24h_change":null},"ethereum":{"usd":3000}})",
            {QStringLiteral("bitcoin"), QStringLiteral("ethereum")}, m_now);
        QVERIFY(r.isValid());
        QVERIFY(!r.quotes().value(QStringLiteral("bitcoin")).change24h);
        QVERIFY(!r.quotes().value(QStringLiteral("ethereum")).lastUpdatedAt.isValid());
        QVERIFY(r.missing().isEmpty());
    }

    // Found by fuzz_simplepriceresponse (core/prices/fuzz/corpus/simplepriceresponse/crash-01079f09…):
    // last_updated_at past 2^63 s was converted to qint64 (undefined behaviour), and milliseconds
    // sent by mistake became a time 55,000 years ahead that the object's status cannot carry.
    // The price stays; the impossible time is dropped.
    void impossibleUpdateTimesAreDropped()
    {
        const auto r = SimplePriceResponse::parse(
            R"({"bitcoin":{"usd":41222,"last_updated_at":173244123456789129600},)"
            R"("ethereum":{"usd":3000,"last_updated_at":1732449610000},"dogecoin":{"usd":0.1,"last_updated_at":1732449610}})",
            {QStringLiteral("bitcoin"), QStringLiteral("ethereum"), QStringLiteral("dogecoin")}, m_now);
        QVERIFY(r.isValid());
        QCOMPARE(r.quotes().value(QStringLiteral("bitcoin")).price, 41222.0);
        QVERIFY(!r.quotes().value(QStringLiteral("bitcoin")).lastUpdatedAt.isValid());
        QVERIFY(!r.quotes().value(QStringLiteral("ethereum")).lastUpdatedAt.isValid());
        QCOMPARE(r.quotes().value(QStringLiteral("dogecoin")).lastUpdatedAt,
                 QDateTime::fromSecsSinceEpoch(1732449610, Qt::UTC));
    }

    void unusablePricesCountAsMissing()
    {
        const auto r = SimplePriceResponse::parse(
            R"({"bitcoin":{},"dogecoin":{"usd":"0.08"},"ethereum":{"usd":null},"shiba-inu":{"eur":1}})",
            m_all, m_now);
        QVERIFY(r.isValid());
        QVERIFY(r.quotes().isEmpty());
        QCOMPARE(r.missing(), m_all);
    }

    void unknownIdsAreLeftOutLikeCoinGeckoDoes()
    {
        const auto r = SimplePriceResponse::parse(R"({"bitcoin":{"usd":1}})",
                                                  {QStringLiteral("not-a-coin"), QStringLiteral("bitcoin")}, m_now);
        QCOMPARE(r.missing(), QStringList{QStringLiteral("not-a-coin")});
        QCOMPARE(r.quotes().size(), 1);
    }

    void malformedBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << QByteArray(R"({"bitcoin":{"usd":412)");
        QTest::newRow("html") << QByteArray("<html>502 Bad Gateway</html>");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("error body") << QByteArray(R"({"status":{"error_code":429,"error_message":"x"}})");
    }

    void malformedBodies()
    {
        QFETCH(QByteArray, body);
        const auto r = SimplePriceResponse::parse(body, m_all, m_now);
        QVERIFY(!r.isValid());
        QVERIFY(r.error().contains(QLatin1String("/simple/price")));
        QVERIFY(r.quotes().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSimplePriceResponse)
#include "tst_simplepriceresponse.moc"
