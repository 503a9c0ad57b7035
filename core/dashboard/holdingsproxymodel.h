#pragma once

#include <QList>
#include <QSortFilterProxyModel>

class QTimer;

namespace cvc::ui {

// Sorting by the numbers behind the texts (so "$1000.0000" sorts after "$99.0000"), the namespace
// on screen (the cache holds every namespace; switching shows other rows, it removes none from
// the model) and the Ctrl+F filter, which matches name, namespace and coin case-insensitively.
//
// Sorting and filtering follow changed data once per event-loop pass, not once per dataChanged:
// a tick is one or two dataChanged per CVC, and QSortFilterProxyModel's dynamic sort moves each
// changed row alone (a layout change over the whole table every time), which cost more per tick
// than rebuilding the model.
class HoldingsProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit HoldingsProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    // Only rows of this namespace; "" = all namespaces.
    void setNamespaceFilter(const QString &namespaceName);
    QString namespaceFilter() const { return m_namespace; }
    // The row of the CVC "namespace/name" as shown; -1 when filtered out or unknown.
    int rowOf(const QString &key) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void applyPendingChanges();

    QTimer *m_pending;
    QString m_namespace;
    QList<QMetaObject::Connection> m_sourceConnections;
    bool m_resortPending = false;
    bool m_refilterPending = false;
};

} // namespace cvc::ui
