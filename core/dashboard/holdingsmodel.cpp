#include "dashboard/holdingsmodel.h"

#include "cvc/cvccodec.h"
#include "dashboard/theme.h"
#include "prices/pricesource.h"
#include "kube/objectcache.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <functional>
#include <utility>

namespace cvc::ui {

HoldingsModel::HoldingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &HoldingsModel::flush);
}

void HoldingsModel::setCache(ObjectCache *cache)
{
    if (m_cache)
        disconnect(m_cache, nullptr, this, nullptr);
    beginResetModel();
    m_cache = cache;
    m_holdings.clear();
    m_rows.clear();
    // The reset reads the whole cache; what the old one noted no longer applies.
    m_pendingKeys.clear();
    m_pending.clear();
    m_flushQueued = false;
    m_flushTimer.stop();
    if (m_cache) {
        // In key order (namespace, then name), the order the table shows by default: a run of
        // adjacent changed rows is then a run on screen too, and the views repaint only what
        // they show of it. Rows added later go at the end.
        QStringList keys = m_cache->keys();
        keys.sort();
        m_holdings.reserve(keys.size());
        for (const QString &key : keys) {
            m_rows.insert(key, int(m_holdings.size()));
            m_holdings.append(Holding::fromCvc(CvcCodec::read(*m_cache, key)));
        }
        const QHash<QString, QString> unreadable = m_cache->unreadable();
        for (auto it = unreadable.cbegin(); it != unreadable.cend(); ++it) {
            m_rows.insert(it.key(), int(m_holdings.size()));
            m_holdings.append(Holding::forUnreadable(it.key(), *it));
        }
        connect(m_cache, &ObjectCache::objectAdded, this, [this](const QString &key) { notePending(key); });
        connect(m_cache, &ObjectCache::objectModified, this, [this](const QString &key) { notePending(key); });
        connect(m_cache, &ObjectCache::objectDeleted, this, [this](const QString &key) { notePending(key); });
        connect(m_cache, &ObjectCache::unreadableChanged, this, &HoldingsModel::noteUnreadable);
    }
    endResetModel();
    Q_EMIT holdingsChanged();
}

int HoldingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_holdings.size());
}

int HoldingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HoldingsModel::columnName(int column)
{
    switch (column) {
    case NameColumn: return tr("Name");
    case NamespaceColumn: return tr("Namespace");
    case CoinColumn: return tr("Coin");
    case AmountColumn: return tr("Amount");
    case PriceColumn: return tr("Price");
    case ValueColumn: return tr("Value");
    case ProfitLossColumn: return tr("P&L");
    case ChangeColumn: return tr("Change");
    case Change24hColumn: return tr("24h");
    case UpdatedColumn: return tr("Updated");
    case SourceColumn: return tr("Source");
    case StateColumn: return tr("State");
    }
    return {};
}

