#pragma once

#include "pricepoint.h"
#include "util/backoff.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>

class QTimer;

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
    // History calls go out one at a time, this far apart, so a backfill of many coins is no burst
    // and leaves the live feed room under the per-minute limit. Default: 60 s divided by the
    // plan's perMinuteLimit() (public 12 s, demo 2 s, pro 0.12 s). Tests set 0.
    void setMinimumSpacing(std::chrono::milliseconds spacing) { m_spacing = spacing; }
    std::chrono::milliseconds minimumSpacing() const { return m_spacing; }

    // Starts fetching; the request (a child of this client) emits finished or failed once, then
    // deletes itself later. Abort by deleting it.
    PriceHistoryRequest *fetch(const QString &coin, const QDateTime &from, const QDateTime &to);

private:
    friend class PriceHistoryRequest;
    void enqueue(PriceHistoryRequest *request); // sends it when the spacing allows
    void dispatch();

    CoinGeckoClient *m_client;
    int m_maxAttempts = 3;
    Backoff m_backoff;
    std::chrono::milliseconds m_spacing;
    QList<QPointer<PriceHistoryRequest>> m_waiting;
    QDateTime m_lastCallAt;
    QTimer *m_dispatchTimer;
};

} // namespace cvc
