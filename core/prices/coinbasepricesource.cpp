#include "coinbasepricesource.h"
#include "coinbaseratesresponse.h"

#include <QUrlQuery>

#include <algorithm>

namespace cvc {

CoinbasePriceSource::CoinbasePriceSource(const QUrl &root, std::chrono::milliseconds timeout, QObject *parent)
    : HttpPriceSource(root, timeout, parent)
{
}

QUrl CoinbasePriceSource::requestUrl(const QStringList &coins) const
{
    // No call when no coin has a Coinbase ticker: the answer could not price any of them.
    if (std::none_of(coins.cbegin(), coins.cend(), [](const QString &c) { return !CoinbaseRatesResponse::ticker(c).isEmpty(); }))
        return {};
    QUrl url = root();
    QString base = root().path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + QStringLiteral("/v2/exchange-rates"));
    url.setQuery(QUrlQuery{{QStringLiteral("currency"), QStringLiteral("USD")}});
    return url;
}

PriceSourceResult CoinbasePriceSource::parse(const QByteArray &body, const QStringList &coins,
                                             const QDateTime &fetchedAt) const
{
    return CoinbaseRatesResponse::parse(body, coins, fetchedAt);
}

} // namespace cvc
