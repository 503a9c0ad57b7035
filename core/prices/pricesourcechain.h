#pragma once

#include "pricesourcerequestcounts.h"
#include "pricesourceresult.h"
#include "util/backoff.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace cvc {

class PriceSource;

// The price sources in the order they are preferred. One fetch() asks the first source for every
// coin, then the next source only for the coins still unpriced, and so on: at most one call per
// source per tick, and a coin keeps the most preferred source that priced it.
// A source that failed (error, timeout, 429, malformed answer) is left out, without a call, until
// its Retry-After or its own backoff has passed (never more than MaxRetryAfter, one hour); a
// source that answered is asked again next tick even if it lacked some coins.
class PriceSourceChain : public QObject
{
    Q_OBJECT
public:
    // A source that did not answer this tick: it failed now, or it was still held from before.
    struct Failure
    {
        QString source;            // PriceSource::id()
        QString displayName;
        PriceSourceResult::Kind kind = PriceSourceResult::Kind::Error;
        QString reason;
        QDateTime heldUntil;       // when it will be asked again
        bool skipped = false;      // not asked this tick: still held after an earlier failure
    };

    struct Outcome
    {
        QuoteMap quotes;           // every coin a source priced, each naming its source
        QStringList missing;       // coins no source priced, sorted
        QStringList answered;      // ids of the sources that answered, in chain order
        QList<Failure> failures;   // in chain order
        bool anyAnswered() const { return !answered.isEmpty(); }
    };
    using Callback = std::function<void(const Outcome &)>;

    explicit PriceSourceChain(QObject *parent = nullptr);
    ~PriceSourceChain() override;

    // Appends a source; the chain becomes its parent.
    void addSource(PriceSource *source);
    QList<PriceSource *> sources() const;
    PriceSource *source(const QString &id) const;
    QStringList ids() const;

    // The backoff each source starts from after a failure (a copy per source). Default 5 s to 5 min.
    void setBackoff(const Backoff &backoff);

    // Empty when every source can work as configured; else the first source's problem.
    QString configurationError() const;

    // One tick. done runs once on context's thread (unless context was destroyed first).
    // Must not be called while a fetch is running.
    void fetch(const QStringList &coins, QObject *context, Callback done);
    bool isBusy() const { return m_busy; }

    // The earliest moment some source may be asked; at most now when one is free now.
    QDateTime nextAvailableAt(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Until when the source is left out; invalid (or past) when it is asked.
    QDateTime heldUntil(const QString &id) const;

    // Every request this chain sent, by source and answer.
    const PriceSourceRequestCounts &requestCounts() const { return m_requestCounts; }

private:
    struct Entry
    {
        PriceSource *source = nullptr;
        Backoff backoff;
        QDateTime heldUntil;
        PriceSourceResult::Kind lastKind = PriceSourceResult::Kind::Ok;
        QString lastReason;
    };
    struct Run;

    QDateTime effectiveHold(const Entry &entry) const;
    void askFrom(const std::shared_ptr<Run> &run, int index);
    void settle(Entry &entry, const PriceSourceResult &result, const QDateTime &now, Failure *failure);

    QList<Entry> m_entries;
    Backoff m_backoff;
    bool m_busy = false;
    PriceSourceRequestCounts m_requestCounts;
};

} // namespace cvc