QVariant HoldingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return columnName(section);
    if (role == Qt::TextAlignmentRole && section >= AmountColumn && section <= Change24hColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant HoldingsModel::displayData(const Holding &h, int column) const
{
    switch (column) {
    case NameColumn: return h.name;
    case NamespaceColumn: return h.namespaceName;
    case CoinColumn: return h.coin;
    case AmountColumn: return h.amountText;
    case PriceColumn: return h.hasPrice ? QStringLiteral("$") + Holding::formatPrice(h.price) : QString();
    case ValueColumn: return h.valueText;
    case ProfitLossColumn: return h.profitLossText();
    case ChangeColumn: return h.change;
    case Change24hColumn: return h.change24h;
    case UpdatedColumn: {
        if (!h.updated.isValid())
            return QString();
        // Today's valuations need only the time; older ones the date too.
        const QDateTime local = h.updated.toLocalTime();
        return local.date() == QDate::currentDate() ? local.toString(QStringLiteral("HH:mm:ss"))
                                                    : local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    case SourceColumn: return h.priceSource.isEmpty() ? QString() : PriceSource::displayNameOf(h.priceSource);
    case StateColumn: return Holding::stateName(h.state);
    }
    return {};
}

QVariant HoldingsModel::sortData(const Holding &h, int column) const
{
    switch (column) {
    case AmountColumn: return h.amount;
    case PriceColumn: return h.hasPrice ? h.price : -1.0;
    case ValueColumn: return h.hasValue ? h.value : -1.0;
    case ProfitLossColumn: return h.hasProfitLoss ? h.profitLoss : -1e18;
    case Change24hColumn: return h.hasChange24h ? h.change24hPercent : -1e9;
    case ChangeColumn: {
        QString number = h.change;
        number.remove(QLatin1Char('%'));
        bool ok = false;
        const double percent = number.toDouble(&ok);
        return ok ? percent : -1e9;
    }
    case UpdatedColumn: return h.updated;
    case StateColumn: return int(h.state);
    }
    return displayData(h, column);
}

bool HoldingsModel::columnDiffers(const Holding &a, const Holding &b, int column)
{
    // From the parsed fields, not from data(): formatting both sides of every column (local
    // times, prices, translated states) for each watch event cost more than parsing the event.
    switch (column) {
    case NameColumn: return a.name != b.name;
    case NamespaceColumn: return a.namespaceName != b.namespaceName;
    case CoinColumn: return a.coin != b.coin;
    case AmountColumn: return a.amountText != b.amountText || a.amount != b.amount;
    case PriceColumn: return a.hasPrice != b.hasPrice || a.price != b.price;
    // The value's tooltip is the state's reason.
    case ValueColumn: return a.valueText != b.valueText || a.stateReason != b.stateReason;
    case ProfitLossColumn: return a.hasProfitLoss != b.hasProfitLoss || a.profitLoss != b.profitLoss
                                  || a.profitLossPercent != b.profitLossPercent || a.costBasis != b.costBasis;
    case ChangeColumn: return a.change != b.change;
    case Change24hColumn: return a.change24h != b.change24h;
    case UpdatedColumn: return a.updated != b.updated;
    case SourceColumn: return a.priceSource != b.priceSource || a.priceUpdatedText != b.priceUpdatedText;
    case StateColumn: return a.state != b.state || a.stateReason != b.stateReason;
    }
    return false;
}

QVariant HoldingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_holdings.size())
        return {};
    const Holding &h = m_holdings.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(h, column);
    case Qt::ToolTipRole:
        if (column == StateColumn || column == ValueColumn)
            return h.stateReason;
        if (column == UpdatedColumn && h.updated.isValid())
            return h.updated.toString(Qt::ISODate);
        if (column == ProfitLossColumn && h.hasCostBasis)
            return tr("Value minus the cost basis of $%1 (spec.costBasis)").arg(QString::number(h.costBasis, 'f', 2));
        if (column == ProfitLossColumn)
            return tr("No cost basis: set what you paid in the CVC's dialog to see profit and loss");
        if (column == PriceColumn && h.hasPrice)
            return tr("$%1 per coin, exactly as status.price has it").arg(Holding::formatNumber(h.price));
        if (column == SourceColumn && !h.priceSource.isEmpty())
            return h.priceUpdatedText.isEmpty() ? tr("Price from %1").arg(PriceSource::displayNameOf(h.priceSource))
                                                : tr("Price from %1, as of %2").arg(PriceSource::displayNameOf(h.priceSource),
                                                                                    h.priceUpdatedText);
        return {};
    case Qt::TextAlignmentRole:
        if (column >= AmountColumn && column <= Change24hColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (column == StateColumn) {
            switch (h.state) {
            case Holding::State::Fresh: return QBrush(Theme().color(Theme::Role::Positive));
            case Holding::State::Stale: return QBrush(Theme().color(Theme::Role::Warning));
            case Holding::State::Invalid: return QBrush(Theme().color(Theme::Role::Negative));
            case Holding::State::Pending: return QBrush(Theme().color(Theme::Role::Muted));
            }
        }
        if (column == ProfitLossColumn && h.hasProfitLoss && h.profitLoss != 0)
            return QBrush(Theme().color(h.profitLoss > 0 ? Theme::Role::Positive : Theme::Role::Negative));
        if ((column == ChangeColumn || column == Change24hColumn)) {
            const QString &text = column == ChangeColumn ? h.change : h.change24h;
            if (text.startsWith(QLatin1Char('+')))
                return QBrush(Theme().color(Theme::Role::Positive));
            if (text.startsWith(QLatin1Char('-')))
                return QBrush(Theme().color(Theme::Role::Negative));
        }
        return {};
    case KeyRole:
        return h.key;
    case SortRole:
        return sortData(h, column);
    case StateRole:
        return int(h.state);
    }
    return {};
}

std::optional<double> HoldingsModel::clusterPrice(const QString &coin) const
{
    const Holding *latest = nullptr;
    for (const Holding &h : m_holdings) {
        if (h.coin == coin && h.hasPrice && (!latest || h.updated > latest->updated))
            latest = &h;
    }
    return latest ? std::optional<double>(latest->price) : std::nullopt;
}

bool HoldingsModel::showsPriceSource(const QString &id) const
{
    return std::any_of(m_holdings.cbegin(), m_holdings.cend(), [&id](const Holding &h) { return h.priceSource == id; });
}

void HoldingsModel::noteUnreadable(const QString &key)
{
    // Readable again: objectAdded says so.
    if (!m_cache->contains(key))
        notePending(key);
}

void HoldingsModel::notePending(const QString &key)
{
    if (!m_pending.contains(key)) {
        m_pending.insert(key);
        m_pendingKeys.append(key);
    }
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    const qint64 wait = m_sinceFlush.isValid() ? minimumFlushGapMs - m_sinceFlush.elapsed() : 0;
    if (wait > 0)
        m_flushTimer.start(int(wait));
    else
        QMetaObject::invokeMethod(this, &HoldingsModel::flush, Qt::QueuedConnection);
}

