// The fake CoinGecko itself, over real HTTP: formats, errors and rate limits as CoinGecko documents
// them, and the admin endpoints the fake-coingecko process is controlled with.

#include "fakecoingecko.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace cvc;

struct Reply
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class TestFakeCoinGecko : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<FakeCoinGecko> m_fake;
    QNetworkAccessManager m_nam;

    Reply send(const QString &method, const QUrl &url, const HttpHeaders &headers = {}, const QByteArray &body = {})
    {
        QNetworkRequest request(url);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method.toLatin1(), body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(5000);
        Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                reply->rawHeader("Retry-After")};
        reply->deleteLater();
        return r;
    }

    Reply get(const QString &pathAndQuery, const HttpHeaders &headers = {})
    {
        return send(QStringLiteral("GET"), QUrl(m_fake->rootUrl().toString() + pathAndQuery), headers);
    }

    static QString fullPriceQuery(const QString &ids)
    {
        return QStringLiteral("/simple/price?ids=%1&vs_currencies=usd&include_24hr_change=true"
                              "&include_last_updated_at=true&precision=full").arg(ids);
    }

private Q_SLOTS:
    void init()
    {
        m_fake = std::make_unique<FakeCoinGecko>();
        QVERIFY(m_fake->listen());
    }

    void cleanup() { m_fake.reset(); }

    void ping()
    {
        const Reply r = get(QStringLiteral("/ping"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QLatin1String("gecko_says")).toString(), QStringLiteral("(V3) To the Moon!"));
    }

    void simplePriceHasCoinGeckosExactShape()
    {
        m_fake->setPrice(QStringLiteral("bitcoin"), 41222, 1.25, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        const Reply r = get(fullPriceQuery(QStringLiteral("bitcoin")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray(R"({"bitcoin":{"usd":41222,"usd_24h_change":1.25,"last_updated_at":1700000000}})"));
    }

    void optionalFieldsOnlyWhenAskedFor()
    {
        m_fake->setPrice(QStringLiteral("bitcoin"), 41222.123, 1.25, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(get(QStringLiteral("/simple/price?ids=bitcoin&vs_currencies=usd")).body,
                 QByteArray(R"({"bitcoin":{"usd":41222.12}})")); // CoinGecko rounds without precision
        QCOMPARE(get(QStringLiteral("/simple/price?ids=bitcoin&vs_currencies=usd&precision=full")).body,
                 QByteArray(R"({"bitcoin":{"usd":41222.123}})"));
        QCOMPARE(get(QStringLiteral("/simple/price?ids=bitcoin")).status, 400);
    }

    void fullPrecisionAndTinyPrices()
    {
        m_fake->setDefaultPrices();
        m_fake->setPrice(QStringLiteral("ethereum"), 3095.7612345678912);
        const QJsonObject o = get(fullPriceQuery(QStringLiteral("shiba-inu,ethereum"))).json();
        QVERIFY(o.value(QLatin1String("shiba-inu")).toObject().value(QLatin1String("usd")).toDouble() == 0.00000812);
        QVERIFY(o.value(QLatin1String("ethereum")).toObject().value(QLatin1String("usd")).toDouble() == 3095.7612345678912);
    }

    void unknownAndMissingIdsAreLeftOut()
    {
        m_fake->setDefaultPrices();
        m_fake->setMissingCoins({QStringLiteral("dogecoin")});
        const QJsonObject o = get(fullPriceQuery(QStringLiteral("bitcoin,not-a-coin,dogecoin"))).json();
        QCOMPARE(o.keys(), QStringList{QStringLiteral("bitcoin")});
        QCOMPARE(get(fullPriceQuery(QStringLiteral("not-a-coin"))).body, QByteArray("{}"));
    }

    void keysAndHosts()
    {
        m_fake->setDefaultPrices();
        // Public host: keyless and Demo keys work, a Pro key gets 10010.
        QCOMPARE(get(QStringLiteral("/ping")).status, 200);
        QCOMPARE(get(QStringLiteral("/ping"), {{"x-cg-demo-api-key", "demo"}}).status, 200);
        Reply r = get(QStringLiteral("/ping"), {{"x-cg-pro-api-key", "pro"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QLatin1String("status")).toObject().value(QLatin1String("error_code")).toInt(), 10010);
        QVERIFY(r.json().value(QLatin1String("status")).toObject().value(QLatin1String("error_message")).toString()
                    .contains(QLatin1String("pro-api.coingecko.com")));

        // Pro host: a Demo key gets 10011, no key 401, a wrong key 401, the right key (header or query) 200.
        m_fake->setFlavour(FakeCoinGecko::Flavour::Pro);
        m_fake->setApiKey("right");
        r = get(QStringLiteral("/ping"), {{"x-cg-demo-api-key", "demo"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QLatin1String("status")).toObject().value(QLatin1String("error_code")).toInt(), 10011);
        QCOMPARE(get(QStringLiteral("/ping")).status, 401);
        r = get(QStringLiteral("/ping"), {{"x-cg-pro-api-key", "wrong"}});
        QCOMPARE(r.status, 401);
        QVERIFY(r.json().value(QLatin1String("status")).isObject());
        QCOMPARE(get(QStringLiteral("/ping"), {{"x-cg-pro-api-key", "right"}}).status, 200);
        QCOMPARE(get(QStringLiteral("/ping?x_cg_pro_api_key=right")).status, 200);

        // Keys are redacted in the call log, headers and query alike.
        for (const FakeCoinGeckoCall &call : m_fake->calls()) {
            QVERIFY(!call.header("x-cg-pro-api-key").contains("right"));
            QVERIFY(!call.query.toString().contains(QLatin1String("right")));
        }
        QVERIFY(!m_fake->callsJson().contains("right"));
        QVERIFY(m_fake->callsJson().contains("<redacted>"));
    }

    void injectedRateLimitWithRetryAfter()
    {
        m_fake->setDefaultPrices();
        m_fake->failNext(2, 429, 7);
        Reply r = get(QStringLiteral("/ping"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.retryAfter, QByteArray("7"));
        QCOMPARE(r.body, QByteArray("{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit. "
                            "Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API "
                            "plans for higher rate limits.\"}}"));
        QCOMPARE(get(QStringLiteral("/ping")).status, 429);
        QCOMPARE(get(QStringLiteral("/ping")).status, 200);
        m_fake->failNext(1, 429);
        QVERIFY(get(QStringLiteral("/ping")).retryAfter.isEmpty());
    }

    void callsPerMinuteLimit()
    {
        m_fake->setRateLimitPerMinute(3);
        m_fake->setRetryAfter(42);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(get(QStringLiteral("/ping")).status, 200);
        const Reply r = get(QStringLiteral("/ping"));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.retryAfter, QByteArray("42"));
        m_fake->setRetryAfterHeader("Tue, 24 Nov 2026 12:00:45 GMT");
        QCOMPARE(get(QStringLiteral("/ping")).retryAfter, QByteArray("Tue, 24 Nov 2026 12:00:45 GMT"));
    }

    void serverErrorsMalformedAndLatency()
    {
        m_fake->setDefaultPrices();
        m_fake->failNext(1, 503);
        m_fake->failNext(1, 500);
        QCOMPARE(get(fullPriceQuery(QStringLiteral("bitcoin"))).status, 503);
        QCOMPARE(get(fullPriceQuery(QStringLiteral("bitcoin"))).status, 500);
        m_fake->malformNext(1);
        const Reply bad = get(fullPriceQuery(QStringLiteral("bitcoin")));
        QCOMPARE(bad.status, 200);
        QVERIFY(QJsonDocument::fromJson(bad.body).isNull());
        QVERIFY(!QJsonDocument::fromJson(get(fullPriceQuery(QStringLiteral("bitcoin"))).body).isNull());

        m_fake->setLatency(300);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(get(QStringLiteral("/ping")).status, 200);
        QVERIFY(timer.elapsed() >= 300);
        QCOMPARE(m_fake->callCount(QStringLiteral("/simple/price")), 4);
        QCOMPARE(m_fake->callCount(), 5);
    }

    void marketChartGranularity_data()
    {
        QTest::addColumn<qint64>("daysBack");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<qint64>("step");
        QTest::newRow("within a day of now: 5-minutely") << qint64(0) << qint64(20 * 3600) << qint64(300);
        QTest::newRow("a day long ago: hourly") << qint64(30) << qint64(20 * 3600) << qint64(3600);
        QTest::newRow("90 days: hourly") << qint64(0) << qint64(90 * 86400) << qint64(3600);
        QTest::newRow("beyond 90 days: daily") << qint64(0) << qint64(91 * 86400) << qint64(86400);
    }

    void marketChartGranularity()
    {
        QFETCH(qint64, daysBack);
        QFETCH(qint64, length);
        QFETCH(qint64, step);
        m_fake->setDefaultPrices();
        const qint64 to = QDateTime::currentSecsSinceEpoch() - daysBack * 86400;
        const Reply r = get(QStringLiteral("/coins/bitcoin/market_chart/range?vs_currency=usd&from=%1&to=%2")
                                .arg(to - length).arg(to));
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        const QJsonArray prices = o.value(QLatin1String("prices")).toArray();
        QVERIFY(o.value(QLatin1String("market_caps")).isArray());
        QVERIFY(o.value(QLatin1String("total_volumes")).isArray());
        QVERIFY(prices.size() >= 2);
        QCOMPARE(prices.size(), o.value(QLatin1String("total_volumes")).toArray().size());
        const qint64 t0 = qint64(prices.at(0).toArray().at(0).toDouble());
        const qint64 t1 = qint64(prices.at(1).toArray().at(0).toDouble());
        QCOMPARE(t1 - t0, step * 1000);
        QVERIFY(t0 >= (to - length) * 1000);
        QVERIFY(qint64(prices.last().toArray().at(0).toDouble()) <= to * 1000);
        if (step == 86400)
            QCOMPARE(t0 % (86400 * 1000), qint64(0)); // 00:00 UTC

        // Deterministic: the same range gives the same series.
        QCOMPARE(get(QStringLiteral("/coins/bitcoin/market_chart/range?vs_currency=usd&from=%1&to=%2")
                         .arg(to - length).arg(to)).body, r.body);
    }

    void marketChartErrors()
    {
        m_fake->setDefaultPrices();
        const Reply unknown = get(QStringLiteral("/coins/nope/market_chart/range?vs_currency=usd&from=1&to=2"));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json().value(QLatin1String("error")).toString(), QStringLiteral("coin not found"));
        QCOMPARE(get(QStringLiteral("/coins/bitcoin/market_chart/range?vs_currency=usd&from=x&to=2")).status, 400);
        // ISO dates work as CoinGecko documents: 2023-11-01 to 2023-11-03 is hourly.
        const Reply iso = get(QStringLiteral("/coins/bitcoin/market_chart/range?vs_currency=usd&from=2023-11-01&to=2023-11-03T00:00"));
        QCOMPARE(iso.status, 200);
        QCOMPARE(iso.json().value(QLatin1String("prices")).toArray().size(), 49);
    }

    void coinsList()
    {
        m_fake->setDefaultPrices();
        const QJsonArray list = QJsonDocument::fromJson(get(QStringLiteral("/coins/list")).body).array();
        QCOMPARE(list.size(), 4);
        QCOMPARE(list.at(0).toObject().value(QLatin1String("id")).toString(), QStringLiteral("bitcoin"));
        QCOMPARE(list.at(0).toObject().value(QLatin1String("symbol")).toString(), QStringLiteral("btc"));
    }

    void adminEndpoints()
    {
        const QString admin = QStringLiteral("http://127.0.0.1:%1/_admin").arg(m_fake->port());
        Reply r = send(QStringLiteral("POST"), QUrl(admin + QStringLiteral("/state")), {},
                       R"({"prices":{"bitcoin":{"usd":50000.5,"usd_24h_change":-1.5,"last_updated_at":1700000000}},
                           "failNext":{"count":1,"status":429,"retryAfter":3}})");
        QCOMPARE(r.status, 200);
        r = get(fullPriceQuery(QStringLiteral("bitcoin")));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.retryAfter, QByteArray("3"));
        QCOMPARE(get(fullPriceQuery(QStringLiteral("bitcoin"))).body,
                 QByteArray(R"({"bitcoin":{"usd":50000.5,"usd_24h_change":-1.5,"last_updated_at":1700000000}})"));

        r = send(QStringLiteral("GET"), QUrl(admin + QStringLiteral("/calls")));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QLatin1String("count")).toInt(), 2);
        const QJsonObject first = r.json().value(QLatin1String("calls")).toArray().at(0).toObject();
        QCOMPARE(first.value(QLatin1String("path")).toString(), QStringLiteral("/simple/price"));
        QCOMPARE(first.value(QLatin1String("status")).toInt(), 429);

        QCOMPARE(send(QStringLiteral("POST"), QUrl(admin + QStringLiteral("/state")), {}, R"({"flavour":"enterprise"})").status, 400);
        QCOMPARE(send(QStringLiteral("POST"), QUrl(admin + QStringLiteral("/state")), {}, "not json").status, 400);
        QCOMPARE(send(QStringLiteral("POST"), QUrl(admin + QStringLiteral("/state")), {},
                      R"({"prices":{"bitcoin":null},"clearCalls":true})").status, 200);
        QCOMPARE(m_fake->callCount(), 0);
        QCOMPARE(get(fullPriceQuery(QStringLiteral("bitcoin"))).body, QByteArray("{}"));
    }

    void executablePrintsOneLineAndServes()
    {
        QProcess process;
        process.setProgram(QStringLiteral(CVC_BIN_DIR "/fake-coingecko"));
        process.setArguments({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--price"),
                              QStringLiteral("bitcoin=41222:1.25")});
        process.start();
        QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        const auto match = QRegularExpression(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)$")).match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const QString root = QStringLiteral("http://127.0.0.1:%1").arg(match.captured(1));

        Reply r = send(QStringLiteral("GET"), QUrl(root + QStringLiteral("/api/v3") + fullPriceQuery(QStringLiteral("bitcoin,ethereum"))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().keys(), QStringList{QStringLiteral("bitcoin")});
        QCOMPARE(send(QStringLiteral("POST"), QUrl(root + QStringLiteral("/_admin/state")), {},
                      R"({"failNext":{"count":1,"status":503}})").status, 200);
        QCOMPARE(send(QStringLiteral("GET"), QUrl(root + QStringLiteral("/api/v3/ping"))).status, 503);
        r = send(QStringLiteral("GET"), QUrl(root + QStringLiteral("/_admin/calls")));
        QCOMPARE(r.json().value(QLatin1String("count")).toInt(), 2);

        process.terminate();
        QVERIFY(process.waitForFinished(5000));
        QVERIFY(process.readAllStandardOutput().trimmed().isEmpty()); // exactly one line
    }

    void executableRejectsBadArguments()
    {
        QProcess process;
        process.start(QStringLiteral(CVC_BIN_DIR "/fake-coingecko"), {QStringLiteral("--flavour"), QStringLiteral("gold")});
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--flavour"));
    }
};

QTEST_GUILESS_MAIN(TestFakeCoinGecko)
#include "tst_fakecoingecko.moc"
