#include "dashboard/cointotalsmodel.h"

#include "dashboard/holding.h"
#include "dashboard/portfolio.h"

namespace cvc::ui {

CoinTotalsModel::CoinTotalsModel(Portfolio *portfolio, QObject *parent)
    : QAbstractTableModel(parent)
    , m_portfolio(portfolio)
{
    connect(portfolio, &Portfolio::changed, this, &CoinTotalsModel::onPortfolioChanged);
    onPortfolioChanged();
}

int CoinTotalsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_coins.size());
}

int CoinTotalsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CoinTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CoinColumn: return tr("Coin");
    case HoldingsColumn: return tr("CVCs");
    case AmountColumn: return tr("Amount");
    case ValueColumn: return tr("Value");
    case ProfitLossColumn: return tr("P&L");
    case ShareColumn: return tr("Share");
    }
    return {};
}

QVariant CoinTotalsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_portfolio || index.row() >= m_portfolio->coins().size())
        return {};
    const Portfolio::CoinTotal &c = m_portfolio->coins().at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != CoinColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case CoinColumn: return c.coin;
    case HoldingsColumn: return c.holdings;
    case AmountColumn: return Holding::formatNumber(c.amount);
    case ValueColumn: return Portfolio::formatUsd(c.value);
    case ProfitLossColumn: return c.withCostBasis > 0 ? Holding::formatProfitLoss(c.profitLoss) : QString();
    case ShareColumn:
        return m_portfolio->total() > 0 ? QString::number(c.value / m_portfolio->total() * 100, 'f', 1) + QLatin1Char('%')
                                        : QString();
    }
    return {};
}

void CoinTotalsModel::onPortfolioChanged()
{
    QStringList coins;
    for (const Portfolio::CoinTotal &c : m_portfolio->coins())
        coins << c.coin;
    if (coins != m_coins) {
        // The set of coins changes rarely (a first CVC of a coin); values change every tick.
        beginResetModel();
        m_coins = coins;
        endResetModel();
        return;
    }
    if (!m_coins.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_coins.size()) - 1, ColumnCount - 1));
}

} // namespace cvc::ui
