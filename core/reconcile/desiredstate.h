#pragma once

#include "cvc/cryptovaluecalculator.h"
#include "cvc/cvcstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <optional>

namespace cvc {

// What the reconciler knows about the price of one coin, independent of the feed's own types.
struct PriceInput
{
    double price = std::nan("");
    double change24h = std::nan("");   // percent, as CoinGecko's usd_24h_change
    QDateTime lastUpdatedAt;           // the source's own time of the price; invalid when it gives none
    QString source;                    // status.priceSource: "coingecko", "defillama", …; empty when unknown
};

// The price feed as a whole: when it is stale every valued CVC says so (values are kept).
struct FeedHealth
{
    bool stale = false;
    QString reason;   // CamelCase, e.g. RateLimited, FeedUnavailable
    QString message;  // what happened and what happens next, for a person
};

// The annotation and status the operator wants a CVC to have (the level it reconciles to).
//
// Status fields written (all under .status, everything else there is left alone):
//   price (number, USD), value (number, 4 decimals), currency ("USD"), priceSource (the source's id),
//   priceUpdatedAt (RFC 3339, the source's time of the price), lastUpdated (RFC 3339, time of this valuation), previousValue
//   (number, the value before this valuation), previousPrice (number, the last price that
//   differed from price), change ("+1.25%", price / previousPrice - 1: the market move at the
//   last price change, absent until the price has moved once), change24h ("-0.40%", the coin's
//   24 h change), observedGeneration, conditions Ready / Reconciling / Stalled / PriceStale / InvalidSpec
//   (../shared/cvc-contract.md defines each).
// A new valuation (new lastUpdated, previousValue) happens only when the value, the price or the
// price's time differ from what status already holds, so re-running on an unchanged world
// produces no difference and no write. previousPrice and change move only with the price.
struct DesiredState
{
    enum class AnnotationAction { Keep, Set, Remove };

    AnnotationAction annotationAction = AnnotationAction::Keep;
    QString annotation;            // "$94.8106" when annotationAction is Set
    CvcStatus status;              // the operator-owned status fields, as they should be
    bool specValid = true;
    QString invalidReason;         // when !specValid
    QString invalidMessage;
    bool revalued = false;         // a new valuation was made (value/price/price time moved)
    QString coin;                  // spec.coin when it is a string

    // `coinKnown` is false when the price feed said it does not know `coin` (only possible
    // with a CRD that does not restrict coin to an enum).
    static DesiredState compute(const CryptoValueCalculator &cvc, const std::optional<PriceInput> &quote,
                                const FeedHealth &health, bool coinKnown, const QDateTime &now);

    static QString formatTime(const QDateTime &t);
};

} // namespace cvc
