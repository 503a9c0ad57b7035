#pragma once

#include "pricepoint.h"

#include <QByteArray>
#include <QString>

namespace cvc {

// The body of GET /coins/{id}/market_chart/range:
// {"prices":[[ms, price], …], "market_caps":[…], "total_volumes":[…]}. Only "prices" is kept.
class MarketChartResponse
{
public:
    static MarketChartResponse parse(const QByteArray &body);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    PriceSeries prices() const { return m_prices; } // in time order

private:
    QString m_error;
    PriceSeries m_prices;
};

} // namespace cvc
