#include "dashboard/holdingsproxymodel.h"

#include "dashboard/holdingsmodel.h"

#include <QTimer>

#include <utility>

namespace cvc::ui {

HoldingsProxyModel::HoldingsProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_pending(new QTimer(this))
{
    setSortRole(HoldingsModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Inserted rows are filtered at once; inserted and changed rows are sorted together in
    // applyPendingChanges().
    setDynamicSortFilter(false);
    m_pending->setSingleShot(true);
    m_pending->setInterval(0);
    connect(m_pending, &QTimer::timeout, this, &HoldingsProxyModel::applyPendingChanges);
}

void HoldingsProxyModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (!sourceModel)
        return;
    m_sourceConnections << connect(sourceModel, &QAbstractItemModel::dataChanged, this,
                                   &HoldingsProxyModel::onSourceDataChanged);
    // Without dynamic sorting QSortFilterProxyModel appends inserted rows at the end.
    m_sourceConnections << connect(sourceModel, &QAbstractItemModel::rowsInserted, this, [this] {
        m_resortPending = true;
        if (!m_pending->isActive())
            m_pending->start();
    });
}

void HoldingsProxyModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const int sortColumn = this->sortColumn();
    if (sortColumn >= 0 && sortColumn >= topLeft.column() && sortColumn <= bottomRight.column())
        m_resortPending = true;
    if (!filterRegularExpression().pattern().isEmpty() && topLeft.column() <= HoldingsModel::CoinColumn)
        m_refilterPending = true;
    if ((m_resortPending || m_refilterPending) && !m_pending->isActive())
        m_pending->start();
}

void HoldingsProxyModel::applyPendingChanges()
{
    const bool refilter = std::exchange(m_refilterPending, false);
    const bool resort = std::exchange(m_resortPending, false);
    if (refilter)
        invalidateFilter();
    if (resort && sortColumn() >= 0)
        sort(sortColumn(), sortOrder());
}

void HoldingsProxyModel::setNamespaceFilter(const QString &namespaceName)
{
    if (namespaceName == m_namespace)
        return;
    m_namespace = namespaceName;
    invalidateRowsFilter();
}

int HoldingsProxyModel::rowOf(const QString &key) const
{
    const auto *holdings = qobject_cast<const HoldingsModel *>(sourceModel());
    const int sourceRow = holdings ? holdings->rowOf(key) : -1;
    return sourceRow < 0 ? -1 : mapFromSource(holdings->index(sourceRow, 0)).row();
}

bool HoldingsProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_namespace.isEmpty()
        && sourceModel()->index(sourceRow, HoldingsModel::NamespaceColumn, sourceParent).data().toString() != m_namespace)
        return false;
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
