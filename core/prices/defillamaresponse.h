#pragma once

#include "pricesourceresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace cvc {

// The body of DefiLlama's GET /prices/current/{coins} (https://defillama.com/docs/api, "coins"
// section; coins.llama.fi) read into quotes:
//   {"coins":{"coingecko:bitcoin":{"decimals":8,"symbol":"BTC","price":41222.5,
//                                  "timestamp":1700000000,"confidence":0.99}}}
// Prices are USD. Coins DefiLlama leaves out, or prices with a confidence below MinConfidence,
// are missing; a body that is not this shape is Malformed.
class DefiLlamaResponse
{
public:
    // DefiLlama's own score (0…1) of how sure it is; below this another source is the better bet.
    static constexpr double MinConfidence = 0.9;

    // The key DefiLlama uses for one of our (CoinGecko) ids: "coingecko:bitcoin".
    static QString key(const QString &coin);
    static PriceSourceResult parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt);
};

} // namespace cvc
