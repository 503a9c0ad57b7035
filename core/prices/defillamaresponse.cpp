#include "defillamaresponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace cvc {

namespace {
// What RFC 3339, and so the object's status, can carry: up to 9999-12-31T23:59:59Z.
constexpr double LastSecondOfYear9999 = 253402300799.0;
} // namespace

QString DefiLlamaResponse::key(const QString &coin)
{
    return QStringLiteral("coingecko:") + coin;
}

PriceSourceResult DefiLlamaResponse::parse(const QByteArray &body, const QStringList &coins, const QDateTime &fetchedAt)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return PriceSourceResult::failed(PriceSourceResult::Kind::Malformed,
                                         QStringLiteral("DefiLlama answered /prices/current with malformed JSON (%1 at byte %2)")
                                             .arg(parseError.errorString()).arg(parseError.offset));
    const QJsonValue coinsValue = doc.object().value(QLatin1String("coins"));
    if (!coinsValue.isObject())
        return PriceSourceResult::failed(PriceSourceResult::Kind::Malformed,
                                         QStringLiteral("DefiLlama answered /prices/current without a \"coins\" object"));
    const QJsonObject answered = coinsValue.toObject();

    QuoteMap quotes;
    QStringList missing;
    for (const QString &coin : coins) {
        const QJsonObject entry = answered.value(key(coin)).toObject();
        const QJsonValue price = entry.value(QLatin1String("price"));
        const QJsonValue confidence = entry.value(QLatin1String("confidence"));
        // A price that is not a positive finite number cannot value anything.
        if (!price.isDouble() || !std::isfinite(price.toDouble()) || price.toDouble() <= 0
            || (confidence.isDouble() && !(confidence.toDouble() >= MinConfidence))) {
            missing.append(coin);
            continue;
        }
        Quote q;
        q.coin = coin;
        q.source = QStringLiteral("defillama");
        q.price = price.toDouble();
        const QJsonValue timestamp = entry.value(QLatin1String("timestamp"));
        if (timestamp.isDouble() && timestamp.toDouble() > 0 && timestamp.toDouble() <= LastSecondOfYear9999)
            q.lastUpdatedAt = QDateTime::fromSecsSinceEpoch(qint64(timestamp.toDouble()), Qt::UTC);
        else
            q.lastUpdatedAt = fetchedAt.toUTC();
        q.fetchedAt = fetchedAt.toUTC();
        quotes.insert(coin, q);
    }
    return PriceSourceResult::ok(quotes, missing);
}

} // namespace cvc
