// libFuzzer target: the body of CoinGecko's /coins/{id}/market_chart/range, read into a price
// series. Input: the body. Beyond "no crash":
//   - a body that cannot be read has a message and no prices;
//   - otherwise the series is in time order, every point has a valid time RFC 3339 can carry and
//     a finite price, every point is one of the body's [milliseconds, price] pairs, and every pair
//     with a finite price and a time from 1970 to 9999 is in it.
#include "marketchartresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_marketchartresponse: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const cvc::MarketChartResponse r = cvc::MarketChartResponse::parse(body);
    if (!r.isValid()) {
        if (!r.error().contains(QLatin1String("market_chart/range")))
            fail("an error that does not say which answer it is about");
        if (!r.prices().isEmpty())
            fail("an unreadable body with prices");
        return 0;
    }
    // The body's points, and the series, as (milliseconds, price) sorted: the series must be the
    // body's points but for unusable ones, and keep every point of an ordinary time.
    const QJsonArray pairs = QJsonDocument::fromJson(body).object().value(QLatin1String("prices")).toArray();
    constexpr double LastMsOfYear9999 = 253402300799999.0;
    QList<std::pair<double, double>> given;
    QList<std::pair<double, double>> ordinary;
    for (const QJsonValue &value : pairs) {
        const QJsonArray pair = value.toArray();
        const double ms = pair.at(0).toDouble();
        const double price = pair.at(1).toDouble();
        given.append({std::trunc(ms), price});
        if (std::isfinite(price) && ms >= 0 && ms <= LastMsOfYear9999)
            ordinary.append({std::trunc(ms), price});
    }
    QList<std::pair<double, double>> series;
    QDateTime previous;
    for (const cvc::PricePoint &point : r.prices()) {
        if (!point.time.isValid() || point.time.timeSpec() != Qt::UTC || point.time.toString(Qt::ISODate).isEmpty())
            fail("a point whose time is not a UTC time RFC 3339 can carry");
        if (!std::isfinite(point.price))
            fail("a price that is not a number");
        if (previous.isValid() && point.time < previous)
            fail("points out of time order");
        previous = point.time;
        series.append({double(point.time.toMSecsSinceEpoch()), point.price});
    }
    std::sort(given.begin(), given.end());
    std::sort(ordinary.begin(), ordinary.end());
    std::sort(series.begin(), series.end());
    if (!std::includes(given.begin(), given.end(), series.begin(), series.end()))
        fail("a point the body does not have");
    if (!std::includes(series.begin(), series.end(), ordinary.begin(), ordinary.end()))
        fail("a point of the body with an ordinary time and price is missing");
    return 0;
}
