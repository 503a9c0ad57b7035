#pragma once

#include <QDateTime>

namespace cvc {

class PriceFeed;
class PrometheusText;

// Every price metric of /metrics, named in this one place (the ecosystem issue fixes the final
// names): CoinGecko's calls and monthly count, the feed's staleness and coins, and per source the
// requests by answer, the coins it prices now and how old its oldest price in use is.
class PriceMetrics
{
public:
    static void write(PrometheusText &out, const PriceFeed &feed, const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace cvc
