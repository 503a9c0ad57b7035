// PriceSourceSwitchTracker: a switch is said once per change of which coins a fallback source
// prices, and the return once; quiet ticks and ticks without a fresh price say nothing.
#include "prices/pricesourceswitchtracker.h"
#include "prices/pricesourcerequestcounts.h"
#include "prices/pricesourceresult.h"

#include <QtTest>

using namespace cvc;

namespace {
const QStringList order{QStringLiteral("coingecko"), QStringLiteral("defillama"), QStringLiteral("coinbase")};

QuoteMap quotes(const QList<QPair<QString, QString>> &coinSource, bool stale = false)
{
    QuoteMap map;
    for (const auto &[coin, source] : coinSource) {
        Quote q;
        q.coin = coin;
        q.source = source;
        q.price = 1;
        q.stale = stale;
        map.insert(coin, q);
    }
    return map;
}

QList<PriceSourceChain::Failure> coinGeckoLimited()
{
    PriceSourceChain::Failure f;
    f.source = QStringLiteral("coingecko");
    f.displayName = QStringLiteral("CoinGecko");
    f.kind = PriceSourceResult::Kind::RateLimited;
    f.reason = QStringLiteral("CoinGecko rate limit reached (HTTP 429)");
    return {f};
}
} // namespace

class TestPriceSourceSwitchTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void preferredSourceForEverythingIsNoNews()
    {
        PriceSourceSwitchTracker t;
        QVERIFY(!t.update(order, quotes({{"bitcoin", "coingecko"}, {"ethereum", "coingecko"}}), {}));
    }

    void switchIsSaidOnceWithSourcesCoinsAndWhy()
    {
        PriceSourceSwitchTracker t;
        QVERIFY(!t.update(order, quotes({{"bitcoin", "coingecko"}, {"ethereum", "coingecko"}}), {}));
        const auto s = t.update(order, quotes({{"bitcoin", "defillama"}, {"ethereum", "defillama"}}), coinGeckoLimited());
        QVERIFY(s);
        QCOMPARE(s->kind, PriceSourceSwitch::Kind::Switched);
        QCOMPARE(s->coins, QStringList({"bitcoin", "ethereum"}));
        QCOMPARE(s->message, QStringLiteral("prices now from DefiLlama (bitcoin, ethereum) instead of CoinGecko, because "
                                            "CoinGecko rate limit reached (HTTP 429)"));
        // The next ticks price the same way: nothing new.
        QVERIFY(!t.update(order, quotes({{"bitcoin", "defillama"}, {"ethereum", "defillama"}}), coinGeckoLimited()));
    }

    void aCoinTheAnswerLackedIsNamed()
    {
        PriceSourceSwitchTracker t;
        const auto s = t.update(order, quotes({{"bitcoin", "coingecko"}, {"ethereum", "coinbase"}}), {});
        QVERIFY(s);
        QCOMPARE(s->coins, QStringList({"ethereum"}));
        QCOMPARE(s->message, QStringLiteral("prices now from Coinbase (ethereum) instead of CoinGecko, because "
                                            "CoinGecko's answer did not include ethereum"));
    }

    void aChangeAmongFallbacksIsANewSwitch()
    {
        PriceSourceSwitchTracker t;
        QVERIFY(t.update(order, quotes({{"bitcoin", "defillama"}, {"ethereum", "defillama"}}), coinGeckoLimited()));
        const auto s = t.update(order, quotes({{"bitcoin", "coinbase"}, {"ethereum", "defillama"}}), coinGeckoLimited());
        QVERIFY(s);
        QVERIFY2(s->message.startsWith(QStringLiteral("prices now from DefiLlama (ethereum) and Coinbase (bitcoin) instead of CoinGecko")),
                 qPrintable(s->message));
    }

    void returnIsSaidOnce()
    {
        PriceSourceSwitchTracker t;
        QVERIFY(t.update(order, quotes({{"bitcoin", "defillama"}, {"ethereum", "coingecko"}}), coinGeckoLimited()));
        const auto back = t.update(order, quotes({{"bitcoin", "coingecko"}, {"ethereum", "coingecko"}}), {});
        QVERIFY(back);
        QCOMPARE(back->kind, PriceSourceSwitch::Kind::Returned);
        QCOMPARE(back->coins, QStringList({"bitcoin"}));
        QCOMPARE(back->message, QStringLiteral("prices come from CoinGecko again for every coin; until now from DefiLlama (bitcoin)"));
        QVERIFY(!t.update(order, quotes({{"bitcoin", "coingecko"}, {"ethereum", "coingecko"}}), {}));
    }

    void staleQuotesAreNotASwitch()
    {
        PriceSourceSwitchTracker t;
        QVERIFY(t.update(order, quotes({{"bitcoin", "defillama"}}), coinGeckoLimited()));
        // Every source failed: the quotes are kept, stale; that is not a return to CoinGecko.
        QVERIFY(!t.update(order, quotes({{"bitcoin", "defillama"}}, true), coinGeckoLimited()));
        QCOMPARE(t.fallback().value(QStringLiteral("bitcoin")), QStringLiteral("defillama"));
    }

    void requestCountsByCode()
    {
        PriceSourceRequestCounts counts;
        PriceSourceResult limited = PriceSourceResult::failed(PriceSourceResult::Kind::RateLimited, QStringLiteral("429"));
        limited.setHttpStatus(429);
        PriceSourceResult ok = PriceSourceResult::ok({}, {});
        ok.setHttpStatus(200);
        counts.record(QStringLiteral("coingecko"), limited);
        counts.record(QStringLiteral("coingecko"), limited);
        counts.record(QStringLiteral("defillama"), ok);
        counts.record(QStringLiteral("defillama"), PriceSourceResult::failed(PriceSourceResult::Kind::Timeout, QStringLiteral("slow")));
        // No request went out (the source knew none of the coins): not counted.
        counts.record(QStringLiteral("coinbase"), PriceSourceResult::ok({}, {QStringLiteral("bitcoin")}));
        QCOMPARE(counts.requests(QStringLiteral("coingecko"), QStringLiteral("429")), 2);
        QCOMPARE(counts.requests(QStringLiteral("defillama"), QStringLiteral("200")), 1);
        QCOMPARE(counts.requests(QStringLiteral("defillama"), QStringLiteral("timeout")), 1);
        QCOMPARE(counts.counts().size(), 3);
        QCOMPARE(counts.counts().constFirst().source, QStringLiteral("coingecko"));
    }
};

QTEST_GUILESS_MAIN(TestPriceSourceSwitchTracker)
#include "tst_pricesourceswitchtracker.moc"
