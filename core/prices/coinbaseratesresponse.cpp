#include "coinbaseratesresponse.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace cvc {

QString CoinbaseRatesResponse::ticker(const QString &coin)
{
    // Only coins whose Coinbase ticker is certainly the same asset; a wrong map would misprice.
    static const QHash<QString, QString> tickers = {
        {QStringLiteral("bitcoin"), QStringLiteral("BTC")},   {QStringLiteral("ethereum"), QStringLiteral("ETH")},
        {QStringLiteral("dogecoin"), QStringLiteral("DOGE")}, {QStringLiteral("shiba-inu"), QStringLiteral("SHIB")},
        {QStringLiteral("solana"), QStringLiteral("SOL")},    {QStringLiteral("cardano"), QStringLiteral("ADA")},
        {QStringLiteral("litecoin"), QStringLiteral("LTC")},  {QStringLiteral("ripple"), QStringLiteral("XRP")},
        {QStringLiteral("polkadot"), QStringLiteral("DOT")},  {QStringLiteral("chainlink"), QStringLiteral("LINK")},
    };
    return tickers.value(coin);
}

PriceSourceResult CoinbaseRatesResponse::parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return PriceSourceResult::failed(PriceSourceResult::Kind::Malformed,
                                         QStringLiteral("Coinbase answered /v2/exchange-rates with malformed JSON (%1 at byte %2)")
                                             .arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject data = doc.object().value(QLatin1String("data")).toObject();
    const QJsonValue rates = data.value(QLatin1String("rates"));
    if (!rates.isObject())
        return PriceSourceResult::failed(PriceSourceResult::Kind::Malformed,
                                         QStringLiteral("Coinbase answered /v2/exchange-rates without data.rates"));
    // Rates against another base would be read as USD prices: refuse them whole.
    if (data.value(QLatin1String("currency")).toString() != QLatin1String("USD"))
        return PriceSourceResult::failed(PriceSourceResult::Kind::Malformed,
                                         QStringLiteral("Coinbase answered /v2/exchange-rates for \"%1\", not USD")
                                             .arg(data.value(QLatin1String("currency")).toString().left(20)));

    const QJsonObject byTicker = rates.toObject();
    QuoteMap quotes;
    QStringList missing;
    for (const QString &coin : coins) {
        const QString symbol = ticker(coin);
        // Coinbase sends rates as strings; a number is read too. Anything else is no rate.
        const QJsonValue v = symbol.isEmpty() ? QJsonValue() : byTicker.value(symbol);
        bool ok = v.isDouble();
        const double rate = v.isString() ? v.toString().toDouble(&ok) : v.toDouble();
        const double price = ok && rate > 0 ? 1.0 / rate : 0.0;
        if (!ok || !std::isfinite(rate) || !std::isfinite(price) || price <= 0) {
            missing.append(coin);
            continue;
        }
        Quote q;
        q.coin = coin;
        q.source = QStringLiteral("coinbase");
        q.price = price;
        q.lastUpdatedAt = fetchedAt.toUTC();
        q.fetchedAt = fetchedAt.toUTC();
        quotes.insert(coin, q);
    }
    return PriceSourceResult::ok(quotes, missing);
}

} // namespace cvc
