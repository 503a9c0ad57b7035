#pragma once

#include "quote.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace cvc {

// The body of GET /simple/price?vs_currencies=usd&include_24hr_change=true&include_last_updated_at=true
// read into quotes: {"bitcoin":{"usd":41222,"usd_24h_change":1.25,"last_updated_at":1700000000}}.
// CoinGecko leaves out ids it does not know; those end up in missing.
class SimplePriceResponse
{
public:
    static SimplePriceResponse parse(const QByteArray &body, const QStringList &requestedCoins,
                                     const QDateTime &fetchedAt);

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }        // why the body could not be read at all
    QuoteMap quotes() const { return m_quotes; }       // coins with a usable usd price
    QStringList missing() const { return m_missing; }  // requested coins without one, sorted

private:
    QString m_error;
    QuoteMap m_quotes;
    QStringList m_missing;
};

} // namespace cvc
