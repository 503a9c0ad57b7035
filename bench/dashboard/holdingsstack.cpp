#include "holdingsstack.h"

#include "dashboard/holdingsmodel.h"
#include "dashboard/holdingsproxymodel.h"
#include "holdingsview.h"
#include "kube/objectcache.h"
#include "dashboard/portfolio.h"
#include "portfolioview.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QWidget>

namespace cvc::bench {

HoldingsStack::HoldingsStack(ObjectCache *cache, QObject *parent)
    : QObject(parent)
    , m_model(new ui::HoldingsModel(this))
    , m_proxy(new ui::HoldingsProxyModel(this))
    , m_window(new QWidget)
    , m_view(new ui::HoldingsView(m_window))
    , m_portfolio(new ui::Portfolio(m_model, this))
    , m_portfolioView(new ui::PortfolioView(m_portfolio, m_window))
{
    connect(m_portfolio, &ui::Portfolio::changed, this, [this] {
        ++m_recomputes;
        m_totalsBehind = false;
    });
    connect(m_model, &ui::HoldingsModel::holdingsChanged, this, [this] { m_totalsBehind = true; });
    m_model->setCache(cache);
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    auto *layout = new QHBoxLayout(m_window);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_portfolioView, 1);
    m_window->resize(1600, 900);
    m_window->show();
    settle();
}

HoldingsStack::~HoldingsStack()
{
    delete m_window;
}

void HoldingsStack::sortBy(int column)
{
    m_view->sortByColumn(column, Qt::DescendingOrder);
    settle();
}

void HoldingsStack::settle()
{
    // The model applies the turn's changes in a queued flush, the portfolio recomputes on a zero
    // timer after it and the views repaint on posted update requests; a few passes of the loop run
    // all of them (and whatever they post in turn). When events came a few per turn the totals
    // may have been recomputed already, but not necessarily after the last flush.
    // The model may hold its changes back for its flush gap: waiting for that costs no CPU.
    while (m_model->hasPendingChanges())
        QApplication::processEvents(QEventLoop::WaitForMoreEvents);
    for (int pass = 0; pass < 100 && (m_recomputes == m_settledRecomputes || m_totalsBehind); ++pass)
        QApplication::processEvents();
    m_settledRecomputes = m_recomputes;
    QApplication::sendPostedEvents();
    QApplication::processEvents();
}

} // namespace cvc::bench
