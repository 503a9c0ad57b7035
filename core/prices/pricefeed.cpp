#include "pricefeed.h"
#include "callcounter.h"
#include "coingeckoclient.h"
#include "coingeckoresult.h"
#include "simplepriceresponse.h"

#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

using namespace std::chrono_literals;

namespace cvc {

namespace {
QDateTime later(const QDateTime &a, const QDateTime &b)
{
    if (!a.isValid())
        return b;
    if (!b.isValid())
        return a;
    return std::max(a, b);
}

Backoff defaultBackoff(std::chrono::milliseconds interval)
{
    // Never wait longer after a failure than a healthy feed waits between ticks.
    return Backoff(std::min<std::chrono::milliseconds>(5s, interval), std::max<std::chrono::milliseconds>(interval, 5s));
}
} // namespace

PriceFeed::PriceFeed(CoinGeckoClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_timer(new QTimer(this))
    , m_interval(client->plan().defaultInterval())
{
    m_backoff = defaultBackoff(m_interval);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PriceFeed::onTimer);
}

PriceFeed::~PriceFeed() = default;

void PriceFeed::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max<std::chrono::milliseconds>(interval, 1ms);
    if (!m_customBackoff)
        m_backoff = defaultBackoff(m_interval);
    // A healthy feed moves its next tick to the new interval; a failing one keeps its retry time.
    if (m_running && !m_inFlight && (m_state == State::Ok || m_state == State::Idle) && m_lastCallAt.isValid())
        scheduleAt(later(m_lastCallAt.addMSecs(m_interval.count()), earliestAllowed()));
}

void PriceFeed::setBackoff(const Backoff &backoff)
{
    m_backoff = backoff;
    m_customBackoff = true;
}

void PriceFeed::setMinimumSpacing(std::chrono::milliseconds spacing)
{
    m_minimumSpacing = std::max<std::chrono::milliseconds>(spacing, 0ms);
}

void PriceFeed::setCoins(const QStringList &coins)
{
    QStringList sorted;
    for (const QString &c : coins) {
        const QString id = c.trimmed();
        if (!id.isEmpty())
            sorted.append(id);
    }
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    if (sorted == m_coins)
        return;
    m_coins = sorted;

    // Forget coins no CVC uses any more so quotes() and missingCoins() describe the current set.
    for (auto it = m_quotes.begin(); it != m_quotes.end();) {
        if (m_coins.contains(it.key()))
            ++it;
        else
            it = m_quotes.erase(it);
    }
    m_missing.erase(std::remove_if(m_missing.begin(), m_missing.end(),
                                   [this](const QString &c) { return !m_coins.contains(c); }),
                    m_missing.end());

    // The feed failed only because of coins nobody uses any more: the rest is current.
    if (m_failingForMissing && m_missing.isEmpty() && m_state == State::Failing) {
        if (recover())
            Q_EMIT feedRecovered();
        if (m_running && !m_inFlight)
            scheduleAt(later(m_lastCallAt.addMSecs(m_interval.count()), earliestAllowed()));
    }

    const bool unpriced = std::any_of(m_coins.cbegin(), m_coins.cend(),
                                      [this](const QString &c) { return !m_quotes.contains(c); });
    if (m_running && unpriced)
        refreshNow();
}

bool PriceFeed::recover()
{
    const bool wasFailing = m_state == State::Failing || m_state == State::RateLimited;
    m_backoff.reset();
    m_backoffUntil = {};
    m_failingSince = {};
    m_failingForMissing = false;
    setState(State::Ok, {});
    return wasFailing;
}

void PriceFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    if (!m_inFlight)
        scheduleAt(earliestAllowed());
}

void PriceFeed::stop()
{
    m_running = false;
    m_timer->stop();
    if (m_nextCallAt.isValid()) {
        m_nextCallAt = {};
        Q_EMIT nextCallChanged(m_nextCallAt);
    }
}

