#pragma once

#include "pricesourcechain.h"
#include "quote.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace cvc {

// A change a person should hear about: coins now priced by a fallback source instead of the
// preferred one (the chain's first), or every coin back with the preferred source.
struct PriceSourceSwitch
{
    enum class Kind { Switched, Returned };
    Kind kind = Kind::Switched;
    QString preferred;                 // source id, "coingecko"
    QMap<QString, QString> fallback;   // coin → source id, the coins not from the preferred source
    QStringList coins;                 // the coins the message is about, sorted
    QString message;                   // names the sources (display names), the coins and why
};

// Follows which coins are priced by a fallback source, tick by tick, and says when that changes:
// the operator turns it into one Event and one log line per change, never one per tick.
// A tick with no fresh price at all is not a switch (the feed is failing: PriceStale and the
// PriceFeedLost Event say so), so it is not given here.
class PriceSourceSwitchTracker
{
public:
    // order: the chain's ids, preferred first; quotes: the feed's quotes after the tick (stale
    // ones are ignored); failures: that tick's failures, for why the preferred source did not
    // price a coin. nullopt when the set of fallback coins and their sources did not change.
    std::optional<PriceSourceSwitch> update(const QStringList &order, const QuoteMap &quotes,
                                            const QList<PriceSourceChain::Failure> &failures);

    QMap<QString, QString> fallback() const { return m_fallback; }

private:
    QMap<QString, QString> m_fallback;
};

} // namespace cvc
