#pragma once

#include "coingeckoclient.h"
#include "pricesource.h"

#include <QPointer>

namespace cvc {

// CoinGecko as a PriceSource: GET /simple/price through the shared CoinGeckoClient (its plan, key,
// call counter and Retry-After, which history requests honour too). The client is not owned.
class CoinGeckoPriceSource : public PriceSource
{
    Q_OBJECT
public:
    explicit CoinGeckoPriceSource(CoinGeckoClient *client, QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("coingecko"); }
    QString configurationError() const override;
    void fetch(const QStringList &coins, QObject *context, Callback done) override;
    QDateTime heldUntil() const override;
    void holdUntil(const QDateTime &until) override;

    CoinGeckoClient *client() const { return m_client; }

private:
    QPointer<CoinGeckoClient> m_client;
};

} // namespace cvc
