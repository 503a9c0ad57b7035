#include "pricecallledger.h"
#include "coingeckoclient.h"
#include "fakecoingecko.h"
#include "pricehistoryclient.h"
#include "pricehistoryrequest.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using namespace cvc;

class TestPriceHistoryClient : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<FakeCoinGecko> m_fake;
    std::unique_ptr<CoinGeckoClient> m_client;
    std::unique_ptr<PriceHistoryClient> m_history;

private Q_SLOTS:
    void init()
    {
        m_fake = std::make_unique<FakeCoinGecko>();
        m_fake->setDefaultPrices();
        QVERIFY(m_fake->listen());
        CoinGeckoSettings s;
        s.rootOverride = m_fake->rootUrl().toString();
        s.requestTimeout = 2s;
        m_client = std::make_unique<CoinGeckoClient>(s);
        m_history = std::make_unique<PriceHistoryClient>(m_client.get());
        m_history->setBackoff(Backoff(100ms, 400ms, 2.0, 0.0));
        m_history->setMinimumSpacing(0ms);
    }

    void cleanup()
    {
        m_history.reset();
        m_client.reset();
        m_fake.reset();
    }

    void hourlySeriesForAWeek()
    {
        const QDateTime to = QDateTime::currentDateTimeUtc();
        const QDateTime from = to.addDays(-7);
        auto *request = m_history->fetch(QStringLiteral("bitcoin"), from, to);
        QSignalSpy finished(request, &PriceHistoryRequest::finished);
        QVERIFY(finished.wait(5000));
        const auto series = finished.first().first().value<PriceSeries>();
        QVERIFY(series.size() >= 167 && series.size() <= 169);
        QCOMPARE(series.first().time.secsTo(series.at(1).time), 3600);
        QVERIFY(series.first().time >= from.addSecs(-1) && series.last().time <= to);
        for (const auto &p : series)
            QVERIFY(p.price > 41222 * 0.9 && p.price < 41222 * 1.1);

        const auto call = m_fake->calls().last();
        QCOMPARE(call.path, QStringLiteral("/coins/bitcoin/market_chart/range"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("vs_currency")), QStringLiteral("usd"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("from")), QString::number(from.toSecsSinceEpoch()));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("to")), QString::number(to.toSecsSinceEpoch()));
        QCOMPARE(m_client->callsThisMonth(), qint64(1));
    }

    void retriesAfterRateLimitAndServerErrors()
    {
        m_fake->failNext(1, 429, 1);
        m_fake->failNext(1, 500);
        const QDateTime to = QDateTime::currentDateTimeUtc();
        auto *request = m_history->fetch(QStringLiteral("shiba-inu"), to.addSecs(-6 * 3600), to);
        QSignalSpy finished(request, &PriceHistoryRequest::finished);
        QVERIFY(finished.wait(8000));
        const auto series = finished.first().first().value<PriceSeries>();
        // Within a day of now: 5-minutely.
        QCOMPARE(series.first().time.secsTo(series.at(1).time), 300);
        QVERIFY(series.first().price < 0.00001);
        const auto calls = m_fake->calls();
        QCOMPARE(calls.size(), 3);
        QVERIFY(calls.at(0).at.msecsTo(calls.at(1).at) >= 1000); // Retry-After: 1
    }

    void unknownCoinFailsAtOnce()
    {
        auto *request = m_history->fetch(QStringLiteral("no-such-coin"), QDateTime::currentDateTimeUtc().addDays(-1),
                                         QDateTime::currentDateTimeUtc());
        QSignalSpy failed(request, &PriceHistoryRequest::failed);
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains(QLatin1String("no-such-coin")));
        QCOMPARE(m_fake->callCount(), 1);
    }

    void givesUpAfterMaxAttempts()
    {
        m_history->setMaxAttempts(2);
        m_fake->failNext(5, 503);
        auto *request = m_history->fetch(QStringLiteral("bitcoin"), QDateTime::currentDateTimeUtc().addDays(-200),
                                         QDateTime::currentDateTimeUtc());
        QSignalSpy failed(request, &PriceHistoryRequest::failed);
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("2 attempts")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(m_fake->callCount(), 2);
    }

    void malformedAnswerIsRetried()
    {
        m_fake->malformNext(1);
        auto *request = m_history->fetch(QStringLiteral("ethereum"), QDateTime::currentDateTimeUtc().addDays(-200),
                                         QDateTime::currentDateTimeUtc());
        QSignalSpy finished(request, &PriceHistoryRequest::finished);
        QVERIFY(finished.wait(5000));
        const auto series = finished.first().first().value<PriceSeries>();
        QCOMPARE(series.first().time.secsTo(series.at(1).time), 86400); // beyond 90 days: daily
        QCOMPARE(series.first().time.time(), QTime(0, 0));
        QCOMPARE(m_fake->callCount(), 2);
    }

    void waitsForTheFeedsRateLimit()
    {
        m_client->holdUntil(QDateTime::currentDateTimeUtc().addMSecs(1000));
        const QDateTime asked = QDateTime::currentDateTimeUtc();
        auto *request = m_history->fetch(QStringLiteral("bitcoin"), asked.addDays(-2), asked);
        QSignalSpy finished(request, &PriceHistoryRequest::finished);
        QVERIFY(finished.wait(5000));
        QVERIFY(asked.msecsTo(m_fake->calls().first().at) >= 900);
    }

    void monthlyBudgetUsedUpMeansNoBackfill()
    {
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        s.apiKey = "demo-key";
        s.rootOverride = m_fake->rootUrl().toString();
        CoinGeckoClient client(s);
        PriceHistoryClient history(&client);
        client.callLedger()->correct(client.ledgerAccount(), 10000);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto *request = history.fetch(QStringLiteral("bitcoin"), now.addDays(-1), now);
        QSignalSpy failed(request, &PriceHistoryRequest::failed);
        QVERIFY(failed.wait(2000));
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("used up")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(m_fake->callCount(), 0);
    }

    void backfillOfManyCoinsIsNoBurst()
    {
        // The public plan's default: 60 s over 5 calls a minute.
        QCOMPARE(PriceHistoryClient(m_client.get()).minimumSpacing(), std::chrono::milliseconds(12000));

        m_history->setMinimumSpacing(300ms);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<PriceHistoryRequest *> requests;
        for (const char *coin : {"bitcoin", "ethereum", "dogecoin", "shiba-inu"})
            requests << m_history->fetch(QString::fromLatin1(coin), now.addDays(-3), now);
        QSignalSpy last(requests.last(), &PriceHistoryRequest::finished);
        QVERIFY(last.wait(5000));
        const auto calls = m_fake->calls();
        QCOMPARE(calls.size(), 4);
        QCOMPARE(calls.at(0).path, QStringLiteral("/coins/bitcoin/market_chart/range"));
        QCOMPARE(calls.at(3).path, QStringLiteral("/coins/shiba-inu/market_chart/range"));
        for (int i = 1; i < calls.size(); ++i)
            QVERIFY2(calls.at(i - 1).at.msecsTo(calls.at(i).at) >= 280,
                     qPrintable(QString::number(calls.at(i - 1).at.msecsTo(calls.at(i).at))));
    }

    void badRangeIsRefused()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto *request = m_history->fetch(QStringLiteral("bitcoin"), now, now.addDays(-1));
        QSignalSpy failed(request, &PriceHistoryRequest::failed);
        QVERIFY(failed.wait(2000));
        QCOMPARE(m_fake->callCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPriceHistoryClient)
#include "tst_pricehistoryclient.moc"
