#pragma once

#include "history/historystore.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace cvc {
class PriceHistoryClient;
}

namespace cvc::ui {

// Fills the hours the dashboard was closed: for every CVC whose newest sample is older than a
// few minutes, fetches CoinGecko's market_chart/range for its coin over the gap and stores each
// historic price times the amount in effect then. One request per coin and gap, one at a time,
// through the same client (and budget) as the price feed.
class HistoryBackfiller : public QObject
{
    Q_OBJECT
public:
    HistoryBackfiller(cvc::HistoryStore *store, cvc::PriceHistoryClient *client, QObject *parent = nullptr);

    // Gaps shorter than this are left alone (the next valuation closes them). Default 10 min.
    void setMinimumGapMs(qint64 ms) { m_minimumGapMs = ms; }
    void run();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(int samplesWritten);
    void failed(const QString &message);

private:
    void next();

    QPointer<cvc::HistoryStore> m_store;
    QPointer<cvc::PriceHistoryClient> m_client;
    qint64 m_minimumGapMs = 10 * 60 * 1000;
    bool m_running = false;
    int m_written = 0;
    QList<cvc::HistoryGap> m_queue;
};

} // namespace cvc::ui
