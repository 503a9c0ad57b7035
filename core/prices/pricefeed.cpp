#include "pricefeed.h"
#include "coingeckoclient.h"
#include "coingeckopricesource.h"
#include "pricesource.h"

#include <QTimer>

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


PriceSourceChain *coinGeckoOnly(CoinGeckoClient *client)
{
    auto *chain = new PriceSourceChain;
    chain->addSource(new CoinGeckoPriceSource(client));
    return chain;
}
} // namespace

PriceFeed::PriceFeed(CoinGeckoClient *client, QObject *parent)
    : PriceFeed(coinGeckoOnly(client), client, parent)
{
}

PriceFeed::PriceFeed(PriceSourceChain *chain, CoinGeckoClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_chain(chain)
    , m_timer(new QTimer(this))
    , m_interval(client ? client->plan().defaultInterval() : std::chrono::milliseconds(60s))
{
    if (!m_chain->parent())
        m_chain->setParent(this);
    m_backoff = defaultBackoff(m_interval);
    m_chain->setBackoff(m_backoff);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &PriceFeed::onTimer);
}

PriceFeed::~PriceFeed() = default;

void PriceFeed::setInterval(std::chrono::milliseconds interval)
{
    m_interval = std::max<std::chrono::milliseconds>(interval, 1ms);
    if (!m_customBackoff) {
        m_backoff = defaultBackoff(m_interval);
        m_chain->setBackoff(m_backoff);
    }
    // A healthy feed moves its next tick to the new interval; a failing one keeps its retry time.
    if (m_running && !m_inFlight && (m_state == State::Ok || m_state == State::Idle) && m_lastCallAt.isValid())
        scheduleAt(later(m_lastCallAt.addMSecs(m_interval.count()), earliestAllowed()));
}

void PriceFeed::setBackoff(const Backoff &backoff)
{
    m_backoff = backoff;
    m_chain->setBackoff(backoff);
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

void PriceFeed::stopAndForget()
{
    stop();
    m_quotes.clear();
    m_missing.clear();
    m_lastFailures.clear();
    m_sourcesText.clear();
    m_lastSuccessAt = {};
    m_failingSince = {};
    m_backoffUntil = {};
    m_failingForMissing = false;
    m_backoff.reset();
    setState(State::Idle, {});
}

QDateTime PriceFeed::refreshNow()
{
    if (!m_running)
        return {};
    if (m_inFlight)
        return m_lastCallAt; // the call in flight answers this request too
    // CoinGecko's monthly budget bounds out-of-schedule calls while CoinGecko leads the chain.
    const int budget = m_client ? m_client->plan().monthlyBudget() : 0;
    if (budget > 0 && m_chain->ids().value(0) == QLatin1String("coingecko")
        && m_client->callsThisMonth() >= budget)
        return m_nextCallAt;
    const QDateTime at = earliestAllowed();
    if (!m_nextCallAt.isValid() || at < m_nextCallAt)
        scheduleAt(at);
    return m_nextCallAt;
}

QString PriceFeed::budgetWarning() const
{
    return m_client ? m_client->plan().budgetWarning(m_interval) : QString();
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
    case State::Ok:
        return m_sourcesText.isEmpty() ? QStringLiteral("ok") : QStringLiteral("ok, prices from %1").arg(m_sourcesText);
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
    // Not before some source may be asked (CoinGecko's hold includes 429s on history requests).
    at = later(at, m_chain->nextAvailableAt());
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
    m_inFlight = true;
    m_lastCallAt = QDateTime::currentDateTimeUtc();
    m_nextCallAt = {};
    Q_EMIT nextCallChanged(m_nextCallAt);
    Q_EMIT callStarted();
    m_chain->fetch(m_coins, this, [this](const PriceSourceChain::Outcome &outcome) { onFinished(outcome); });
}

QString PriceFeed::failureText(const QList<PriceSourceChain::Failure> &failures) const
{
    QStringList reasons;
    for (const PriceSourceChain::Failure &f : failures) {
        reasons.append(f.skipped ? QStringLiteral("%1 not asked until %2 (%3)")
                                       .arg(f.displayName, f.heldUntil.toString(QStringLiteral("HH:mm:ss 'UTC'")), f.reason)
                                 : f.reason);
    }
    return reasons.join(QStringLiteral("; then "));
}

QString PriceFeed::sourcesText() const
{
    QStringList parts;
    QStringList used;
    for (const QString &id : m_chain->ids()) {
        QStringList coins;
        for (const QString &coin : m_coins) {
            const auto it = m_quotes.constFind(coin);
            if (it != m_quotes.cend() && !it->stale && it->source == id)
                coins.append(coin);
        }
        if (!coins.isEmpty()) {
            used.append(id);
            parts.append(QStringLiteral("%1 (%2)").arg(id, coins.join(QStringLiteral(", "))));
        }
    }
    // One source for everything is the usual case: just its name.
    return used.size() == 1 ? used.constFirst() : parts.join(QStringLiteral(", "));
}

void PriceFeed::onFinished(const PriceSourceChain::Outcome &outcome)
{
    m_inFlight = false;
    if (!m_running)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_failingForMissing = false;
    m_lastFailures = outcome.failures;

    // In every branch the state is settled before quotesUpdated, so a listener that reads state()
    // while handling the quotes sees the state that goes with them.
    if (!outcome.anyAnswered()) {
        const bool changed = markStale(m_coins);
        // The preferred source's trouble names the state: a rate-limited CoinGecko stays
        // RateLimited while the fallbacks fail too.
        const bool limited = !outcome.failures.isEmpty()
            && outcome.failures.constFirst().kind == PriceSourceResult::Kind::RateLimited;
        const QString reason = outcome.failures.isEmpty() ? m_chain->configurationError() : failureText(outcome.failures);
        fail(reason, m_chain->nextAvailableAt(now), limited ? State::RateLimited : State::Failing);
        // Only the change to stale is news: repeated failures must not re-emit every tick.
        if (changed)
            Q_EMIT quotesUpdated(m_quotes);
        return;
    }

    const QuoteMap fresh = outcome.quotes;
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
        if (m_coins.contains(it.key())) // the set may have shrunk while the call was in flight
            m_quotes.insert(it.key(), it.value());
    }
    m_missing.clear();
    for (const QString &coin : outcome.missing) {
        if (m_coins.contains(coin))
            m_missing.append(coin);
    }
    m_lastSuccessAt = now;
    const QString sources = sourcesText();
    const bool sourcesMoved = sources != m_sourcesText;
    m_sourcesText = sources;

    if (!m_missing.isEmpty()) {
        markStale(m_missing);
        m_failingForMissing = true;
        QStringList names;
        for (const QString &id : outcome.answered)
            names.append(m_chain->source(id)->displayName());
        QString reason = QStringLiteral("%1 returned no USD price for %2; check the coin id against "
                                        "/coins/list, keeping the last price and retrying with backoff")
                             .arg(names.join(QStringLiteral(" and ")), m_missing.join(QStringLiteral(", ")));
        if (!outcome.failures.isEmpty())
            reason += QStringLiteral("; also %1").arg(failureText(outcome.failures));
        fail(reason, now.addMSecs(m_backoff.next().count()), State::Failing);
        Q_EMIT quotesUpdated(m_quotes);
        if (sourcesMoved)
            Q_EMIT sourcesChanged(m_sourcesText);
        return;
    }

    const bool recovered = recover();
    Q_EMIT quotesUpdated(m_quotes);
    if (recovered)
        Q_EMIT feedRecovered();
    if (sourcesMoved)
        Q_EMIT sourcesChanged(m_sourcesText);

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
