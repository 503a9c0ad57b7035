#include "marketchartresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace cvc {

namespace {

// 9999-12-31T23:59:59.999Z: the last time RFC 3339 (and so an object's status) can carry.
constexpr double LastMsOfYear9999 = 253402300799999.0;

} // namespace

MarketChartResponse MarketChartResponse::parse(const QByteArray &body)
{
    MarketChartResponse r;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        r.m_error = QStringLiteral("CoinGecko answered market_chart/range with malformed JSON (%1 at byte %2)")
                        .arg(parseError.errorString()).arg(parseError.offset);
        return r;
    }
    const QJsonValue prices = doc.object().value(QLatin1String("prices"));
    if (!doc.isObject() || !prices.isArray()) {
        r.m_error = QStringLiteral("CoinGecko answered market_chart/range without a \"prices\" array");
        return r;
    }
    for (const QJsonValue &v : prices.toArray()) {
        const QJsonArray pair = v.toArray();
        if (pair.size() < 2 || !pair.at(0).isDouble() || !pair.at(1).isDouble()) {
            r.m_error = QStringLiteral("CoinGecko answered market_chart/range with a price that is not "
                                       "[milliseconds, price]");
            r.m_prices.clear();
            return r;
        }
        const double ms = pair.at(0).toDouble();
        const double price = pair.at(1).toDouble();
        // A time before 1970 or after 9999 is no price CoinGecko recorded, and past 2^63 ms it
        // does not even convert to a qint64: drop the point like an unusable price.
        if (!std::isfinite(price) || !(ms >= 0 && ms <= LastMsOfYear9999))
            continue;
        r.m_prices.append({QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC), price});
    }
    std::stable_sort(r.m_prices.begin(), r.m_prices.end(),
                     [](const PricePoint &a, const PricePoint &b) { return a.time < b.time; });
    return r;
}

} // namespace cvc