void HoldingsModel::flush()
{
    if (!m_flushQueued)
        return;   // setCache() read the whole cache since this flush was queued
    m_flushQueued = false;
    m_sinceFlush.start();
    const QList<QString> keys = std::exchange(m_pendingKeys, {});
    m_pending.clear();
    if (!m_cache || keys.isEmpty())
        return;
    QList<RowChange> changes;
    QList<int> removed;
    QList<Holding> added;
    bool updated = false;
    for (const QString &key : keys) {
        const int row = m_rows.value(key, -1);
        // The cache's state at the end of the turn is what the row must show, whatever
        // happened in between.
        const bool present = m_cache->contains(key);
        const QString unreadable = present ? QString() : m_cache->unreadable().value(key);
        if (!unreadable.isEmpty()) {
            if (row < 0) {
                added.append(Holding::forUnreadable(key, unreadable));
            } else {
                updated = true;
                if (const std::optional<RowChange> c = replace(row, Holding::forUnreadable(key, unreadable)))
                    changes.append(*c);
            }
        } else if (present && row >= 0) {
            updated = true;
            if (const std::optional<RowChange> c = update(row, CvcCodec::read(*m_cache, key)))
                changes.append(*c);
        } else if (present) {
            added.append(Holding::fromCvc(CvcCodec::read(*m_cache, key)));
        } else if (row >= 0) {
            removed.append(row);
        }
        // Deleted and not in the table: added and deleted within the turn.
    }
    const bool structural = !removed.isEmpty() || !added.isEmpty();
    // Changed rows first, while the row numbers are those the views know.
    announceChanges(std::move(changes));
    dropRows(std::move(removed));
    appendRows(added);
    if (updated || structural)
        Q_EMIT holdingsChanged();
}

std::optional<HoldingsModel::RowChange> HoldingsModel::update(int row, const CryptoValueCalculator &cvc)
{
    const Holding &previous = m_holdings.at(row);
    // An unreadable row has nothing a readable version could reuse.
    return replace(row, Holding::fromCvc(cvc, previous.unreadable ? nullptr : &previous));
}

std::optional<HoldingsModel::RowChange> HoldingsModel::replace(int row, Holding updated)
{
    const Holding &old = m_holdings.at(row);
    // Only the columns whose data (any role) moved: a tick that changes values alone repaints
    // Price…State, and a resourceVersion bump with nothing visible repaints nothing.
    int first = -1;
    int last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (columnDiffers(old, updated, column)) {
            if (first < 0)
                first = column;
            last = column;
        }
    }
    m_holdings[row] = std::move(updated);
    if (first < 0)
        return std::nullopt;
    return RowChange{row, first, last};
}

void HoldingsModel::announceChanges(QList<RowChange> changes)
{
    std::sort(changes.begin(), changes.end(), [](const RowChange &a, const RowChange &b) { return a.row < b.row; });
    // One signal per run of adjacent rows with the same changed columns: a tick is a handful of
    // signals for the whole table, and no signal covers a cell that did not change.
    for (qsizetype begin = 0; begin < changes.size();) {
        const RowChange &first = changes.at(begin);
        qsizetype end = begin + 1;
        while (end < changes.size() && changes.at(end).row == changes.at(end - 1).row + 1
               && changes.at(end).firstColumn == first.firstColumn && changes.at(end).lastColumn == first.lastColumn)
            ++end;
        Q_EMIT dataChanged(index(first.row, first.firstColumn), index(changes.at(end - 1).row, first.lastColumn));
        begin = end;
    }
}

void HoldingsModel::dropRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    // From the bottom up, so the rows still to remove keep their numbers.
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (qsizetype begin = 0; begin < rows.size();) {
        qsizetype end = begin + 1;
        while (end < rows.size() && rows.at(end) == rows.at(end - 1) - 1)
            ++end;
        const int first = rows.at(end - 1);
        const int last = rows.at(begin);
        beginRemoveRows(QModelIndex(), first, last);
        for (int row = first; row <= last; ++row)
            m_rows.remove(m_holdings.at(row).key);
        m_holdings.remove(first, last - first + 1);
        endRemoveRows();
        begin = end;
    }
    // Renumbered once for all runs; rowOf() of rows below a removed run is stale until here.
    for (int row = rows.last(); row < m_holdings.size(); ++row)
        m_rows[m_holdings.at(row).key] = row;
}

void HoldingsModel::appendRows(const QList<Holding> &added)
{
    if (added.isEmpty())
        return;
    const int first = int(m_holdings.size());
    beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1);
    m_holdings.append(added);
    for (int row = first; row < m_holdings.size(); ++row)
        m_rows.insert(m_holdings.at(row).key, row);
    endInsertRows();
}

} // namespace cvc::ui
