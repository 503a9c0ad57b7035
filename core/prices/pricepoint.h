#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>

namespace cvc {

// One point of a historic price series (market_chart/range "prices").
struct PricePoint
{
    QDateTime time; // UTC
    double price = 0.0;

    friend bool operator==(const PricePoint &a, const PricePoint &b)
    {
        return a.time == b.time && a.price == b.price;
    }
};

using PriceSeries = QList<PricePoint>;

} // namespace cvc

Q_DECLARE_METATYPE(cvc::PriceSeries)
