#include "dashboard/historybackfiller.h"

#include "prices/pricehistoryclient.h"
#include "prices/pricehistoryrequest.h"

namespace cvc::ui {

namespace {
// CoinGecko's range endpoint gives hourly points up to 90 days; a year of daily points is the
// longest chart we draw.
constexpr qint64 maximumSpanMs = 365LL * 24 * 3600 * 1000;
} // namespace

HistoryBackfiller::HistoryBackfiller(HistoryStore *store, PriceHistoryClient *client, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_client(client)
{
}

void HistoryBackfiller::run()
{
    if (m_running || !m_store || !m_store->isOpen() || !m_client)
        return;
    m_queue = m_store->gaps(QDateTime::currentDateTimeUtc(), m_minimumGapMs, maximumSpanMs);
    m_running = true;
    m_written = 0;
    next();
}

void HistoryBackfiller::next()
{
    if (m_queue.isEmpty() || !m_store || !m_client) {
        m_running = false;
        Q_EMIT finished(m_written);
        return;
    }
    const HistoryGap gap = m_queue.takeFirst();
    PriceHistoryRequest *request = m_client->fetch(gap.coin, gap.from, gap.to);
    connect(request, &PriceHistoryRequest::finished, this, [this, gap](const PriceSeries &prices) {
        QList<QPair<QDateTime, double>> points;
        points.reserve(prices.size());
        for (const PricePoint &p : prices)
            points.append({p.time, p.price});
        if (m_store) {
            const int written = m_store->backfill(gap.key, points);
            if (written > 0)
                m_written += written;
        }
        next();
    });
    connect(request, &PriceHistoryRequest::failed, this, [this, gap](const QString &reason) {
        Q_EMIT failed(tr("Could not fill the history of %1 from CoinGecko: %2").arg(gap.key, reason));
        next();
    });
}

} // namespace cvc::ui
