#include "pricehistoryrequest.h"
#include "coingeckoclient.h"
#include "coingeckoresult.h"
#include "marketchartresponse.h"
#include "pricehistoryclient.h"

#include <QTimer>
#include <QUrlQuery>

namespace cvc {

PriceHistoryRequest::PriceHistoryRequest(PriceHistoryClient *owner, const QString &coin,
                                         const QDateTime &from, const QDateTime &to)
    : QObject(owner)
    , m_owner(owner)
    , m_client(owner->m_client)
    , m_coin(coin)
    , m_from(from.toUTC())
    , m_to(to.toUTC())
    , m_backoff(owner->m_backoff)
{
}

void PriceHistoryRequest::attempt()
{
    if (m_coin.isEmpty() || !m_from.isValid() || !m_to.isValid() || m_from > m_to) {
        Q_EMIT failed(QStringLiteral("cannot ask CoinGecko for the history of \"%1\" from %2 to %3: "
                                     "give a coin id and a range whose start is before its end")
                          .arg(m_coin, m_from.toString(Qt::ISODate), m_to.toString(Qt::ISODate)));
        deleteLater();
        return;
    }
    // Share the feed's quiet period after a 429 rather than spending a call on another 429.
    const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(m_client->rateLimitedUntil());
    if (m_client->rateLimitedUntil().isValid() && wait > 0) {
        QTimer::singleShot(int(wait), this, &PriceHistoryRequest::attempt);
        return;
    }
    // Backfill is a nicety: it must not spend calls the live feed needs once the month's are gone.
    const int budget = m_client->plan().monthlyBudget();
    if (budget > 0 && m_client->callsThisMonth() >= budget) {
        Q_EMIT failed(QStringLiteral("the CoinGecko %1 plan's %2 calls for this month are used up; historic "
                                     "prices for %3 are not fetched until next month (current prices still are)")
                          .arg(m_client->plan().name()).arg(budget).arg(m_coin));
        deleteLater();
        return;
    }
    m_owner->enqueue(this);
}

void PriceHistoryRequest::send()
{
    // A 429 may have arrived while this request waited its turn.
    const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(m_client->rateLimitedUntil());
    if (m_client->rateLimitedUntil().isValid() && wait > 0) {
        QTimer::singleShot(int(wait), this, &PriceHistoryRequest::attempt);
        return;
    }
    ++m_attempts;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("vs_currency"), QStringLiteral("usd"));
    query.addQueryItem(QStringLiteral("from"), QString::number(m_from.toSecsSinceEpoch()));
    query.addQueryItem(QStringLiteral("to"), QString::number(m_to.toSecsSinceEpoch()));
    const QString path = QStringLiteral("/coins/%1/market_chart/range")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_coin)));
    m_client->get(path, query, this, [this](const CoinGeckoResult &result) { onResult(result); });
}

void PriceHistoryRequest::onResult(const CoinGeckoResult &result)
{
    if (result.isOk()) {
        const MarketChartResponse response = MarketChartResponse::parse(result.body());
        if (response.isValid()) {
            Q_EMIT finished(response.prices());
            deleteLater();
            return;
        }
        retryOrFail(response.error(), m_backoff.next());
        return;
    }
    switch (result.kind()) {
    case CoinGeckoResult::Kind::RateLimited:
        retryOrFail(result.reason(), result.retryAfter() ? *result.retryAfter() : m_backoff.next());
        return;
    case CoinGeckoResult::Kind::ServerError:
    case CoinGeckoResult::Kind::NetworkError:
    case CoinGeckoResult::Kind::Timeout:
        retryOrFail(result.reason(), m_backoff.next());
        return;
    default:
        // A 404 (unknown coin) or a refused key will not get better by asking again.
        Q_EMIT failed(result.httpStatus() == 404
                          ? QStringLiteral("CoinGecko knows no coin \"%1\" (HTTP 404); check the id against /coins/list")
                                .arg(m_coin)
                          : result.reason());
        deleteLater();
        return;
    }
}

void PriceHistoryRequest::retryOrFail(const QString &reason, std::chrono::milliseconds delay)
{
    if (m_attempts >= m_owner->m_maxAttempts) {
        Q_EMIT failed(QStringLiteral("%1 (gave up after %2 attempts)").arg(reason).arg(m_attempts));
        deleteLater();
        return;
    }
    QTimer::singleShot(int(delay.count()), this, &PriceHistoryRequest::attempt);
}

} // namespace cvc
