#pragma once

#include "prices/budgetgovernor.h"

#include <QDateTime>

namespace cvc {

class PriceFeed;
class PrometheusText;

// Every price metric of /metrics, named in this one place (the ecosystem issue fixes the final
// names): CoinGecko's calls and monthly count, the feed's staleness and coins, and per source the
// requests by answer, the coins it prices now and how old its oldest price in use is; and the
// budget governor's account of CoinGecko's credits and the interval in force (budget may be null
// when CoinGecko is not among the sources).
class PriceMetrics
{
public:
    static void write(PrometheusText &out, const PriceFeed &feed, const BudgetGovernor::Decision *budget = nullptr,
                      const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace cvc
