#pragma once

#include "pricepoint.h"
#include "util/backoff.h"

#include <QDateTime>
#include <QObject>
#include <QString>

namespace cvc {

class CoinGeckoClient;
class CoinGeckoResult;
class PriceHistoryClient;

// One market_chart/range fetch in progress, made by PriceHistoryClient::fetch(). Retries 429 (after
// Retry-After), 5xx, timeouts and malformed answers with backoff up to the client's attempt limit.
class PriceHistoryRequest : public QObject
{
    Q_OBJECT
public:
    QString coin() const { return m_coin; }
    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }
    int attempts() const { return m_attempts; }

Q_SIGNALS:
    void finished(const cvc::PriceSeries &prices);
    void failed(const QString &reason);

private:
    friend class PriceHistoryClient;
    PriceHistoryRequest(PriceHistoryClient *owner, const QString &coin, const QDateTime &from,
                        const QDateTime &to);
    void attempt(); // checks, then queues with the client
    void send();    // the call itself, when the client says so
    void onResult(const CoinGeckoResult &result);
    void retryOrFail(const QString &reason, std::chrono::milliseconds delay);

    PriceHistoryClient *m_owner;
    CoinGeckoClient *m_client;
    QString m_coin;
    QDateTime m_from;
    QDateTime m_to;
    int m_attempts = 0;
    Backoff m_backoff;
};

} // namespace cvc
