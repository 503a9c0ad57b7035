#pragma once

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

#include <optional>

namespace cvc {

// One coin's USD price as a price source last gave it to us.
struct Quote
{
    QString coin;                    // CoinGecko id: "bitcoin", "shiba-inu", … (whichever source priced it)
    QString source;                  // PriceSource::id() that gave it: "coingecko", "defillama", "coinbase"
    double price = 0.0;              // USD, full precision as the source sent it
    std::optional<double> change24h; // percent over 24 h (usd_24h_change); absent or null → nullopt
    QDateTime lastUpdatedAt;         // when the source says the price is from (UTC); invalid when it gives none
    QDateTime fetchedAt;             // when our call returned it (UTC)
    bool stale = false;              // the latest call did not confirm this price

    bool isValid() const { return !coin.isEmpty(); }
};

using QuoteMap = QHash<QString, Quote>;

} // namespace cvc

Q_DECLARE_METATYPE(cvc::Quote)
Q_DECLARE_METATYPE(cvc::QuoteMap)
