#include "coingeckoresult.h"

#include <QTest>

using namespace std::chrono_literals;
using cvc::CoinGeckoPlan;
using cvc::CoinGeckoResult;

class TestCoinGeckoResult : public QObject
{
    Q_OBJECT
private:
    const QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
    const QUrl m_root = QUrl(QStringLiteral("https://api.coingecko.com/api/v3"));

    CoinGeckoResult classify(int status, const QByteArray &body, const QByteArray &retryAfter = {},
                             CoinGeckoPlan::Kind plan = CoinGeckoPlan::Kind::Public)
    {
        return CoinGeckoResult::fromHttp(status, body, retryAfter, m_now, CoinGeckoPlan(plan), m_root);
    }

private Q_SLOTS:
    void ok()
    {
        const auto r = classify(200, "{}");
        QVERIFY(r.isOk());
        QCOMPARE(r.metricLabel(), QStringLiteral("ok"));
    }

    void rateLimitedWithRetryAfter()
    {
        const auto r = classify(429, R"({"status":{"error_code":429,"error_message":"You have exceeded the Rate Limit."}})", "30");
        QCOMPARE(r.kind(), CoinGeckoResult::Kind::RateLimited);
        QCOMPARE(r.errorCode(), 429);
        QVERIFY(r.retryAfter());
        QCOMPARE(*r.retryAfter(), 30000ms);
        QVERIFY2(r.reason().contains(QLatin1String("30 s")), qPrintable(r.reason()));
        QCOMPARE(r.metricLabel(), QStringLiteral("rate_limited"));
    }

    void rateLimitedWithoutRetryAfter()
    {
        const auto r = classify(429, "");
        QCOMPARE(r.kind(), CoinGeckoResult::Kind::RateLimited);
        QVERIFY(!r.retryAfter());
        QVERIFY(r.reason().contains(QLatin1String("backing off")));
    }

    void serverErrors()
    {
        const auto r = classify(503, "<html>Service Unavailable</html>");
        QCOMPARE(r.kind(), CoinGeckoResult::Kind::ServerError);
        QVERIFY(r.reason().contains(QLatin1String("503")));
        QCOMPARE(r.metricLabel(), QStringLiteral("error"));
    }

    void proKeyOnThePublicRoot()
    {
        const auto r = classify(400, R"({"status":{"error_code":10010,"error_message":"If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com"}})",
                                {}, CoinGeckoPlan::Kind::Demo);
        QCOMPARE(r.kind(), CoinGeckoResult::Kind::ClientError);
        QCOMPARE(r.errorCode(), 10010);
        QVERIFY2(r.reason().contains(QLatin1String("--coingecko-plan pro")), qPrintable(r.reason()));
    }

    void demoKeyOnTheProRoot()
    {
        // The shape some hosts send: error_code beside status rather than inside it.
        const auto r = classify(400, R"({"timestamp":"2025-09-01T13:07:05Z","error_code":10011,"status":{"error_message":"If you are using Demo API key, please change your root URL from pro-api.coingecko.com to api.coingecko.com"}})",
                                {}, CoinGeckoPlan::Kind::Pro);
        QCOMPARE(r.errorCode(), 10011);
        QVERIFY2(r.reason().contains(QLatin1String("--coingecko-plan demo")), qPrintable(r.reason()));
    }

    void refusedKey()
    {
        const auto r = classify(401, R"({"status":{"error_code":10002,"error_message":"You have provided incorrect API key credentials."}})",
                                {}, CoinGeckoPlan::Kind::Demo);
        QCOMPARE(r.kind(), CoinGeckoResult::Kind::ClientError);
        QVERIFY2(r.reason().contains(QLatin1String("--api-key-file")), qPrintable(r.reason()));
        QVERIFY(r.reason().contains(QLatin1String("demo")));
    }

    void timeoutsAndNetworkErrors()
    {
        const auto t = CoinGeckoResult::timeout(15s, m_root);
        QCOMPARE(t.kind(), CoinGeckoResult::Kind::Timeout);
        QVERIFY(t.reason().contains(QLatin1String("15 s")));
        const auto n = CoinGeckoResult::networkError(QStringLiteral("Connection refused"), m_root);
        QCOMPARE(n.kind(), CoinGeckoResult::Kind::NetworkError);
        QVERIFY(n.reason().contains(QLatin1String("Connection refused")));
        QVERIFY(n.reason().contains(QLatin1String("--coingecko-url")));
    }
};

QTEST_GUILESS_MAIN(TestCoinGeckoResult)
#include "tst_coingeckoresult.moc"
