#pragma once

#include "prices/budgetgovernor.h"

#include <QDateTime>

namespace cvc {

class PriceFeed;
class PrometheusText;

// Every price metric of /metrics, named in this one place: per coin the price in use and its age
// (labelled coin and source), the feed's staleness and coins, per source the requests by answer
// and the coins it prices now; the deprecated CoinGecko call counts and per-source age; and the
// budget governor's account of CoinGecko's credits and the interval in force (budget may be null
// when CoinGecko is not among the sources).
class PriceMetrics
{
public:
    static void write(PrometheusText &out, const PriceFeed &feed, const BudgetGovernor::Decision *budget = nullptr,
                      const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace cvc
