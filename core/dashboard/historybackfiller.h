#pragma once

#include "history/historystore.h"
#include "prices/budgetgovernor.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace cvc {
class PriceHistoryClient;
}

namespace cvc::ui {

// Fills the hours the dashboard was closed: for every CVC whose newest sample is older than a
// few minutes, fetches CoinGecko's market_chart/range for its coin over the gap and stores each
// historic price times the amount in effect then. One request per coin and gap, one at a time,
// through the same client (and budget) as the price feed. With a budget, a request is made only
// while the month has calls to spare beyond what live polling needs until its end (the
// governor's reserve): history is a nicety, current values are not.
class HistoryBackfiller : public QObject
{
    Q_OBJECT
public:
    HistoryBackfiller(cvc::HistoryStore *store, cvc::PriceHistoryClient *client, QObject *parent = nullptr);

    // Gaps shorter than this are left alone (the next valuation closes them). Default 10 min.
    void setMinimumGapMs(qint64 ms) { m_minimumGapMs = ms; }
    // How the month's CoinGecko calls stand now (OperatorRuntime::budgetDecision()); none = no limit.
    void setBudget(std::function<cvc::BudgetGovernor::Decision()> budget) { m_budget = std::move(budget); }
    void run();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void finished(int samplesWritten);
    void failed(const QString &message);

private:
    void next();
    // Why the next request would spend calls live prices need; "" when it may go.
    QString budgetRefusal(const cvc::HistoryGap &gap) const;

    QPointer<cvc::HistoryStore> m_store;
    QPointer<cvc::PriceHistoryClient> m_client;
    std::function<cvc::BudgetGovernor::Decision()> m_budget;
    qint64 m_minimumGapMs = 10 * 60 * 1000;
    bool m_running = false;
    int m_written = 0;
    QList<cvc::HistoryGap> m_queue;
};

} // namespace cvc::ui
