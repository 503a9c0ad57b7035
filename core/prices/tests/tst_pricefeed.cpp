// PriceFeed against FakeCoinGecko over real HTTP on 127.0.0.1. Intervals and backoffs are shortened
// so each case runs in a few seconds; waits are signal- or condition-based, never sleeps.

#include "pricecallledger.h"
#include "coingeckoclient.h"
#include "fakecoingecko.h"
#include "pricefeed.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using namespace cvc;

namespace {
QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    if (g_previous)
        g_previous(type, context, message);
}
} // namespace

class TestPriceFeed : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<FakeCoinGecko> m_fake;

    CoinGeckoClient *makeClient(QObject *parent, CoinGeckoPlan::Kind plan = CoinGeckoPlan::Kind::Public,
                                const QByteArray &key = {})
    {
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(plan);
        s.rootOverride = m_fake->rootUrl().toString();
        s.apiKey = key;
        s.requestTimeout = 2s;
        return new CoinGeckoClient(s, parent);
    }

    // A feed that ticks fast and backs off fast, so tests take seconds.
    PriceFeed *makeFeed(CoinGeckoClient *client, std::chrono::milliseconds interval = 400ms)
    {
        auto *feed = new PriceFeed(client, client);
        feed->setInterval(interval);
        feed->setMinimumSpacing(0ms);
        feed->setBackoff(Backoff(200ms, 800ms, 2.0, 0.0));
        return feed;
    }

