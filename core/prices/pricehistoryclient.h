#pragma once

#include "backoff.h"
#include "pricepoint.h"

#include <QDateTime>
#include <QObject>
#include <QString>

namespace cvc {

class CoinGeckoClient;
class PriceHistoryRequest;

// Historic USD prices for chart backfill and the history store:
// GET /coins/{id}/market_chart/range?vs_currency=usd&from=<unix s>&to=<unix s>.
// Goes through the same CoinGeckoClient as PriceFeed, so calls count against the same budget and
// wait for the same Retry-After. CoinGecko picks the granularity: 5-minutely within a day of now,
// hourly up to 90 days, daily beyond.
class PriceHistoryClient : public QObject
{
    Q_OBJECT
public:
    explicit PriceHistoryClient(CoinGeckoClient *client, QObject *parent = nullptr);

    // Retries of 429/5xx/timeouts/malformed answers; default 3 attempts, backoff 2 s doubling.
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }
    void setBackoff(const Backoff &backoff) { m_backoff = backoff; }

    // Starts fetching; the request (a child of this client) emits finished or failed once, then
    // deletes itself later. Abort by deleting it.
    PriceHistoryRequest *fetch(const QString &coin, const QDateTime &from, const QDateTime &to);

private:
    friend class PriceHistoryRequest;
    CoinGeckoClient *m_client;
    int m_maxAttempts = 3;
    Backoff m_backoff;
};

} // namespace cvc
