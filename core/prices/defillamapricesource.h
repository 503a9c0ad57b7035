#pragma once

#include "httppricesource.h"

namespace cvc {

// DefiLlama's keyless current prices: GET {root}/prices/current/coingecko:bitcoin,coingecko:ethereum
// (root https://coins.llama.fi). It takes CoinGecko ids, so every coin can be asked in one call.
class DefiLlamaPriceSource : public HttpPriceSource
{
    Q_OBJECT
public:
    static constexpr const char *DefaultRoot = "https://coins.llama.fi";

    DefiLlamaPriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("defillama"); }

protected:
    QUrl requestUrl(const QStringList &coins) const override;
    PriceSourceResult parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt) const override;
};

} // namespace cvc
