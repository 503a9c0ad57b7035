#pragma once

#include "dashboard/holding.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

#include "kube/objectcache.h"

namespace cvc {
struct CryptoValueCalculator;
}

namespace cvc::ui {

// The CVCs of the watch cache as a table. Follows the cache's signals with rowsInserted,
// rowsRemoved and dataChanged (only the columns that changed), so views keep their selection
// and scroll position while values tick. A reset happens only when a different cache is set.
//
// Changes are applied once per event-loop turn, not once per watch event: a price tick is two
// events per CVC, and following each alone (a Holding parsed, a dataChanged and a totals update
// per event) cost more than a reset. The cache's signals only note the key; the queued flush
// rebuilds the holdings of the noted keys from the cache and then announces, in this order, one
// dataChanged per run of adjacent rows whose changed columns are the same, the removals (one
// beginRemoveRows per run of adjacent rows) and the new rows (one beginInsertRows, appended in
// the order they arrived), and holdingsChanged() once. So until the turn ends the rows lag the
// cache; after it they equal it, whatever mix of events the turn brought (a key deleted and
// added again in one turn is a changed row, not a removal and an insert).
//
// While changes keep coming (a writer spreads a 10,000-CVC revaluation over its interval, so
// the watch delivers a few events per turn), flushes are at least minimumFlushGapMs apart: each
// flush costs the proxy a re-sort and the totals a recompute over every row, and paying that per
// watch event would keep a core busy for the whole tick. The first change after a quiet moment
// is still shown at the end of its turn.
class HoldingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, NamespaceColumn, CoinColumn, AmountColumn, PriceColumn, ValueColumn, ProfitLossColumn,
                  ChangeColumn, Change24hColumn, UpdatedColumn, SourceColumn, StateColumn, ColumnCount };
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
    // The USD price of `coin` as the cluster's status shows it: that of the row valued last.
    // What a window that does not write (and so fetches no prices) prices a preview with.
    std::optional<double> clusterPrice(const QString &coin) const;
    // Whether a row shows a price from the source `id` ("coingecko"): its attribution is due.
    bool showsPriceSource(const QString &id) const;

    static QString columnName(int column);

    static constexpr int minimumFlushGapMs = 100;
    // Changes from the cache not yet in the rows (a flush is queued or waits for its gap).
    bool hasPendingChanges() const { return m_flushQueued; }

Q_SIGNALS:
    // After setCache() and once per event-loop turn that inserted, removed or changed rows: for
    // totals and the tray, which need no per-row detail.
    void holdingsChanged();

private:
    struct RowChange
    {
        int row;
        int firstColumn;
        int lastColumn;
    };

    void notePending(const QString &key);
    void noteUnreadable(const QString &key);
    void flush();
    // Replaces the holding in `row` and says which columns (any role) moved, or nothing.
    std::optional<RowChange> update(int row, const cvc::CryptoValueCalculator &cvc);
    std::optional<RowChange> replace(int row, Holding holding);
    void announceChanges(QList<RowChange> changes);
    void dropRows(QList<int> rows);
    void appendRows(const QList<Holding> &added);
    QVariant displayData(const Holding &h, int column) const;
    QVariant sortData(const Holding &h, int column) const;
    static bool columnDiffers(const Holding &a, const Holding &b, int column);

    QPointer<cvc::ObjectCache> m_cache;
    QList<Holding> m_holdings;
    QHash<QString, int> m_rows;
    // The keys the cache's signals named in this turn, in arrival order, so new rows append in
    // that order. The JSON the signals carry is not kept: the dashboard's cache stores CVCs
    // typed (CvcCodec), and reading them back costs nothing while parsing JSON costs most of a tick.
    QList<QString> m_pendingKeys;
    QSet<QString> m_pending;
    bool m_flushQueued = false;
    QElapsedTimer m_sinceFlush;
    QTimer m_flushTimer;
};

} // namespace cvc::ui
