#include "operator/pricemetrics.h"
#include "operator/deprecatedmetrics.h"
#include "operator/prometheustext.h"

#include "prices/coingeckoclient.h"
#include "prices/pricefeed.h"

#include <QMap>

#include <algorithm>

namespace cvc {

void PriceMetrics::write(PrometheusText &m, const PriceFeed &feed, const BudgetGovernor::Decision *budget, const QDateTime &now)
{
    if (const CoinGeckoClient *client = feed.client()) {
        for (const char *result : {"ok", "rate_limited", "error"})
            m.counter(QStringLiteral("cvc_price_calls_total"),
                      DeprecatedMetrics::help(QStringLiteral("cvc_price_calls_total"), QStringLiteral("CoinGecko /simple/price and history calls by result.")),
                      double(client->callsByResult(QString::fromLatin1(result))), {{QStringLiteral("result"), QString::fromLatin1(result)}});
        m.gauge(QStringLiteral("cvc_price_calls_this_month"),
                DeprecatedMetrics::help(QStringLiteral("cvc_price_calls_this_month"), QStringLiteral("CoinGecko calls counted this calendar month.")),
                double(client->callsThisMonth(now)));
    }
    const bool stale = feed.state() == PriceFeed::State::RateLimited || feed.state() == PriceFeed::State::Failing;
    m.gauge(QStringLiteral("cvc_price_feed_stale"), QStringLiteral("1 when the price feed is rate limited or failing."), stale ? 1 : 0);
    m.gauge(QStringLiteral("cvc_price_coins"), QStringLiteral("Coins priced per call."), double(feed.coins().size()));

    const QString requestsHelp = QStringLiteral("Requests to each price source by answer: the HTTP status, or timeout, "
                                                "or error when no HTTP answer came.");
    for (const PriceSourceRequestCounts::Count &c : feed.chain()->requestCounts().counts())
        m.counter(QStringLiteral("cvc_price_source_requests_total"), requestsHelp, double(c.requests),
                  {{QStringLiteral("source"), c.source}, {QStringLiteral("code"), c.code}});

    // Per coin, every price in use (a stale one too: its growing age is what alerts watch).
    QList<Quote> inUse = feed.quotes().values();
    std::sort(inUse.begin(), inUse.end(), [](const Quote &a, const Quote &b) { return a.coin < b.coin; });
    const auto ageOf = [&now](const Quote &q) {
        const QDateTime at = q.lastUpdatedAt.isValid() ? q.lastUpdatedAt : q.fetchedAt;
        return double(std::max<qint64>(0, at.msecsTo(now))) / 1000.0;
    };
    for (const Quote &q : std::as_const(inUse))
        m.gauge(QStringLiteral("cvc_price_usd"), QStringLiteral("The price in use for each coin, in USD, and the source that gave it."),
                q.price, {{QStringLiteral("coin"), q.coin}, {QStringLiteral("source"), q.source}});
    for (const Quote &q : std::as_const(inUse))
        m.gauge(QStringLiteral("cvc_price_age_seconds"),
                QStringLiteral("Age of the price in use for each coin (the source's time, else the fetch time); grows while the feed fails."),
                ageOf(q), {{QStringLiteral("coin"), q.coin}, {QStringLiteral("source"), q.source}});

    // Per source in chain order: how many coins it prices now (fresh quotes only) and the age of
    // its oldest price in use, by the source's own time where it gives one.
    QMap<QString, int> coins;
    QMap<QString, qint64> oldestAgeMs;
    const QuoteMap quotes = feed.quotes();
    for (const Quote &q : quotes) {
        if (q.stale)
            continue;
        ++coins[q.source];
        oldestAgeMs[q.source] = std::max(oldestAgeMs.value(q.source), qint64(ageOf(q) * 1000.0));
    }
    const QStringList ids = feed.chain()->ids();
    for (const QString &id : ids)
        m.gauge(QStringLiteral("cvc_price_source_coins"), QStringLiteral("Coins each price source prices now (fresh prices only)."),
                double(coins.value(id)), {{QStringLiteral("source"), id}});
    for (const QString &id : ids) {
        if (coins.contains(id))
            m.gauge(QStringLiteral("cvc_price_source_age_seconds"),
                    DeprecatedMetrics::help(QStringLiteral("cvc_price_source_age_seconds"),
                                            QStringLiteral("Age of the oldest price in use from each source (the source's time, else the fetch time).")),
                    double(oldestAgeMs.value(id)) / 1000.0, {{QStringLiteral("source"), id}});
    }

    const auto secondsOf = [](std::chrono::milliseconds d) { return double(d.count()) / 1000.0; };
    const QString intervalHelp = QStringLiteral("Seconds between price ticks: asked (--interval or the plan's default) and "
                                                "effective (stretched by the CoinGecko budget governor, never shortened).");
    m.gauge(QStringLiteral("cvc_price_interval_seconds"), intervalHelp,
            secondsOf(budget ? budget->asked : feed.interval()), {{QStringLiteral("interval"), QStringLiteral("asked")}});
    m.gauge(QStringLiteral("cvc_price_interval_seconds"), intervalHelp, secondsOf(feed.interval()),
            {{QStringLiteral("interval"), QStringLiteral("effective")}});
    if (!budget)
        return;
    const PrometheusText::Labels plan{{QStringLiteral("plan"), budget->plan}};
    m.gauge(QStringLiteral("cvc_price_interval_stretched"),
            QStringLiteral("1 while the budget governor polls CoinGecko slower than asked (plan credits or cache time)."),
            budget->stretched() ? 1 : 0);
    m.gauge(QStringLiteral("cvc_price_credits_used"), QStringLiteral("CoinGecko calls counted this calendar month (UTC) for this plan and key."),
            double(budget->used), plan);
    if (budget->credits <= 0)
        return; // the public plan has no monthly credits
    m.gauge(QStringLiteral("cvc_price_credits_monthly"), QStringLiteral("The plan's monthly CoinGecko call credits."),
            double(budget->credits), plan);
    m.gauge(QStringLiteral("cvc_price_credits_remaining"), QStringLiteral("Monthly credits not yet used (by our own count)."),
            double(std::max<qint64>(0, budget->credits - budget->used)), plan);
    m.gauge(QStringLiteral("cvc_price_credits_projected"),
            QStringLiteral("Calls this month at the effective interval: used plus the calls to the month's end."),
            double(budget->projected), plan);
}

} // namespace cvc
