#include "marketchartresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace cvc {

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
        const double price = pair.at(1).toDouble();
        if (!std::isfinite(price))
            continue;
        r.m_prices.append({QDateTime::fromMSecsSinceEpoch(qint64(pair.at(0).toDouble()), Qt::UTC), price});
    }
    std::stable_sort(r.m_prices.begin(), r.m_prices.end(),
                     [](const PricePoint &a, const PricePoint &b) { return a.time < b.time; });
    return r;
}

} // namespace cvc
