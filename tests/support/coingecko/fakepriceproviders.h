#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <optional>

namespace cvc {

// The keyless price sources beside the fake CoinGecko, on the same loopback server, each under a
// root of its own (what --defillama-url and --coinbase-url take):
//   /defillama/prices/current/{coingecko:id,…}  DefiLlama, https://defillama.com/docs/api ("coins":
//                                               GET /prices/current/{coins} on coins.llama.fi)
//   /coinbase/v2/exchange-rates?currency=USD    Coinbase, https://docs.cdp.coinbase.com/coinbase-app/
//                                               track-apis/exchange-rates (and its errors page)
// Prices default to the fake CoinGecko's own (so a fallback values a CVC the same), unless set per
// provider. Per provider: left-out coins, the next N calls failing, down (every call failing),
// truncated answers. Controlled through FakeCoinGecko's POST /_admin/state member "providers":
//   {"providers": {"defillama": {"prices": {"bitcoin": 41000, "dogecoin": null}, "missing": ["ethereum"],
//                                "failNext": {"count": 2, "status": 429, "retryAfter": 5},
//                                "down": 503, "malformedNext": 1},
//                  "coinbase": {…}}}
class FakePriceProviders
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QByteArray retryAfter; // Retry-After header value; empty = none
    };
    // The shared price of a coin (the fake CoinGecko's) and when it was last updated; nullopt if unknown.
    using PriceLookup = std::function<std::optional<std::pair<double, qint64>>(const QString &coin)>;

    explicit FakePriceProviders(PriceLookup sharedPrice);

    static QStringList names() { return {QStringLiteral("defillama"), QStringLiteral("coinbase")}; }
    // True when path is one of the providers' ("/defillama/…", "/coinbase/…").
    static bool handles(const QString &path);
    Answer answer(const HttpRequest &request);

    void setPrice(const QString &provider, const QString &coin, double usd);
    void removePrice(const QString &provider, const QString &coin); // back to the shared price
    void setMissing(const QString &provider, const QStringList &coins);
    void failNext(const QString &provider, int count, int status, std::optional<int> retryAfterSeconds = std::nullopt);
    // Every call answers status (0 = up again).
    void setDown(const QString &provider, int status);
    void malformNext(const QString &provider, int count);

    // Applies the "providers" member of an admin state; returns an error text or empty.
    QString applyState(const QJsonObject &providers);

private:
    struct Failure { int status; std::optional<int> retryAfter; };
    struct Provider
    {
        QHash<QString, double> prices;
        QStringList missing;
        std::deque<Failure> failures;
        int down = 0;
        int malformedNext = 0;
    };

    std::optional<double> priceOf(const Provider &p, const QString &coin, qint64 *updatedAt) const;
    Answer failure(const QString &name, int status, std::optional<int> retryAfter) const;
    Answer defiLlama(const Provider &p, const QString &coinsPath) const;
    Answer coinbase(const Provider &p, const HttpRequest &request) const;

    PriceLookup m_shared;
    QHash<QString, Provider> m_providers;
};

} // namespace cvc
