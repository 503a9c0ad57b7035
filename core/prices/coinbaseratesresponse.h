#pragma once

#include "pricesourceresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace cvc {

// The body of Coinbase's GET /v2/exchange-rates?currency=USD
// (https://docs.cdp.coinbase.com/coinbase-app/track-apis/exchange-rates) read into quotes: one call
// answers every currency, as units per one USD in strings:
//   {"data":{"currency":"USD","rates":{"BTC":"0.0000242587","ETH":"0.000323",…}}}
// so a coin's USD price is 1 / rate. Coinbase gives no time: quotes carry the fetch time.
// Coinbase tickers are not CoinGecko ids; coins without a known ticker are missing.
class CoinbaseRatesResponse
{
public:
    // Coinbase's ticker for one of our (CoinGecko) ids, "bitcoin" → "BTC"; empty when unknown.
    static QString ticker(const QString &coin);
    static PriceSourceResult parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt);
};

} // namespace cvc
