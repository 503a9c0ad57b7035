#include "portfolioview.h"

#include "dashboard/theme.h"
#include "dashboard/cointotalsmodel.h"
#include "dashboard/portfolio.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPieSeries>
#include <QPieSlice>
#include <QTableView>
#include <QVBoxLayout>

namespace cvc::ui {

PortfolioView::PortfolioView(Portfolio *portfolio, QWidget *parent)
    : QWidget(parent)
    , m_portfolio(portfolio)
    , m_totals(new CoinTotalsModel(portfolio, this))
    , m_total(new QLabel(this))
    , m_change(new QLabel(this))
    , m_profitLoss(new QLabel(this))
    , m_table(new QTableView(this))
    , m_chartView(new QChartView(this))
    , m_pie(new QPieSeries(this))
{
    setObjectName(QStringLiteral("portfolioView"));
    m_total->setObjectName(QStringLiteral("totalLabel"));
    m_change->setObjectName(QStringLiteral("change24hLabel"));
    m_profitLoss->setObjectName(QStringLiteral("profitLossLabel"));
    QFont big = m_total->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_total->setFont(big);
    m_table->setObjectName(QStringLiteral("coinTotalsView"));
    m_table->setModel(m_totals);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *chart = new QChart;
    chart->addSeries(m_pie);
    chart->setTitle(tr("Allocation"));
    chart->legend()->setAlignment(Qt::AlignRight);
    m_chartView->setChart(chart);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(280, 200);

    auto *left = new QVBoxLayout;
    left->addWidget(m_total);
    left->addWidget(m_change);
    left->addWidget(m_profitLoss);
    left->addWidget(m_table, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addWidget(m_chartView, 1);

    connect(portfolio, &Portfolio::changed, this, &PortfolioView::refresh);
    refresh();
}

void PortfolioView::refresh()
{
    m_total->setText(tr("Total %1").arg(Portfolio::formatUsd(m_portfolio->total())));
    if (m_portfolio->hasChange24h()) {
        const double change = m_portfolio->change24hPercent();
        m_change->setText(tr("24h: %1%2%").arg(change >= 0 ? QStringLiteral("+") : QString(),
                                               QString::number(change, 'f', 2)));
        m_change->setStyleSheet(Theme().textStyle(change >= 0 ? Theme::Role::Positive : Theme::Role::Negative));
    } else {
        m_change->setText(tr("24h: no data yet"));
        m_change->setStyleSheet(QString());
    }
    const QString profitLoss = m_portfolio->profitLossText();
    if (profitLoss.isEmpty()) {
        m_profitLoss->setText(tr("P&L: set a cost basis on a CVC to see it"));
        m_profitLoss->setStyleSheet(QString());
    } else {
        m_profitLoss->setText(tr("P&L: %1").arg(profitLoss));
        m_profitLoss->setStyleSheet(m_portfolio->profitLoss() == 0 ? QString()
                                    : Theme().textStyle(m_portfolio->profitLoss() > 0 ? Theme::Role::Positive : Theme::Role::Negative));
    }
    // Slices are updated in place so the chart does not flicker on every tick.
    QHash<QString, QPieSlice *> slices;
    for (QPieSlice *slice : m_pie->slices())
        slices.insert(slice->property("coin").toString(), slice);
    QSet<QString> seen;
    for (const Portfolio::CoinTotal &c : m_portfolio->coins()) {
        if (c.value <= 0)
            continue;
        seen.insert(c.coin);
        QPieSlice *slice = slices.value(c.coin);
        if (!slice) {
            slice = m_pie->append(c.coin, c.value);
            slice->setProperty("coin", c.coin);
        } else {
            slice->setValue(c.value);
        }
        slice->setLabel(QStringLiteral("%1 %2%").arg(c.coin).arg(m_portfolio->total() > 0 ? c.value / m_portfolio->total() * 100 : 0, 0, 'f', 1));
    }
    for (auto it = slices.cbegin(); it != slices.cend(); ++it) {
        if (!seen.contains(it.key()))
            m_pie->remove(it.value());
    }
}

QString PortfolioView::totalText() const { return m_total->text(); }
QString PortfolioView::changeText() const { return m_change->text(); }
QString PortfolioView::profitLossText() const { return m_profitLoss->text(); }
int PortfolioView::sliceCount() const { return int(m_pie->count()); }

} // namespace cvc::ui
