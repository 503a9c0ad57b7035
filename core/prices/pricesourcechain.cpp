#include "pricesourcechain.h"
#include "pricesource.h"
#include "retryafter.h"

#include <QPointer>

#include <algorithm>

using namespace std::chrono_literals;

namespace cvc {

struct PriceSourceChain::Run
{
    QStringList remaining;
    Outcome outcome;
    QPointer<QObject> context;
    bool hadContext = false;
    Callback done;
};

PriceSourceChain::PriceSourceChain(QObject *parent)
    : QObject(parent)
    , m_backoff(5s, 5min)
{
}

PriceSourceChain::~PriceSourceChain() = default;

void PriceSourceChain::addSource(PriceSource *source)
{
    source->setParent(this);
    Entry e;
    e.source = source;
    e.backoff = m_backoff;
    m_entries.append(e);
}

QList<PriceSource *> PriceSourceChain::sources() const
{
    QList<PriceSource *> list;
    for (const Entry &e : m_entries)
        list.append(e.source);
    return list;
}

PriceSource *PriceSourceChain::source(const QString &id) const
{
    for (const Entry &e : m_entries) {
        if (e.source->id() == id)
            return e.source;
    }
    return nullptr;
}

QStringList PriceSourceChain::ids() const
{
    QStringList list;
    for (const Entry &e : m_entries)
        list.append(e.source->id());
    return list;
}

void PriceSourceChain::setBackoff(const Backoff &backoff)
{
    m_backoff = backoff;
    for (Entry &e : m_entries) {
        const int attempts = e.backoff.attempts();
        e.backoff = backoff;
        // Keep how far each source has backed off; only the schedule's shape changes.
        for (int i = 0; i < attempts; ++i)
            e.backoff.next();
    }
}

QString PriceSourceChain::configurationError() const
{
    if (m_entries.isEmpty())
        return QStringLiteral("no price source configured");
    for (const Entry &e : m_entries) {
        const QString error = e.source->configurationError();
        if (!error.isEmpty())
            return error;
    }
    return {};
}

QDateTime PriceSourceChain::effectiveHold(const Entry &entry) const
{
    const QDateTime own = entry.heldUntil;
    const QDateTime shared = entry.source->heldUntil();
    if (!own.isValid())
        return shared;
    if (!shared.isValid())
        return own;
    return std::max(own, shared);
}

QDateTime PriceSourceChain::heldUntil(const QString &id) const
{
    for (const Entry &e : m_entries) {
        if (e.source->id() == id)
            return effectiveHold(e);
    }
    return {};
}

QDateTime PriceSourceChain::nextAvailableAt(const QDateTime &now) const
{
    QDateTime earliest;
    for (const Entry &e : m_entries) {
        const QDateTime hold = effectiveHold(e);
        const QDateTime at = hold.isValid() && hold > now ? hold : now;
        if (!earliest.isValid() || at < earliest)
            earliest = at;
    }
    return earliest.isValid() ? earliest : now;
}

void PriceSourceChain::fetch(const QStringList &coins, QObject *context, Callback done)
{
    Q_ASSERT(!m_busy);
    auto run = std::make_shared<Run>();
    run->remaining = coins;
    run->context = context;
    run->hadContext = context != nullptr;
    run->done = std::move(done);
    m_busy = true;
    askFrom(run, 0);
}

void PriceSourceChain::askFrom(const std::shared_ptr<Run> &run, int index)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (; index < m_entries.size() && !run->remaining.isEmpty(); ++index) {
        const Entry &e = m_entries.at(index);
        const QDateTime hold = effectiveHold(e);
        if (!hold.isValid() || hold <= now)
            break;
        Failure f;
        f.source = e.source->id();
        f.displayName = e.source->displayName();
        f.heldUntil = hold;
        f.skipped = true;
        if (e.lastKind == PriceSourceResult::Kind::Ok) {
            // Held by someone else sharing the source (a 429 answered to a history request).
            f.kind = PriceSourceResult::Kind::RateLimited;
            f.reason = QStringLiteral("%1 asked us to wait until %2")
                           .arg(f.displayName, hold.toString(QStringLiteral("HH:mm:ss 'UTC'")));
        } else {
            f.kind = e.lastKind;
            f.reason = e.lastReason;
        }
        run->outcome.failures.append(f);
    }

    if (index >= m_entries.size() || run->remaining.isEmpty()) {
        m_busy = false;
        run->outcome.missing = run->remaining;
        std::sort(run->outcome.missing.begin(), run->outcome.missing.end());
        if (!run->hadContext || run->context)
            run->done(run->outcome);
        return;
    }

    PriceSource *source = m_entries.at(index).source;
    const QStringList asked = run->remaining;
    source->fetch(asked, this, [this, run, index, asked](const PriceSourceResult &result) {
        Entry &e = m_entries[index];
        m_requestCounts.record(e.source->id(), result);
        Failure failure;
        settle(e, result, QDateTime::currentDateTimeUtc(), &failure);
        if (result.isOk()) {
            run->outcome.answered.append(e.source->id());
            const QuoteMap quotes = result.quotes();
            for (auto it = quotes.cbegin(); it != quotes.cend(); ++it) {
                // Only what was asked: a source must not override a more preferred one.
                if (!asked.contains(it.key()))
                    continue;
                Quote q = it.value();
                q.source = e.source->id();
                run->outcome.quotes.insert(it.key(), q);
                run->remaining.removeAll(it.key());
            }
        } else {
            run->outcome.failures.append(failure);
        }
        askFrom(run, index + 1);
    });
}

void PriceSourceChain::settle(Entry &entry, const PriceSourceResult &result, const QDateTime &now, Failure *failure)
{
    entry.lastKind = result.kind();
    entry.lastReason = result.reason();
    if (result.isOk()) {
        entry.backoff.reset();
        entry.heldUntil = {};
        return;
    }
    const bool limited = result.kind() == PriceSourceResult::Kind::RateLimited;
    std::chrono::milliseconds wait = limited && result.retryAfter() ? *result.retryAfter() : entry.backoff.next();
    // Whatever a header or a backoff says, one failure never parks a source for more than an hour.
    wait = std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(MaxRetryAfter));
    entry.heldUntil = now.addMSecs(wait.count());
    if (limited)
        entry.source->holdUntil(entry.heldUntil);
    failure->source = entry.source->id();
    failure->displayName = entry.source->displayName();
    failure->kind = result.kind();
    failure->reason = result.reason();
    failure->heldUntil = entry.heldUntil;
}

} // namespace cvc
