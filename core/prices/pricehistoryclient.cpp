#include "pricehistoryclient.h"
#include "pricehistoryrequest.h"

using namespace std::chrono_literals;

namespace cvc {

PriceHistoryClient::PriceHistoryClient(CoinGeckoClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_backoff(2s, 60s)
{
}

PriceHistoryRequest *PriceHistoryClient::fetch(const QString &coin, const QDateTime &from, const QDateTime &to)
{
    auto *request = new PriceHistoryRequest(this, coin, from, to);
    // Start from the event loop so callers can connect to the request's signals first.
    QMetaObject::invokeMethod(request, [request]() { request->attempt(); }, Qt::QueuedConnection);
    return request;
}

} // namespace cvc