QDateTime PriceFeed::refreshNow()
{
    if (!m_running)
        return {};
    if (m_inFlight)
        return m_lastCallAt; // the call in flight answers this request too
    const int budget = m_client->plan().monthlyBudget();
    if (budget > 0 && m_client->callCounter()->callsThisMonth() >= budget)
        return m_nextCallAt;
    const QDateTime at = earliestAllowed();
    if (!m_nextCallAt.isValid() || at < m_nextCallAt)
        scheduleAt(at);
    return m_nextCallAt;
}

QString PriceFeed::budgetWarning() const
{
    return m_client->plan().budgetWarning(m_interval);
}

bool PriceFeed::isFresh(const QString &coin, std::chrono::milliseconds maxAge, const QDateTime &now) const
{
    const auto it = m_quotes.constFind(coin);
    if (it == m_quotes.cend() || it->stale || !it->fetchedAt.isValid())
        return false;
    return it->fetchedAt.msecsTo(now) <= maxAge.count();
}

QDateTime PriceFeed::rateLimitedUntil() const
{
    return m_state == State::RateLimited ? m_backoffUntil : QDateTime();
}

QString PriceFeed::stateText() const
{
    const auto hms = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("HH:mm:ss 'UTC'")); };
    switch (m_state) {
    case State::Idle: return QStringLiteral("waiting for the first price");
    case State::Ok: return QStringLiteral("ok");
    case State::RateLimited:
        return QStringLiteral("rate limited until %1: %2").arg(hms(m_backoffUntil), m_reason);
    case State::Failing:
        return QStringLiteral("failing since %1 because %2; next try at %3")
            .arg(hms(m_failingSince), m_reason, m_nextCallAt.isValid() ? hms(m_nextCallAt) : QStringLiteral("—"));
    }
    return {};
}

QDateTime PriceFeed::earliestAllowed() const
{
    QDateTime at = QDateTime::currentDateTimeUtc();
    // Ticks the user asked for (a short --interval) are never held back by the spacing meant for
    // out-of-schedule calls.
    if (m_lastCallAt.isValid())
        at = later(at, m_lastCallAt.addMSecs(std::min(m_minimumSpacing, m_interval).count()));
    at = later(at, m_backoffUntil);
    at = later(at, m_client->rateLimitedUntil());
    return at;
}

void PriceFeed::scheduleAt(const QDateTime &at)
{
    m_nextCallAt = at;
    const qint64 wait = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
    m_timer->start(int(std::min<qint64>(wait, std::numeric_limits<int>::max())));
    Q_EMIT nextCallChanged(m_nextCallAt);
}

void PriceFeed::onTimer()
{
    if (!m_running || m_inFlight)
        return;
    // A history request may have hit a 429 since this tick was planned.
    const QDateTime allowed = earliestAllowed();
    if (QDateTime::currentDateTimeUtc().msecsTo(allowed) > 0) {
        scheduleAt(allowed);
        return;
    }
    call();
}

