#pragma once

#include <QSortFilterProxyModel>

namespace cvc::ui {

// Sorting by the numbers behind the texts (so "$1000.0000" sorts after "$99.0000") and the
// Ctrl+F filter, which matches name, namespace and coin case-insensitively.
class HoldingsProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit HoldingsProxyModel(QObject *parent = nullptr);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
};

} // namespace cvc::ui
