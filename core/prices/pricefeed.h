#pragma once

#include "pricesourcechain.h"
#include "quote.h"
#include "util/backoff.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include <chrono>

class QTimer;

namespace cvc {

class CoinGeckoClient;

// Keeps USD quotes of a set of coins current with one tick of a PriceSourceChain per interval
// (one batched call per source, the next source only for coins still unpriced), however many
// CVCs use them. Keeps the last good quotes when no source answers and marks them stale; honours
// 429 Retry-After, backs off with jitter on other failures (per source, in the chain); never has
// two ticks in flight and never calls in a burst (consecutive ticks are at least minimumSpacing
// apart). Every quote names the source that gave it (Quote::source).
//
// Typical use:
//   auto *client = new CoinGeckoClient(settings, this);
//   auto *feed = new PriceFeed(PriceSourceSettings{}.createChain(client), client, this);
//   feed->setInterval(settings.plan.defaultInterval());
//   feed->setCoins({"bitcoin", "ethereum"});
//   connect(feed, &PriceFeed::quotesUpdated, …);
//   feed->start();
class PriceFeed : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,        // not started, or no call finished yet
        Ok,          // the latest tick gave a price for every coin (from whichever sources)
        RateLimited, // no source answered and the preferred one is rate limited until rateLimitedUntil()
        Failing,     // no source answered (or none had a coin) since failingSince() because reason()
    };
    Q_ENUM(State)

    // CoinGecko as the only source.
    explicit PriceFeed(CoinGeckoClient *client, QObject *parent = nullptr);
    // The sources of chain in its order; the feed becomes the chain's parent when it has none.
    // client is CoinGecko's (its plan's interval and monthly budget, shared with history), used
    // by the chain only when "coingecko" is in it.
    PriceFeed(PriceSourceChain *chain, CoinGeckoClient *client, QObject *parent = nullptr);
    ~PriceFeed() override;

    // Time between successful ticks. Default: the client's plan's defaultInterval().
    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const { return m_interval; }
    // Backoff after failures (5xx, timeouts, malformed answers, missing coins, 429 without
    // Retry-After). Default 5 s doubling up to the interval, 20 % jitter. Injectable for tests.
    void setBackoff(const Backoff &backoff);
    // The least time between two calls made out of schedule (refreshNow(), new coins). Default
    // 10 s; never more than the interval, so a short interval ticks as asked.
    void setMinimumSpacing(std::chrono::milliseconds spacing);
    // The plan's warning for the current interval (empty when it fits the monthly budget).
    QString budgetWarning() const;

    // The coins to price (CoinGecko ids). Kept sorted and unique. Adding a coin that has no quote
    // yet brings the next call forward to the earliest moment the rules allow.
    void setCoins(const QStringList &coins);
    QStringList coins() const { return m_coins; }

    void start(); // first call at once
    void stop();  // no more calls; a call in flight is abandoned
    // Stops and forgets every quote, back to Idle as before the first call: a standby that stopped
    // pricing must not value from old prices when it leads again, before its first new answer.
    void stopAndForget();
    bool isRunning() const { return m_running; }

    // Asks for a call as soon as the rules allow: not while one is in flight, not before a pending
    // Retry-After or backoff, not sooner than minimumSpacing after the previous call, and not when
    // the plan's monthly budget is used up. Returns when the next call will happen (invalid when
    // none is planned).
    QDateTime refreshNow();

    // Last known quotes (stale ones included) and one of them (invalid Quote if never priced).
    QuoteMap quotes() const { return m_quotes; }
    Quote quote(const QString &coin) const { return m_quotes.value(coin); }
    // True when coin has a price that the latest call confirmed and that is at most maxAge old.
    bool isFresh(const QString &coin, std::chrono::milliseconds maxAge,
                 const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Coins the latest successful answer did not contain (unknown ids or CoinGecko gaps).
    QStringList missingCoins() const { return m_missing; }

    State state() const { return m_state; }
    QDateTime nextCallAt() const { return m_nextCallAt; }
    QDateTime rateLimitedUntil() const;
    QDateTime failingSince() const { return m_failingSince; }
    QString reason() const { return m_reason; } // why RateLimited/Failing; empty when Ok
    QDateTime lastSuccessAt() const { return m_lastSuccessAt; }
    bool isCallInFlight() const { return m_inFlight; }
    // One line for people: "ok, prices from coingecko", "rate limited until 12:03:00 UTC: …",
    // "failing since … because …".
    QString stateText() const;
    // Which source prices which coins now (fresh quotes only), in chain order:
    // "coingecko" or "coingecko (bitcoin, ethereum), defillama (dogecoin)"; empty when none.
    QString sourcesText() const;

    // What went wrong in the latest tick, source by source (empty when every source asked answered).
    QList<PriceSourceChain::Failure> lastFailures() const { return m_lastFailures; }

    CoinGeckoClient *client() const { return m_client; }
    PriceSourceChain *chain() const { return m_chain; }

Q_SIGNALS:
    // After every successful call, and when a failed call first marks quotes stale; with all
    // quotes of the coins in use (fresh and stale).
    void quotesUpdated(const cvc::QuoteMap &quotes);
    // Once when the feed goes from working (or idle) to RateLimited or Failing.
    void feedFailed(const QString &reason);
    // Once when a call succeeds for every coin after feedFailed.
    void feedRecovered();
    // After every failed call (each retry), for logs and counters.
    void callFailed(const QString &reason);
    void stateChanged(cvc::PriceFeed::State state);
    void nextCallChanged(const QDateTime &at);
    void callStarted();
    // After a tick that changed which source prices which coin; summary as sourcesText().
    void sourcesChanged(const QString &summary);

private:
    void scheduleAt(const QDateTime &at);
    QDateTime earliestAllowed() const;
    void onTimer();
    void call();
    void onFinished(const PriceSourceChain::Outcome &outcome);
    QString failureText(const QList<PriceSourceChain::Failure> &failures) const;
    void fail(const QString &reason, const QDateTime &retryAt, State state);
    bool markStale(const QStringList &coins);
    void setState(State state, const QString &reason);
    bool recover(); // back to Ok; true when it was failing

    CoinGeckoClient *m_client;
    PriceSourceChain *m_chain;
    QTimer *m_timer;
    Backoff m_backoff;
    bool m_customBackoff = false;
    std::chrono::milliseconds m_interval;
    std::chrono::milliseconds m_minimumSpacing{10000};
    QStringList m_coins;
    QuoteMap m_quotes;
    QStringList m_missing;
    bool m_running = false;
    bool m_inFlight = false;
    bool m_failingForMissing = false; // Failing only because the answer lacked coins
    State m_state = State::Idle;
    QString m_reason;
    QDateTime m_failingSince;
    QDateTime m_lastSuccessAt;
    QDateTime m_lastCallAt;
    QDateTime m_nextCallAt;
    QDateTime m_backoffUntil;
    QString m_sourcesText;
    QList<PriceSourceChain::Failure> m_lastFailures;
};

} // namespace cvc
