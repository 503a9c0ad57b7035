#pragma once

#include <QObject>

class QWidget;

namespace cvc {
class ObjectCache;
}

namespace cvc::ui {
class HoldingsModel;
class HoldingsProxyModel;
class HoldingsView;
class Portfolio;
class PortfolioView;
}

namespace cvc::bench {

// What the dashboard puts between the watch cache and the screen, without the network: the
// HoldingsModel over an ObjectCache, the sort/filter proxy, the holdings table and the portfolio
// totals with their view, shown side by side in one offscreen window so every repaint happens.
class HoldingsStack : public QObject
{
    Q_OBJECT
public:
    explicit HoldingsStack(cvc::ObjectCache *cache, QObject *parent = nullptr);
    ~HoldingsStack() override;

    ui::HoldingsModel *model() const { return m_model; }
    ui::HoldingsView *view() const { return m_view; }
    ui::Portfolio *portfolio() const { return m_portfolio; }

    // Sorts the table by `column` (HoldingsModel::Column), as a click on its header would.
    void sortBy(int column);
    // Runs the event loop until the model has applied what the cache holds, the portfolio has been
    // recomputed since the last call and after the model's last change, and the posted repaints
    // are done: everything a tick leaves behind in the GUI thread.
    void settle();
    int portfolioRecomputes() const { return m_recomputes; }

private:
    ui::HoldingsModel *m_model;
    ui::HoldingsProxyModel *m_proxy;
    QWidget *m_window;
    ui::HoldingsView *m_view;
    ui::Portfolio *m_portfolio;
    ui::PortfolioView *m_portfolioView;
    int m_recomputes = 0;
    int m_settledRecomputes = 0;
    bool m_totalsBehind = false;   // the model changed since the portfolio last recomputed
};

} // namespace cvc::bench
