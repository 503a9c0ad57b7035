// PriceSourceChain and PriceFeed over real HTTP against the fake CoinGecko and its DefiLlama and
// Coinbase stand-ins on 127.0.0.1: per-coin fallthrough, one call per source per tick, sources
// skipped while they back off, and the API key never following a redirect (review C11).
#include "coingeckoclient.h"
#include "fakecoingecko.h"
#include "pricefeed.h"
#include "pricesource.h"
#include "pricesourcechain.h"
#include "pricesourcesettings.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace std::chrono_literals;
using namespace cvc;

namespace {
const QString bitcoin = QStringLiteral("bitcoin");
const QString ethereum = QStringLiteral("ethereum");
const QString dogecoin = QStringLiteral("dogecoin");
const QString defillama = QStringLiteral("defillama");
const QString coinbase = QStringLiteral("coinbase");

int callsTo(const FakeCoinGecko &fake, const QString &prefix)
{
    int n = 0;
    for (const FakeCoinGeckoCall &c : fake.calls())
        n += c.path.startsWith(prefix) ? 1 : 0;
    return n;
}
} // namespace

class TestPriceSourceChain : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<FakeCoinGecko> m_fake;
    QObject *m_owner = nullptr;
    CoinGeckoClient *m_client = nullptr;

    PriceSourceChain *makeChain(const QStringList &order = PriceSourceSettings::defaultOrder())
    {
        CoinGeckoSettings s;
        s.rootOverride = m_fake->rootUrl().toString();
        s.requestTimeout = 2s;
        m_client = new CoinGeckoClient(s, m_owner);
        PriceSourceSettings settings;
        settings.order = order;
        settings.requestTimeout = 2s;
        settings.roots.insert(defillama, m_fake->providerRootUrl(defillama).toString());
        settings.roots.insert(coinbase, m_fake->providerRootUrl(coinbase).toString());
        PriceSourceChain *chain = settings.createChain(m_client, m_owner);
        chain->setBackoff(Backoff(300ms, 1s, 2.0, 0.0));
        return chain;
    }

    std::optional<PriceSourceChain::Outcome> tick(PriceSourceChain *chain, const QStringList &coins)
    {
        std::optional<PriceSourceChain::Outcome> out;
        chain->fetch(coins, m_owner, [&out](const PriceSourceChain::Outcome &o) { out = o; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 10000))
            qWarning("the chain did not answer within 10 s");
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_fake = std::make_unique<FakeCoinGecko>();
        m_fake->setDefaultPrices();
        QVERIFY(m_fake->listen());
        m_owner = new QObject;
    }

    void cleanup()
    {
        delete m_owner;
        m_fake.reset();
    }

    void firstSourceAnswersAllNoOtherIsAsked()
    {
        PriceSourceChain *chain = makeChain();
        const auto o = tick(chain, {bitcoin, ethereum});
        QVERIFY(o);
        QCOMPARE(o->answered, QStringList{QStringLiteral("coingecko")});
        QCOMPARE(o->quotes.value(bitcoin).source, QStringLiteral("coingecko"));
        QCOMPARE(o->quotes.value(bitcoin).price, 41222.0);
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/defillama")) + callsTo(*m_fake, QStringLiteral("/coinbase")), 0);
    }

    void missingCoinComesFromTheNextSourceOnly()
    {
        m_fake->setMissingCoins({dogecoin});
        m_fake->providers().setPrice(defillama, dogecoin, 0.0833);
        m_fake->providers().setPrice(defillama, bitcoin, 1.0); // must not override CoinGecko's
        PriceSourceChain *chain = makeChain();
        const auto o = tick(chain, {bitcoin, dogecoin, ethereum});
        QVERIFY(o);
        QCOMPARE(o->quotes.value(bitcoin).source, QStringLiteral("coingecko"));
        QCOMPARE(o->quotes.value(bitcoin).price, 41222.0);
        QCOMPARE(o->quotes.value(dogecoin).source, defillama);
        QCOMPARE(o->quotes.value(dogecoin).price, 0.0833);
        QVERIFY(o->missing.isEmpty());
        // DefiLlama was asked for dogecoin alone, Coinbase not at all.
        const QList<FakeCoinGeckoCall> calls = m_fake->calls();
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/defillama")), 1);
        for (const FakeCoinGeckoCall &c : calls) {
            if (c.path.startsWith(QLatin1String("/defillama")))
                QCOMPARE(c.path, QStringLiteral("/defillama/prices/current/coingecko:dogecoin"));
        }
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/coinbase")), 0);
    }

    void rateLimitedSourceIsSkippedUntilItsRetryAfter()
    {
        m_fake->failNext(1, 429, 2);
        PriceSourceChain *chain = makeChain();
        const QDateTime before = QDateTime::currentDateTimeUtc();
        auto o = tick(chain, {bitcoin, ethereum});
        QVERIFY(o);
        QCOMPARE(o->quotes.value(bitcoin).source, defillama);
        QCOMPARE(o->failures.size(), 1);
        QCOMPARE(o->failures.first().kind, PriceSourceResult::Kind::RateLimited);
        const QDateTime held = chain->heldUntil(QStringLiteral("coingecko"));
        QVERIFY(held >= before.addSecs(2) && held <= QDateTime::currentDateTimeUtc().addSecs(3));

        // The next tick does not call CoinGecko at all while it waits.
        const int coingeckoCalls = m_fake->callCount(QStringLiteral("/simple/price"));
        o = tick(chain, {bitcoin, ethereum});
        QVERIFY(o);
        QCOMPARE(m_fake->callCount(QStringLiteral("/simple/price")), coingeckoCalls);
        QCOMPARE(o->quotes.value(ethereum).source, defillama);
        QVERIFY(o->failures.first().skipped);

        // After Retry-After it leads again.
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() >= held, 5000);
        o = tick(chain, {bitcoin, ethereum});
        QVERIFY(o);
        QCOMPARE(o->quotes.value(bitcoin).source, QStringLiteral("coingecko"));
        QVERIFY(o->failures.isEmpty());
    }

    void retryAfterOfAYearHoldsAnHourAtMost()
    {
        m_fake->failNext(1, 429, 31536000);
        PriceSourceChain *chain = makeChain({QStringLiteral("coingecko"), defillama});
        QVERIFY(tick(chain, {bitcoin}));
        const QDateTime held = chain->heldUntil(QStringLiteral("coingecko"));
        QVERIFY(held.isValid());
        QVERIFY2(held <= QDateTime::currentDateTimeUtc().addSecs(3600), qPrintable(held.toString(Qt::ISODate)));
        QVERIFY(held >= QDateTime::currentDateTimeUtc().addSecs(3500));
    }

    void failingSourceBacksOffThenIsAskedAgain()
    {
        m_fake->providers().setDown(defillama, 503);
        m_fake->setMissingCoins({dogecoin});
        PriceSourceChain *chain = makeChain();
        auto o = tick(chain, {bitcoin, dogecoin});
        QVERIFY(o);
        QCOMPARE(o->quotes.value(dogecoin).source, coinbase);
        QCOMPARE(o->failures.size(), 1);
        QCOMPARE(o->failures.first().source, defillama);
        QVERIFY2(o->failures.first().reason.contains(QLatin1String("503")), qPrintable(o->failures.first().reason));
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/defillama")), 1);
        // Within its backoff (300 ms) DefiLlama is skipped; a malformed answer counts as a failure too.
        o = tick(chain, {bitcoin, dogecoin});
        QVERIFY(o);
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/defillama")), 1);
        m_fake->providers().setDown(defillama, 0);
        m_fake->providers().malformNext(defillama, 1);
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() >= chain->heldUntil(defillama), 3000);
        o = tick(chain, {bitcoin, dogecoin});
        QVERIFY(o);
        QCOMPARE(callsTo(*m_fake, QStringLiteral("/defillama")), 2);
        QCOMPARE(o->failures.first().kind, PriceSourceResult::Kind::Malformed);
        QCOMPARE(o->quotes.value(dogecoin).source, coinbase);
    }

    void allDownAnswersNothing()
    {
        m_fake->failNext(1, 500);
        m_fake->providers().setDown(defillama, 503);
        m_fake->providers().setDown(coinbase, 429);
        PriceSourceChain *chain = makeChain();
        const auto o = tick(chain, {bitcoin});
        QVERIFY(o);
        QVERIFY(!o->anyAnswered());
        QVERIFY(o->quotes.isEmpty());
        QCOMPARE(o->missing, QStringList{bitcoin});
        QCOMPARE(o->failures.size(), 3);
        QCOMPARE(o->failures.at(2).kind, PriceSourceResult::Kind::RateLimited);
        QVERIFY(chain->nextAvailableAt() > QDateTime::currentDateTimeUtc());
    }

    void feedUsesTheChainAndNamesItsSources()
    {
        m_fake->setMissingCoins({dogecoin});
        PriceSourceChain *chain = makeChain();
        auto *feed = new PriceFeed(chain, m_client, m_owner);
        feed->setInterval(400ms);
        feed->setMinimumSpacing(0ms);
        feed->setCoins({bitcoin, dogecoin});
        QSignalSpy sources(feed, &PriceFeed::sourcesChanged);
        feed->start();
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::Ok, 5000);
        QCOMPARE(feed->quote(dogecoin).source, defillama);
        QCOMPARE(feed->quote(bitcoin).source, QStringLiteral("coingecko"));
        QVERIFY2(feed->stateText().contains(QLatin1String("coingecko (bitcoin), defillama (dogecoin)")), qPrintable(feed->stateText()));
        QVERIFY(sources.count() >= 1);

        // CoinGecko rate limited and every fallback down: RateLimited, quotes kept but stale.
        m_fake->failNext(100, 429, 1);
        m_fake->providers().setDown(defillama, 503);
        m_fake->providers().setDown(coinbase, 503);
        QTRY_COMPARE_WITH_TIMEOUT(feed->state(), PriceFeed::State::RateLimited, 5000);
        QVERIFY(feed->quote(bitcoin).stale);
        QCOMPARE(feed->quote(bitcoin).price, 41222.0);
        QVERIFY2(feed->reason().contains(QLatin1String("DefiLlama")), qPrintable(feed->reason()));
        feed->stop();
    }

    void keyNeverFollowsARedirect()
    {
        FakeCoinGecko elsewhere;
        elsewhere.setDefaultPrices();
        QVERIFY(elsewhere.listen());
        m_fake->setRedirect(elsewhere.rootUrl());
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        s.apiKey = "CG-SECRET-DEMO-KEY";
        s.rootOverride = m_fake->rootUrl().toString();
        s.requestTimeout = 2s;
        CoinGeckoClient client(s);
        QVERIFY(client.configurationError().isEmpty());
        std::optional<CoinGeckoResult> result;
        client.get(QStringLiteral("/simple/price"), QUrlQuery{{QStringLiteral("ids"), bitcoin}, {QStringLiteral("vs_currencies"), QStringLiteral("usd")}},
                   nullptr, [&](const CoinGeckoResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY(!result->isOk());
        QVERIFY2(result->reason().contains(QLatin1String("redirect")), qPrintable(result->reason()));
        QVERIFY(!result->reason().contains(QLatin1String("SECRET")));
        // The other origin never saw the key (it was not called at all).
        for (const FakeCoinGeckoCall &c : elsewhere.calls())
            QVERIFY(!c.hasHeader("x-cg-demo-api-key"));
        QCOMPARE(elsewhere.callCount(), 0);
        // The first hop did carry it: the redirect, not the header, is what is refused.
        QCOMPARE(m_fake->calls().size(), 1);
        QVERIFY(m_fake->calls().first().hasHeader("x-cg-demo-api-key"));

        // Without a key a redirect is harmless and is followed.
        CoinGeckoSettings keyless;
        keyless.rootOverride = m_fake->rootUrl().toString();
        CoinGeckoClient open(keyless);
        result.reset();
        open.get(QStringLiteral("/simple/price"), QUrlQuery{{QStringLiteral("ids"), bitcoin}, {QStringLiteral("vs_currencies"), QStringLiteral("usd")}},
                 nullptr, [&](const CoinGeckoResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY2(result->isOk(), qPrintable(result->reason()));
        QCOMPARE(elsewhere.callCount(), 1);
    }

    void keyIsRefusedOverPlainHttpToAnotherHost()
    {
        CoinGeckoSettings s;
        s.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        s.apiKey = "CG-SECRET-DEMO-KEY";
        s.rootOverride = QStringLiteral("http://prices.example.com/api/v3");
        const QString error = CoinGeckoClient(s).configurationError();
        QVERIFY2(error.contains(QLatin1String("https")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("SECRET")));
        s.rootOverride = QStringLiteral("http://localhost:9/api/v3");
        QVERIFY(CoinGeckoClient(s).configurationError().isEmpty());
    }

    void orderFlagIsChecked()
    {
        QString error;
        QCOMPARE(PriceSourceSettings::parseOrder(QStringLiteral("defillama, CoinGecko"), &error),
                 std::optional<QStringList>({defillama, QStringLiteral("coingecko")}));
        QVERIFY(!PriceSourceSettings::parseOrder(QStringLiteral("coingecko,kraken2"), &error));
        QVERIFY2(error.contains(QLatin1String("kraken2")) && error.contains(QLatin1String("coinbase")), qPrintable(error));
        QVERIFY(!PriceSourceSettings::parseOrder(QStringLiteral("coinbase,coinbase"), &error));
        QVERIFY(!PriceSourceSettings::parseOrder(QStringLiteral(" , "), &error));
        QCOMPARE(PriceSourceSettings::defaultOrder().first(), QStringLiteral("coingecko"));
    }
};

QTEST_GUILESS_MAIN(TestPriceSourceChain)
#include "tst_pricesourcechain.moc"
