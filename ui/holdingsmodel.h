#pragma once

#include "holding.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

#include "objectcache.h"

namespace cvc::ui {

// The CVCs of the watch cache as a table. Follows the cache's signals with rowsInserted,
// rowsRemoved and dataChanged (only the columns that changed), so views keep their selection
// and scroll position while values tick. A reset happens only when a different cache is set.
class HoldingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, NamespaceColumn, CoinColumn, AmountColumn, PriceColumn, ValueColumn,
                  ChangeColumn, Change24hColumn, UpdatedColumn, StateColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1,  // "namespace/name"
        SortRole,                    // numbers as numbers, times as times
        StateRole,                   // Holding::State as int
    };

    explicit HoldingsModel(QObject *parent = nullptr);

    void setCache(cvc::ObjectCache *cache);
    cvc::ObjectCache *cache() const { return m_cache; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString &key) const { return m_rows.value(key, -1); }
    const Holding &holdingAt(int row) const { return m_holdings.at(row); }
    const QList<Holding> &holdings() const { return m_holdings; }

    static QString columnName(int column);

Q_SIGNALS:
    // After any insert, removal or change: for totals and the tray, which need no per-row detail.
    void holdingsChanged();

private:
    void onAdded(const QString &key, const QJsonObject &object);
    void onModified(const QString &key, const QJsonObject &object);
    void onDeleted(const QString &key);
    QVariant displayData(const Holding &h, int column) const;
    QVariant sortData(const Holding &h, int column) const;
    static bool columnDiffers(const Holding &a, const Holding &b, int column);

    QPointer<cvc::ObjectCache> m_cache;
    QList<Holding> m_holdings;
    QHash<QString, int> m_rows;
};

} // namespace cvc::ui
