#include "simplepriceresponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace cvc {

namespace {

constexpr double LastSecondOfYear9999 = 253402300799.0;

} // namespace

SimplePriceResponse SimplePriceResponse::parse(const QByteArray &body, const QStringList &requestedCoins,
                                               const QDateTime &fetchedAt)
{
    SimplePriceResponse r;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.m_error = QStringLiteral("CoinGecko answered /simple/price with malformed JSON (%1 at byte %2)")
                        .arg(parseError.errorString()).arg(parseError.offset);
        return r;
    }
    if (!doc.isObject()) {
        r.m_error = QStringLiteral("CoinGecko answered /simple/price with JSON that is not an object");
        return r;
    }
    const QJsonObject root = doc.object();
    // Error bodies sometimes come with a 200 through proxies; never read them as "no coins".
    if (root.value(QLatin1String("status")).isObject() || root.value(QLatin1String("error")).isString()) {
        r.m_error = QStringLiteral("CoinGecko answered /simple/price with an error body instead of prices");
        return r;
    }

    for (const QString &coin : requestedCoins) {
        const QJsonValue entry = root.value(coin);
        const QJsonValue usd = entry.toObject().value(QLatin1String("usd"));
        // A price that is not a positive finite number cannot value anything: treat as missing.
        if (!entry.isObject() || !usd.isDouble() || !std::isfinite(usd.toDouble()) || usd.toDouble() <= 0) {
            r.m_missing.append(coin);
            continue;
        }
        const QJsonObject o = entry.toObject();
        Quote q;
        q.coin = coin;
        q.source = QStringLiteral("coingecko");
        q.price = usd.toDouble();
        const QJsonValue change = o.value(QLatin1String("usd_24h_change"));
        if (change.isDouble())
            q.change24h = change.toDouble();
        const QJsonValue updated = o.value(QLatin1String("last_updated_at"));
        // Seconds since 1970 up to 9999-12-31 (what RFC 3339, and so the object's status, can
        // carry); anything larger is no time (milliseconds by mistake, or past 2^63: no qint64).
        if (updated.isDouble() && updated.toDouble() > 0 && updated.toDouble() <= LastSecondOfYear9999)
            q.lastUpdatedAt = QDateTime::fromSecsSinceEpoch(qint64(updated.toDouble()), Qt::UTC);
        q.fetchedAt = fetchedAt.toUTC();
        r.m_quotes.insert(coin, q);
    }
    std::sort(r.m_missing.begin(), r.m_missing.end());
    return r;
}

} // namespace cvc
