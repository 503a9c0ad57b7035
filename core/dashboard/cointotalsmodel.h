#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace cvc::ui {

class Portfolio;

// Per-coin totals of the Portfolio as a table: Coin, Holdings, Amount, Value, P&L, Share.
class CoinTotalsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { CoinColumn, HoldingsColumn, AmountColumn, ValueColumn, ProfitLossColumn, ShareColumn, ColumnCount };

    explicit CoinTotalsModel(Portfolio *portfolio, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onPortfolioChanged();

    QPointer<Portfolio> m_portfolio;
    QStringList m_coins;   // the rows as the view knows them
};

} // namespace cvc::ui
