#include "pricehistoryclient.h"
#include "coingeckoclient.h"
#include "pricehistoryrequest.h"

#include <QTimer>

#include <algorithm>

using namespace std::chrono_literals;

namespace cvc {

PriceHistoryClient::PriceHistoryClient(CoinGeckoClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_backoff(2s, 60s)
    , m_spacing(std::chrono::milliseconds(60000 / std::max(1, client->plan().perMinuteLimit())))
    , m_dispatchTimer(new QTimer(this))
{
    m_dispatchTimer->setSingleShot(true);
    connect(m_dispatchTimer, &QTimer::timeout, this, &PriceHistoryClient::dispatch);
}

PriceHistoryRequest *PriceHistoryClient::fetch(const QString &coin, const QDateTime &from, const QDateTime &to)
{
    auto *request = new PriceHistoryRequest(this, coin, from, to);
    // Start from the event loop so callers can connect to the request's signals first.
    QMetaObject::invokeMethod(request, [request]() { request->attempt(); }, Qt::QueuedConnection);
    return request;
}

void PriceHistoryClient::enqueue(PriceHistoryRequest *request)
{
    m_waiting.append(request);
    dispatch();
}

void PriceHistoryClient::dispatch()
{
    if (m_dispatchTimer->isActive())
        return;
    m_waiting.removeAll(nullptr); // requests deleted while waiting
    if (m_waiting.isEmpty())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_lastCallAt.isValid()) {
        const qint64 wait = now.msecsTo(m_lastCallAt.addMSecs(m_spacing.count()));
        if (wait > 0) {
            m_dispatchTimer->start(int(wait));
            return;
        }
    }
    m_lastCallAt = now;
    QPointer<PriceHistoryRequest> next = m_waiting.takeFirst();
    next->send();
    if (!m_waiting.isEmpty())
        m_dispatchTimer->start(int(m_spacing.count()));
}

} // namespace cvc