void PriceFeed::call()
{
    if (m_coins.isEmpty()) {
        // Nothing to price: no call until setCoins() brings a coin.
        m_nextCallAt = {};
        Q_EMIT nextCallChanged(m_nextCallAt);
        return;
    }
    const QStringList coins = m_coins;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("ids"), coins.join(QLatin1Char(',')));
    query.addQueryItem(QStringLiteral("vs_currencies"), QStringLiteral("usd"));
    query.addQueryItem(QStringLiteral("include_24hr_change"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("include_last_updated_at"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("precision"), QStringLiteral("full"));

    m_inFlight = true;
    m_lastCallAt = QDateTime::currentDateTimeUtc();
    m_nextCallAt = {};
    Q_EMIT nextCallChanged(m_nextCallAt);
    Q_EMIT callStarted();
    m_client->get(QStringLiteral("/simple/price"), query, this,
                  [this, coins](const CoinGeckoResult &result) { onFinished(result, coins); });
}

void PriceFeed::onFinished(const CoinGeckoResult &result, const QStringList &coins)
{
    m_inFlight = false;
    if (!m_running)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_failingForMissing = false;

    // In every branch the state is settled before quotesUpdated, so a listener that reads state()
    // while handling the quotes sees the state that goes with them.
    if (result.kind() == CoinGeckoResult::Kind::RateLimited) {
        const bool changed = markStale(m_coins);
        // Without Retry-After, back off and tell the client so history requests wait as well.
        const QDateTime retryAt = result.retryAfter() ? now.addMSecs(result.retryAfter()->count())
                                                      : now.addMSecs(m_backoff.next().count());
        m_client->holdUntil(retryAt);
        fail(result.reason(), retryAt, State::RateLimited);
        // Only the change to stale is news: repeated failures must not re-emit every tick.
        if (changed)
            Q_EMIT quotesUpdated(m_quotes);
        return;
    }
    if (!result.isOk()) {
        const bool changed = markStale(m_coins);
        fail(result.reason(), now.addMSecs(m_backoff.next().count()), State::Failing);
        if (changed)
            Q_EMIT quotesUpdated(m_quotes);
        return;
    }

    const SimplePriceResponse response = SimplePriceResponse::parse(result.body(), coins, now);
    if (!response.isValid()) {
        const bool changed = markStale(m_coins);
        fail(response.error() + QStringLiteral("; keeping the last prices and retrying with backoff"),
             now.addMSecs(m_backoff.next().count()), State::Failing);
        if (changed)
            Q_EMIT quotesUpdated(m_quotes);
        return;
    }

    const QuoteMap fresh = response.quotes();
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
        if (m_coins.contains(it.key())) // the set may have shrunk while the call was in flight
            m_quotes.insert(it.key(), it.value());
    }
    m_missing.clear();
    for (const QString &coin : response.missing()) {
        if (m_coins.contains(coin))
            m_missing.append(coin);
    }
    m_lastSuccessAt = now;

    if (!m_missing.isEmpty()) {
        markStale(m_missing);
        m_failingForMissing = true;
        fail(QStringLiteral("CoinGecko returned no USD price for %1; check the coin id against "
                            "/coins/list, keeping the last price and retrying with backoff")
                 .arg(m_missing.join(QStringLiteral(", "))),
             now.addMSecs(m_backoff.next().count()), State::Failing);
        Q_EMIT quotesUpdated(m_quotes);
        return;
    }

    const bool recovered = recover();
    Q_EMIT quotesUpdated(m_quotes);
    if (recovered)
        Q_EMIT feedRecovered();

    // Coins added while the call was in flight need their price now, not in a full interval.
    const bool unpriced = std::any_of(m_coins.cbegin(), m_coins.cend(),
                                      [this](const QString &c) { return !m_quotes.contains(c); });
    scheduleAt(unpriced ? earliestAllowed() : later(now.addMSecs(m_interval.count()), earliestAllowed()));
}

void PriceFeed::fail(const QString &reason, const QDateTime &retryAt, State state)
{
    const bool wasHealthy = m_state == State::Ok || m_state == State::Idle;
    m_backoffUntil = retryAt;
    if (!m_failingSince.isValid())
        m_failingSince = QDateTime::currentDateTimeUtc();
    setState(state, reason);
    Q_EMIT callFailed(reason);
    if (wasHealthy)
        Q_EMIT feedFailed(reason);
    scheduleAt(earliestAllowed());
}

bool PriceFeed::markStale(const QStringList &coins)
{
    bool changed = false;
    for (const QString &coin : coins) {
        auto it = m_quotes.find(coin);
        if (it != m_quotes.end() && !it->stale) {
            it->stale = true;
            changed = true;
        }
    }
    return changed;
}

void PriceFeed::setState(State state, const QString &reason)
{
    const bool changed = state != m_state || reason != m_reason;
    m_state = state;
    m_reason = reason;
    if (changed)
        Q_EMIT stateChanged(m_state);
}

} // namespace cvc