private Q_SLOTS:
    void init()
    {
        m_fake = std::make_unique<FakeCoinGecko>();
        m_fake->setDefaultPrices();
        QVERIFY(m_fake->listen());
    }

    void cleanup() { m_fake.reset(); }

    void oneCallPerTickForManyCoins()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        // Many CVCs, four coins, in any order and with repeats: one batched call per tick.
        QStringList coins;
        for (int i = 0; i < 250; ++i)
            coins << QStringLiteral("shiba-inu") << QStringLiteral("bitcoin") << QStringLiteral("ethereum")
                  << QStringLiteral("dogecoin");
        feed->setCoins(coins);
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 3, 10000);
        feed->stop();

        QCOMPARE(m_fake->callCount(), m_fake->callCount(QStringLiteral("/simple/price")));
        QVERIFY(m_fake->callCount() >= 3 && m_fake->callCount() <= updated.count() + 1);
        const FakeCoinGeckoCall call = m_fake->calls().first();
        QCOMPARE(call.query.queryItemValue(QStringLiteral("ids"), QUrl::FullyDecoded),
                 QStringLiteral("bitcoin,dogecoin,ethereum,shiba-inu"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("vs_currencies")), QStringLiteral("usd"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("include_24hr_change")), QStringLiteral("true"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("include_last_updated_at")), QStringLiteral("true"));
        QCOMPARE(call.query.queryItemValue(QStringLiteral("precision")), QStringLiteral("full"));
        QVERIFY(!call.hasHeader("x-cg-demo-api-key") && !call.hasHeader("x-cg-pro-api-key"));

        // Consecutive ticks are an interval apart, not a burst.
        const auto calls = m_fake->calls();
        for (int i = 1; i < calls.size(); ++i)
            QVERIFY(calls.at(i - 1).at.msecsTo(calls.at(i).at) >= 390);

        const QuoteMap quotes = feed->quotes();
        QCOMPARE(quotes.size(), 4);
        QCOMPARE(quotes.value(QStringLiteral("bitcoin")).price, 41222.0);
        QCOMPARE(quotes.value(QStringLiteral("ethereum")).price, 3095.76);
        QVERIFY(quotes.value(QStringLiteral("shiba-inu")).price == 0.00000812);
        QCOMPARE(*quotes.value(QStringLiteral("bitcoin")).change24h, 1.25);
        QVERIFY(quotes.value(QStringLiteral("bitcoin")).lastUpdatedAt.isValid());
        QCOMPARE(feed->state(), PriceFeed::State::Ok);
        QVERIFY(feed->isFresh(QStringLiteral("bitcoin"), 5s));
        QVERIFY(!feed->isFresh(QStringLiteral("bitcoin"), 5s, QDateTime::currentDateTimeUtc().addSecs(60)));
        QVERIFY(!feed->isFresh(QStringLiteral("cardano"), 5s));
        QCOMPARE(feed->client()->callsThisMonth(), qint64(m_fake->callCount()));
    }

    void priceChangesArriveOnTheNextTick()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("bitcoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(updated.wait(5000));
        m_fake->setPrice(QStringLiteral("bitcoin"), 42000.5, -2.5);
        QTRY_COMPARE_WITH_TIMEOUT(feed->quote(QStringLiteral("bitcoin")).price, 42000.5, 5000);
        QCOMPARE(*feed->quote(QStringLiteral("bitcoin")).change24h, -2.5);
    }

    void stopAndForgetStartsOverFromIdle()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("bitcoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(updated.wait(5000));
        QVERIFY(feed->quote(QStringLiteral("bitcoin")).isValid());
        // A standby forgets what it priced: leading again, nothing is valued from an old price.
        feed->stopAndForget();
        QVERIFY(!feed->isRunning());
        QVERIFY(feed->quotes().isEmpty());
        QCOMPARE(feed->state(), PriceFeed::State::Idle);
        QVERIFY(!feed->lastSuccessAt().isValid());
        QCOMPARE(feed->coins(), QStringList{QStringLiteral("bitcoin")});
        feed->start();
        QVERIFY(updated.wait(5000));
        QCOMPARE(feed->state(), PriceFeed::State::Ok);
    }

    void retryAfterIsHonoured()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("bitcoin"), QStringLiteral("ethereum")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        QSignalSpy failed(feed, &PriceFeed::feedFailed);
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        feed->start();
        QVERIFY(updated.wait(5000));

        m_fake->failNext(1, 429, 2);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::RateLimited, 5000);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.first().first().toString().contains(QLatin1String("429")));
        // The last prices stay, marked stale, and are no longer fresh for a spec change.
        QCOMPARE(feed->quote(QStringLiteral("bitcoin")).price, 41222.0);
        QVERIFY(feed->quote(QStringLiteral("bitcoin")).stale);
        QVERIFY(!feed->isFresh(QStringLiteral("bitcoin"), 1h));
        QVERIFY(feed->rateLimitedUntil().isValid());
        QVERIFY(feed->stateText().startsWith(QLatin1String("rate limited until")));

        // Asking for a refresh does not jump the queue.
        const QDateTime next = feed->refreshNow();
        QVERIFY(next >= feed->rateLimitedUntil());

        QVERIFY(recovered.wait(6000));
        QCOMPARE(feed->state(), PriceFeed::State::Ok);
        QVERIFY(!feed->quote(QStringLiteral("bitcoin")).stale);

        // No call went out before Retry-After had passed.
        const auto calls = m_fake->calls();
        int limited = -1;
        for (int i = 0; i < calls.size(); ++i) {
            if (calls.at(i).status == 429)
                limited = i;
        }
        QVERIFY(limited >= 0 && limited + 1 < calls.size());
        QVERIFY2(calls.at(limited).at.msecsTo(calls.at(limited + 1).at) >= 2000,
                 qPrintable(QString::number(calls.at(limited).at.msecsTo(calls.at(limited + 1).at))));
        QCOMPARE(feed->client()->callsByResult(QStringLiteral("rate_limited")), qint64(1));
    }

    void rateLimitWithoutRetryAfterBacksOff()
    {
        QObject owner;
        auto *client = makeClient(&owner);
        auto *feed = makeFeed(client);
        feed->setCoins({QStringLiteral("bitcoin")});
        m_fake->failNext(2, 429);
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        feed->start();
        QVERIFY(recovered.wait(6000));
        const auto calls = m_fake->calls();
        QCOMPARE(calls.size(), 3);
        // Backoff 200 ms then 400 ms: exponential, no burst.
        QVERIFY(calls.at(0).at.msecsTo(calls.at(1).at) >= 200);
        QVERIFY(calls.at(1).at.msecsTo(calls.at(2).at) >= 400);
    }

    void serverErrorsMarkStaleAndRecover()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("bitcoin"), QStringLiteral("dogecoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        QSignalSpy failed(feed, &PriceFeed::feedFailed);
        QSignalSpy callFailed(feed, &PriceFeed::callFailed);
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        feed->start();
        QVERIFY(updated.wait(5000));

        m_fake->failNext(3, 503);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::Failing, 5000);
        QVERIFY(feed->reason().contains(QLatin1String("503")));
        QVERIFY(feed->failingSince().isValid());
        QVERIFY(feed->quote(QStringLiteral("dogecoin")).stale);
        QCOMPARE(feed->quote(QStringLiteral("dogecoin")).price, 0.0821);
        QVERIFY(feed->stateText().contains(QLatin1String("failing since")));

        QVERIFY(recovered.wait(8000));
        QCOMPARE(failed.count(), 1);     // lost once, not once per retry
        QCOMPARE(callFailed.count(), 3); // every retry reported for logs
        QCOMPARE(recovered.count(), 1);
        QVERIFY(!feed->quote(QStringLiteral("dogecoin")).stale);
        QVERIFY(!feed->failingSince().isValid());
        QVERIFY(feed->reason().isEmpty());
    }

    void malformedJsonKeepsLastPrices()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("ethereum")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        feed->start();
        QVERIFY(updated.wait(5000));
        m_fake->malformNext(1);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::Failing, 5000);
        QVERIFY2(feed->reason().contains(QLatin1String("malformed JSON")), qPrintable(feed->reason()));
        QVERIFY(feed->quote(QStringLiteral("ethereum")).stale);
        QCOMPARE(feed->quote(QStringLiteral("ethereum")).price, 3095.76);
        QVERIFY(recovered.wait(5000));
    }

    void aMissingCoinIsStaleAndNamed()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner));
        feed->setCoins({QStringLiteral("bitcoin"), QStringLiteral("dogecoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(updated.wait(5000));

        m_fake->setMissingCoins({QStringLiteral("dogecoin")});
        m_fake->setPrice(QStringLiteral("bitcoin"), 40000);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::Failing, 5000);
        QCOMPARE(feed->missingCoins(), QStringList{QStringLiteral("dogecoin")});
        QVERIFY2(feed->reason().contains(QLatin1String("dogecoin")), qPrintable(feed->reason()));
        QVERIFY(feed->quote(QStringLiteral("dogecoin")).stale);
        QCOMPARE(feed->quote(QStringLiteral("dogecoin")).price, 0.0821);
        // The coins that were in the answer are current.
        QCOMPARE(feed->quote(QStringLiteral("bitcoin")).price, 40000.0);
        QVERIFY(feed->isFresh(QStringLiteral("bitcoin"), 10s));

        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        m_fake->setMissingCoins({});
        QVERIFY(recovered.wait(5000));
        QVERIFY(feed->missingCoins().isEmpty());
    }

    void droppingAnUnknownCoinRecoversAtOnce()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner), 1h);
        feed->setCoins({QStringLiteral("bitcoin"), QStringLiteral("not-a-coin")});
        QSignalSpy failed(feed, &PriceFeed::feedFailed);
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(failed.wait(5000));
        // The state was settled before the quotes went out.
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 2000);
        QCOMPARE(feed->state(), PriceFeed::State::Failing);
        QCOMPARE(feed->missingCoins(), QStringList{QStringLiteral("not-a-coin")});
        QVERIFY(!feed->quote(QStringLiteral("not-a-coin")).isValid());

        // The reconciler drops the coin nobody can price: the feed is healthy without another call.
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        const int calls = m_fake->callCount();
        feed->setCoins({QStringLiteral("bitcoin")});
        QCOMPARE(recovered.count(), 1);
        QCOMPARE(feed->state(), PriceFeed::State::Ok);
        QVERIFY(feed->isFresh(QStringLiteral("bitcoin"), 10s));
        QCOMPARE(m_fake->callCount(), calls);
        QVERIFY(feed->nextCallAt() > QDateTime::currentDateTimeUtc().addSecs(3000));
    }

    void aShortIntervalIsNotHeldBackBySpacing()
    {
        QObject owner;
        auto *feed = new PriceFeed(makeClient(&owner), &owner); // default 10 s spacing
        feed->setInterval(300ms);
        feed->setCoins({QStringLiteral("bitcoin")});
        feed->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_fake->callCount() >= 4, 5000);
    }

    void aCallInFlightIsNeverDuplicated()
    {
        QObject owner;
        auto *feed = makeFeed(makeClient(&owner), 10s);
        feed->setMinimumSpacing(1s);
        feed->setCoins({QStringLiteral("bitcoin")});
        m_fake->setLatency(500);
        QSignalSpy started(feed, &PriceFeed::callStarted);
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(started.wait(2000));
        QVERIFY(feed->isCallInFlight());
        for (int i = 0; i < 20; ++i)
            feed->refreshNow();
        feed->setCoins({QStringLiteral("bitcoin"), QStringLiteral("ethereum")});
        QVERIFY(updated.wait(3000));
        QCOMPARE(m_fake->callCount(), 1);
        // The coin added while in flight is priced next, but not sooner than the minimum spacing.
        QTRY_VERIFY_WITH_TIMEOUT(feed->quote(QStringLiteral("ethereum")).isValid(), 5000);
        const auto calls = m_fake->calls();
        QCOMPARE(calls.size(), 2);
        // Spacing runs from when the feed sent a call; the fake stamps arrival, a few ms later at most.
        QVERIFY(calls.at(0).at.msecsTo(calls.at(1).at) >= 950);
        // Hammering refreshNow() after that still respects the spacing.
        for (int i = 0; i < 20; ++i)
            feed->refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->callCount(), 3, 5000);
        QVERIFY(m_fake->calls().at(1).at.msecsTo(m_fake->calls().at(2).at) >= 950);
    }

    void refreshNowRespectsTheMonthlyBudget()
    {
        QObject owner;
        m_fake->setFlavour(FakeCoinGecko::Flavour::Public);
        auto *client = makeClient(&owner, CoinGeckoPlan::Kind::Demo, "demo-key");
        auto *feed = makeFeed(client, 1h);
        feed->setCoins({QStringLiteral("bitcoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(updated.wait(5000));
        client->callLedger()->correct(client->ledgerAccount(), 10000);
        const QDateTime planned = feed->nextCallAt();
        QCOMPARE(feed->refreshNow(), planned);
        QVERIFY(planned > QDateTime::currentDateTimeUtc().addSecs(3000));
    }

    void keyHeadersGoToTheRightRootAndAreNeverLogged()
    {
        g_messages.clear();
        g_previous = qInstallMessageHandler(capture);
        QLoggingCategory::setFilterRules(QStringLiteral("cvc.*=true"));
        const QByteArray demoKey = "CG-demo-SECRET-1234";
        const QByteArray proKey = "CG-pro-SECRET-5678";

        // Demo key on the public host: accepted, sent in x-cg-demo-api-key.
        m_fake->setApiKey(demoKey);
        {
            QObject owner;
            auto *feed = makeFeed(makeClient(&owner, CoinGeckoPlan::Kind::Demo, demoKey));
            feed->setCoins({QStringLiteral("bitcoin")});
            QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
            feed->start();
            QVERIFY(updated.wait(5000));
            const auto call = m_fake->calls().last();
            QCOMPARE(call.header("x-cg-demo-api-key"), QByteArray("<redacted>"));
            QVERIFY(!call.hasHeader("x-cg-pro-api-key"));
        }

        // A Pro key on the public host: error 10010 and a reason saying which plan to choose.
        {
            QObject owner;
            auto *feed = makeFeed(makeClient(&owner, CoinGeckoPlan::Kind::Pro, proKey));
            feed->setCoins({QStringLiteral("bitcoin")});
            QSignalSpy failed(feed, &PriceFeed::feedFailed);
            feed->start();
            QVERIFY(failed.wait(5000));
            const QString reason = failed.first().first().toString();
            QVERIFY2(reason.contains(QLatin1String("10010")), qPrintable(reason));
            QVERIFY2(reason.contains(QLatin1String("--coingecko-plan pro")), qPrintable(reason));
            QCOMPARE(m_fake->calls().last().status, 400);
        }

        // The pro host: a Pro key in x-cg-pro-api-key works; a Demo key gets 10011; a wrong key 401.
        m_fake->setFlavour(FakeCoinGecko::Flavour::Pro);
        m_fake->setApiKey(proKey);
        {
            QObject owner;
            auto *feed = makeFeed(makeClient(&owner, CoinGeckoPlan::Kind::Pro, proKey));
            feed->setCoins({QStringLiteral("bitcoin")});
            QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
            feed->start();
            QVERIFY(updated.wait(5000));
            QCOMPARE(m_fake->calls().last().header("x-cg-pro-api-key"), QByteArray("<redacted>"));
            QVERIFY(!m_fake->calls().last().hasHeader("x-cg-demo-api-key"));
        }
        {
            QObject owner;
            auto *feed = makeFeed(makeClient(&owner, CoinGeckoPlan::Kind::Demo, demoKey));
            feed->setCoins({QStringLiteral("bitcoin")});
            QSignalSpy failed(feed, &PriceFeed::feedFailed);
            feed->start();
            QVERIFY(failed.wait(5000));
            QVERIFY2(failed.first().first().toString().contains(QLatin1String("--coingecko-plan demo")),
                     qPrintable(failed.first().first().toString()));
        }
        {
            QObject owner;
            auto *feed = makeFeed(makeClient(&owner, CoinGeckoPlan::Kind::Pro, "CG-wrong-SECRET"));
            feed->setCoins({QStringLiteral("bitcoin")});
            QSignalSpy failed(feed, &PriceFeed::feedFailed);
            feed->start();
            QVERIFY(failed.wait(5000));
            QCOMPARE(m_fake->calls().last().status, 401);
            QVERIFY(failed.first().first().toString().contains(QLatin1String("--api-key-file")));
            QVERIFY(!feed->stateText().contains(QLatin1String("SECRET")));
        }

        qInstallMessageHandler(g_previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(!g_messages.isEmpty()); // the logging was on, so the check below means something
        for (const QString &m : std::as_const(g_messages))
            QVERIFY2(!m.contains(QLatin1String("SECRET")), qPrintable(m));
        for (const auto &call : m_fake->calls()) {
            for (const auto &header : call.headers)
                QVERIFY(!header.second.contains("SECRET"));
        }
    }

    void unreachableServerIsAReasonNotSilence()
    {
        QObject owner;
        CoinGeckoSettings s;
        s.rootOverride = QStringLiteral("http://127.0.0.1:1/api/v3");
        auto *client = new CoinGeckoClient(s, &owner);
        auto *feed = makeFeed(client);
        feed->setCoins({QStringLiteral("bitcoin")});
        QSignalSpy failed(feed, &PriceFeed::feedFailed);
        feed->start();
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("cannot reach CoinGecko")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(feed->nextCallAt().isValid());
    }

    void timeoutsKeepPricesAndRecover()
    {
        QObject owner;
        CoinGeckoSettings s;
        s.rootOverride = m_fake->rootUrl().toString();
        s.requestTimeout = 300ms;
        auto *feed = makeFeed(new CoinGeckoClient(s, &owner));
        feed->setCoins({QStringLiteral("bitcoin")});
        QSignalSpy updated(feed, &PriceFeed::quotesUpdated);
        feed->start();
        QVERIFY(updated.wait(5000));
        m_fake->setLatency(1000);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::Failing, 5000);
        QVERIFY2(feed->reason().contains(QLatin1String("did not answer")), qPrintable(feed->reason()));
        QVERIFY(feed->quote(QStringLiteral("bitcoin")).stale);
        QCOMPARE(feed->quote(QStringLiteral("bitcoin")).price, 41222.0);
        m_fake->setLatency(0);
        QSignalSpy recovered(feed, &PriceFeed::feedRecovered);
        QVERIFY(recovered.wait(5000));
    }

    void budgetWarningFollowsTheInterval()
    {
        QObject owner;
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        s.apiKey = "k";
        PriceFeed feed(new CoinGeckoClient(s, &owner));
        QCOMPARE(feed.interval(), std::chrono::milliseconds(300s));
        QVERIFY(feed.budgetWarning().isEmpty());
        feed.setInterval(60s);
        QVERIFY(feed.budgetWarning().contains(QLatin1String("demo")));
    }

    void configurationErrors()
    {
        QObject owner;
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        s.rootOverride = m_fake->rootUrl().toString();
        CoinGeckoClient noKey(s);
        QVERIFY(noKey.configurationError().contains(QLatin1String("needs an API key")));
        s.rootOverride = QStringLiteral("ftp://example");
        s.apiKey = "k";
        CoinGeckoClient badRoot(s);
        QVERIFY(badRoot.configurationError().contains(QLatin1String("--coingecko-url")));
    }

    // The error names the root it cannot use, but not a password given in it (review C18).
    void configurationErrorHidesUserInfo()
    {
        CoinGeckoSettings s;
        s.rootOverride = QStringLiteral("ftp://alice:s3cr3t-pw@prices.example/api/v3");
        CoinGeckoClient client(s);
        const QString error = client.configurationError();
        QVERIFY2(error.contains(QLatin1String("\"ftp://prices.example/api/v3\" is not an http(s) URL")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cr3t-pw")) && !error.contains(QLatin1String("alice")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPriceFeed)
#include "tst_pricefeed.moc"
