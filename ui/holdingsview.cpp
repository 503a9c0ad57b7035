#include "holdingsview.h"

#include "dashboard/holdingsmodel.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

namespace cvc::ui {

HoldingsView::HoldingsView(QWidget *parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("holdingsView"));
    setSortingEnabled(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { columnMenu()->popup(horizontalHeader()->mapToGlobal(pos)); });
    connect(this, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT activatedKey(index.data(HoldingsModel::KeyRole).toString());
    });
}

void HoldingsView::setModel(QAbstractItemModel *model)
{
    QTableView::setModel(model);
    sortByColumn(HoldingsModel::NameColumn, Qt::AscendingOrder);
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { Q_EMIT selectionKeysChanged(selectedKeys()); });
    delete m_columnMenu;
    m_columnMenu = nullptr;
}

QMenu *HoldingsView::columnMenu()
{
    if (m_columnMenu)
        return m_columnMenu;
    m_columnMenu = new QMenu(tr("Columns"), this);
    m_columnMenu->setObjectName(QStringLiteral("columnMenu"));
    if (!model())
        return m_columnMenu;
    for (int column = 0; column < model()->columnCount(); ++column) {
        QAction *action = m_columnMenu->addAction(model()->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!isColumnHidden(column));
        // The name identifies the row; it cannot be hidden.
        action->setEnabled(column != HoldingsModel::NameColumn);
        connect(action, &QAction::toggled, this, [this, column](bool shown) { setColumnHidden(column, !shown); });
    }
    connect(m_columnMenu, &QMenu::aboutToShow, this, [this] {
        const auto actions = m_columnMenu->actions();
        for (int column = 0; column < actions.size(); ++column)
            actions.at(column)->setChecked(!isColumnHidden(column));
    });
    return m_columnMenu;
}

QStringList HoldingsView::selectedKeys() const
{
    QStringList keys;
    if (!selectionModel())
        return keys;
    for (const QModelIndex &index : selectionModel()->selectedRows())
        keys << index.data(HoldingsModel::KeyRole).toString();
    return keys;
}

QString HoldingsView::currentKey() const
{
    const QStringList keys = selectedKeys();
    if (keys.size() == 1)
        return keys.first();
    return currentIndex().isValid() && keys.contains(currentIndex().data(HoldingsModel::KeyRole).toString())
               ? currentIndex().data(HoldingsModel::KeyRole).toString()
               : (keys.isEmpty() ? QString() : keys.first());
}

void HoldingsView::selectKey(const QString &key)
{
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex index = model()->index(row, 0);
        if (index.data(HoldingsModel::KeyRole).toString() == key) {
            setCurrentIndex(index);
            selectRow(row);
            return;
        }
    }
}

void HoldingsView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentIndex().isValid()) {
        Q_EMIT activatedKey(currentIndex().data(HoldingsModel::KeyRole).toString());
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace cvc::ui
