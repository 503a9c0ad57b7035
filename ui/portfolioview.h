#pragma once

#include <QWidget>

class QLabel;
class QTableView;

class QChartView;
class QPieSeries;

namespace cvc::ui {

class CoinTotalsModel;
class Portfolio;

// The portfolio tab: total value, its 24 h change, totals per coin and an allocation pie.
class PortfolioView : public QWidget
{
    Q_OBJECT
public:
    explicit PortfolioView(Portfolio *portfolio, QWidget *parent = nullptr);

    QString totalText() const;
    QString changeText() const;
    QString profitLossText() const;
    int sliceCount() const;

private:
    void refresh();

    Portfolio *m_portfolio;
    CoinTotalsModel *m_totals;
    QLabel *m_total;
    QLabel *m_change;
    QLabel *m_profitLoss;
    QTableView *m_table;
    QChartView *m_chartView;
    QPieSeries *m_pie;
};

} // namespace cvc::ui
