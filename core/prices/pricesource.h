#pragma once

#include "pricesourceresult.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace cvc {

// One place USD prices come from (CoinGecko, DefiLlama, Coinbase, …), asked by PriceSourceChain
// with one batched call per tick. Coins are always our ids, which are CoinGecko's ("bitcoin",
// "shiba-inu"); each source maps them to its own documented ids or pairs and answers the ones it
// cannot map as missing, without asking. Every quote carries id() as its source.
class PriceSource : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const PriceSourceResult &)>;

    explicit PriceSource(QObject *parent = nullptr);
    ~PriceSource() override;

    // Stable lowercase id, as status.priceSource and --price-sources spell it: "coingecko", …
    virtual QString id() const = 0;
    // For people: "CoinGecko", "DefiLlama", "Coinbase".
    QString displayName() const { return displayNameOf(id()); }
    // Empty when the source can work as configured; else why not (a bad root URL, a missing key).
    virtual QString configurationError() const = 0;

    // One call for all coins; done runs exactly once on context's thread, unless context was
    // destroyed first.
    virtual void fetch(const QStringList &coins, QObject *context, Callback done) = 0;

    // Until when the source must stay quiet for reasons the chain did not see (CoinGecko: a 429
    // answered to a history request); invalid when free.
    virtual QDateTime heldUntil() const { return {}; }
    // The chain backs this source off until then; a source shared with other callers passes it on.
    virtual void holdUntil(const QDateTime &until) { Q_UNUSED(until) }

    // Every id a PriceSource has, in the default order: CoinGecko first (the only one with a
    // key, budget and history), then the keyless ones, so the default needs no key.
    static QStringList knownIds();
    // The display name of a known id; the id itself for any other (a source added later, or an
    // id read back from status.priceSource written by a newer operator).
    static QString displayNameOf(const QString &id);
};

} // namespace cvc
