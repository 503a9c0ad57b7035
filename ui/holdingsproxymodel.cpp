#include "holdingsproxymodel.h"

#include "holdingsmodel.h"

namespace cvc::ui {

HoldingsProxyModel::HoldingsProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(HoldingsModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Sorting follows value changes without resorting the whole table on every tick.
    setDynamicSortFilter(true);
}

bool HoldingsProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QString pattern = filterRegularExpression().pattern();
    if (pattern.isEmpty())
        return true;
    for (int column : {HoldingsModel::NameColumn, HoldingsModel::NamespaceColumn, HoldingsModel::CoinColumn}) {
        const QString text = sourceModel()->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(filterRegularExpression()))
            return true;
    }
    return false;
}

} // namespace cvc::ui
