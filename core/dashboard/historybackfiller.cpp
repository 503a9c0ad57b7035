#include "dashboard/historybackfiller.h"

#include "prices/pricehistoryclient.h"
#include "prices/pricehistoryrequest.h"

#include <QLocale>

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
    if (const QString refusal = budgetRefusal(gap); !refusal.isEmpty()) {
        // The rest would be refused for the same reason: one message, no request.
        m_queue.clear();
        m_running = false;
        Q_EMIT failed(refusal);
        Q_EMIT finished(m_written);
        return;
    }
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

QString HistoryBackfiller::budgetRefusal(const HistoryGap &gap) const
{
    if (!m_budget)
        return {};
    const BudgetGovernor::Decision d = m_budget();
    if (d.spare() != 0)
        return {};
    return tr("The history of %1 is not filled from CoinGecko: what is left of the %2 plan's %3 calls this month "
              "(%4) is needed for current prices, every %5 s until the month ends")
        .arg(gap.key, d.plan, QLocale().toString(d.credits), QLocale().toString(std::max<qint64>(0, d.credits - d.used)),
             QLocale().toString((d.effective.count() + 999) / 1000));
}

} // namespace cvc::ui
