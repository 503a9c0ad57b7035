#pragma once

#include "httppricesource.h"

namespace cvc {

// Coinbase's keyless exchange rates: GET {root}/v2/exchange-rates?currency=USD (root
// https://api.coinbase.com) answers every currency in one call, where its spot endpoint
// (/v2/prices/BTC-USD/spot) would take one call per coin.
class CoinbasePriceSource : public HttpPriceSource
{
    Q_OBJECT
public:
    static constexpr const char *DefaultRoot = "https://api.coinbase.com";

    CoinbasePriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("coinbase"); }

protected:
    QUrl requestUrl(const QStringList &coins) const override;
    PriceSourceResult parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt) const override;
};

} // namespace cvc
