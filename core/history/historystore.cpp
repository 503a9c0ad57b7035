#include "historystore.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QCoreApplication>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

#include <QTimeZone>

#include <cmath>
#include <limits>

namespace cvc {

namespace {

enum SampleSource { LiveSample = 0, BackfillSample = 1 };

QString sqlError(const QSqlQuery &query)
{
    return query.lastError().text();
}

} // namespace

HistoryStore::HistoryStore(QObject *parent)
    : QObject(parent)
    , m_connection(QStringLiteral("cvc-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

HistoryStore::~HistoryStore()
{
    close();
}

QString HistoryStore::defaultPath()
{
    // ~/.local/share/cvc-dashboard, where it always was: AppDataLocation would add the
    // organisation's folder now that the dashboard names one (ApplicationIdentity).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
           + QCoreApplication::applicationName() + QStringLiteral("/history.sqlite");
}

bool HistoryStore::open(const QString &path)
{
    close();
    QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        m_error = tr("Cannot create the folder %1 for the value history.").arg(info.absolutePath());
        return false;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        if (!db.open()) {
            m_error = tr("Cannot open the value history %1: %2").arg(path, db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connection);
            return false;
        }
    }
    m_path = path;
    // WAL lets a second window (or a reader tool) see the file while this one writes; NORMAL
    // sync is durable enough for chart data and keeps a sample per tick cheap.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !migrate()) {
        close();
        return false;
    }
    return true;
}

void HistoryStore::close()
{
    if (!QSqlDatabase::contains(m_connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

bool HistoryStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(sql)) {
        m_error = tr("Value history %1: %2").arg(m_path, sqlError(query));
        return false;
    }
    return true;
}

bool HistoryStore::migrate()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        m_error = tr("Value history %1: %2").arg(m_path, sqlError(query));
        return false;
    }
    const int version = query.value(0).toInt();
    if (version > schemaVersion) {
        m_error = tr("The value history %1 was written by a newer version (schema %2, this one "
                     "knows %3). Move the file away to start a new history.")
                      .arg(m_path).arg(version).arg(schemaVersion);
        return false;
    }
    if (version == schemaVersion)
        return true;
    // Version 0 → 1: the first schema. Later versions add steps here, one transaction each.
    const QStringList steps = {
        QStringLiteral("CREATE TABLE samples (t INTEGER NOT NULL, key TEXT NOT NULL, uid TEXT, "
                       "coin TEXT, amount REAL, price REAL, value REAL NOT NULL, source INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX samples_key_t ON samples (key, t)"),
        QStringLiteral("CREATE INDEX samples_t ON samples (t)"),
        QStringLiteral("CREATE TABLE amounts (t INTEGER NOT NULL, key TEXT NOT NULL, uid TEXT, "
                       "coin TEXT, amount REAL NOT NULL)"),
        QStringLiteral("CREATE INDEX amounts_key_t ON amounts (key, t)"),
        QStringLiteral("CREATE TABLE deletions (t INTEGER NOT NULL, key TEXT NOT NULL)"),
        QStringLiteral("PRAGMA user_version = 1"),
    };
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (const QString &step : steps) {
        if (!exec(step)) {
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

bool HistoryStore::recordAmount(const QString &key, const QString &uid, const QString &coin,
                                double amount, const QDateTime &time)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery last(db);
    last.prepare(QStringLiteral("SELECT amount, coin, t FROM amounts WHERE key = ? ORDER BY t DESC LIMIT 1"));
    last.addBindValue(key);
    if (!last.exec()) {
        m_error = sqlError(last);
        return false;
    }
    if (last.next() && last.value(0).toDouble() == amount && last.value(1).toString() == coin
        && last.value(2).toLongLong() <= time.toMSecsSinceEpoch())
        return true;
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO amounts (t, key, uid, coin, amount) VALUES (?, ?, ?, ?, ?)"));
    insert.addBindValue(time.toMSecsSinceEpoch());
    insert.addBindValue(key);
    insert.addBindValue(uid);
    insert.addBindValue(coin);
    insert.addBindValue(amount);
    if (!insert.exec()) {
        m_error = sqlError(insert);
        return false;
    }
    return true;
}

bool HistoryStore::addSample(const HistorySample &sample)
{
    if (!recordAmount(sample.key, sample.uid, sample.coin, sample.amount, sample.time))
        return false;
    // The same valuation is seen again after a restart or a relist: store it once.
    QSqlQuery existing(QSqlDatabase::database(m_connection, false));
    existing.prepare(QStringLiteral("SELECT 1 FROM samples WHERE key = ? AND t = ?"));
    existing.addBindValue(sample.key);
    existing.addBindValue(sample.time.toMSecsSinceEpoch());
    if (existing.exec() && existing.next())
        return true;
    QSqlQuery insert(QSqlDatabase::database(m_connection, false));
    insert.prepare(QStringLiteral("INSERT INTO samples (t, key, uid, coin, amount, price, value, source) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(sample.time.toMSecsSinceEpoch());
    insert.addBindValue(sample.key);
    insert.addBindValue(sample.uid);
    insert.addBindValue(sample.coin);
    insert.addBindValue(sample.amount);
    insert.addBindValue(sample.price);
    insert.addBindValue(sample.value);
    insert.addBindValue(int(LiveSample));
    if (!insert.exec()) {
        m_error = sqlError(insert);
        return false;
    }
    Q_EMIT samplesAdded(sample.key);
    return true;
}

bool HistoryStore::markDeleted(const QString &key, const QDateTime &time)
{
    QSqlQuery insert(QSqlDatabase::database(m_connection, false));
    insert.prepare(QStringLiteral("INSERT INTO deletions (t, key) VALUES (?, ?)"));
    insert.addBindValue(time.toMSecsSinceEpoch());
    insert.addBindValue(key);
    if (!insert.exec()) {
        m_error = sqlError(insert);
        return false;
    }
    return true;
}

QStringList HistoryStore::keys() const
{
    QStringList result;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral("SELECT DISTINCT key FROM samples UNION SELECT DISTINCT key FROM amounts ORDER BY 1"));
    while (query.next())
        result << query.value(0).toString();
    return result;
}

QStringList HistoryStore::deletedKeys() const
{
    // Deleted means: the newest event about the key is a deletion.
    QStringList result;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral(
        "SELECT d.key FROM deletions d GROUP BY d.key HAVING MAX(d.t) >= "
        "COALESCE((SELECT MAX(a.t) FROM amounts a WHERE a.key = d.key), 0) ORDER BY 1"));
    while (query.next())
        result << query.value(0).toString();
    return result;
}

int HistoryStore::sampleCount(const QString &key) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (key.isEmpty()) {
        query.exec(QStringLiteral("SELECT COUNT(*) FROM samples"));
    } else {
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM samples WHERE key = ?"));
        query.addBindValue(key);
        query.exec();
    }
    return query.next() ? query.value(0).toInt() : 0;
}

QList<HistoryStore::AmountAt> HistoryStore::amounts(const QString &key) const
{
    QList<AmountAt> result;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT t, amount FROM amounts WHERE key = ? ORDER BY t"));
    query.addBindValue(key);
    query.exec();
    while (query.next())
        result.append({query.value(0).toLongLong(), query.value(1).toDouble()});
    return result;
}

QList<HistoryPoint> HistoryStore::series(const QString &key, HistoryRange range,
                                         const QDateTime &end) const
{
    return bucketed({key}, QString(), range, end);
}

QList<HistoryPoint> HistoryStore::totalSeries(HistoryRange range, const QDateTime &end, const QString &namespaceName) const
{
    return bucketed({}, namespaceName, range, end);
}

QList<HistoryPoint> HistoryStore::bucketed(const QStringList &keys, const QString &namespaceName, HistoryRange range,
                                           const QDateTime &end) const
{
    // Keys are "namespace/name": a total of one namespace counts the keys with its prefix.
    const QString prefix = namespaceName.isEmpty() ? QString() : namespaceName + QLatin1Char('/');
    auto counted = [&prefix](const QString &key) { return prefix.isEmpty() || key.startsWith(prefix); };
    const qint64 endMs = end.toMSecsSinceEpoch();
    const qint64 width = historyRangeBucketMs(range);
    const qint64 startMs = endMs - historyRangeSpanMs(range);
    const bool total = keys.isEmpty();
    const QString keyFilter = total ? QString() : QStringLiteral(" AND key = :key");
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);

    // Per key and bucket: the mean value and the time of the newest sample in it.
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT key, (t - :start) / :width AS b, AVG(value), MAX(t) FROM samples "
                                 "WHERE t >= :start AND t <= :end") + keyFilter
                  + QStringLiteral(" GROUP BY key, b ORDER BY b"));
    query.bindValue(QStringLiteral(":start"), startMs);
    query.bindValue(QStringLiteral(":width"), width);
    query.bindValue(QStringLiteral(":end"), endMs);
    if (!total)
        query.bindValue(QStringLiteral(":key"), keys.first());
    query.exec();

    struct Cell { double value; qint64 newest; };
    QMap<qint64, QHash<QString, Cell>> buckets;
    while (query.next()) {
        if (!counted(query.value(0).toString()))
            continue;
        buckets[query.value(1).toLongLong()].insert(query.value(0).toString(),
                                                    {query.value(2).toDouble(), query.value(3).toLongLong()});
    }

    QList<HistoryPoint> points;
    if (!total) {
        for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
            const Cell cell = it.value().constBegin().value();
            points.append({QDateTime::fromMSecsSinceEpoch(startMs + it.key() * width + width / 2, Qt::UTC),
                           cell.value});
        }
        return points;
    }

    // The total at a moment is the sum of every CVC's latest value at that moment, so a CVC
    // without a sample in a bucket contributes its previous value, until it is deleted.
    QHash<QString, Cell> current;
    QSqlQuery before(db);
    before.prepare(QStringLiteral("SELECT key, value, MAX(t) FROM samples WHERE t < ? GROUP BY key"));
    before.addBindValue(startMs);
    before.exec();
    while (before.next()) {
        if (counted(before.value(0).toString()))
            current.insert(before.value(0).toString(), {before.value(1).toDouble(), before.value(2).toLongLong()});
    }

    QHash<QString, QList<qint64>> deletions;
    QSqlQuery deleted(db);
    deleted.exec(QStringLiteral("SELECT key, t FROM deletions ORDER BY t"));
    while (deleted.next())
        deletions[deleted.value(0).toString()].append(deleted.value(1).toLongLong());

    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
        const qint64 bucketEnd = startMs + (it.key() + 1) * width;
        for (auto cell = it.value().cbegin(); cell != it.value().cend(); ++cell)
            current.insert(cell.key(), cell.value());
        double sum = 0;
        for (auto c = current.begin(); c != current.end();) {
            bool gone = false;
            for (qint64 t : deletions.value(c.key())) {
                if (t >= c.value().newest && t < bucketEnd) {
                    gone = true;
                    break;
                }
            }
            if (gone) {
                c = current.erase(c);
                continue;
            }
            sum += c.value().value;
            ++c;
        }
        points.append({QDateTime::fromMSecsSinceEpoch(startMs + it.key() * width + width / 2, Qt::UTC), sum});
    }
    return points;
}

QList<HistoryGap> HistoryStore::gaps(const QDateTime &now, qint64 minimumGapMs, qint64 maximumSpanMs) const
{
    QList<HistoryGap> result;
    const QStringList gone = deletedKeys();
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral("SELECT key, coin, MAX(t) FROM samples GROUP BY key ORDER BY key"));
    const qint64 nowMs = now.toMSecsSinceEpoch();
    while (query.next()) {
        const QString key = query.value(0).toString();
        if (gone.contains(key))
            continue;
        const qint64 newest = query.value(2).toLongLong();
        if (nowMs - newest < minimumGapMs)
            continue;
        const qint64 from = std::max(newest, nowMs - maximumSpanMs);
        result.append({key, query.value(1).toString(), QDateTime::fromMSecsSinceEpoch(from, Qt::UTC), now});
    }
    return result;
}

int HistoryStore::backfill(const QString &key, const QList<QPair<QDateTime, double>> &prices)
{
    if (prices.isEmpty())
        return 0;
    const QList<AmountAt> changes = amounts(key);
    if (changes.isEmpty())
        return 0;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);

    // Only fill where nothing was measured: between the newest sample before the first price
    // and the oldest sample after the last one.
    qint64 first = prices.first().first.toMSecsSinceEpoch();
    qint64 last = prices.last().first.toMSecsSinceEpoch();
    QSqlQuery bounds(db);
    bounds.prepare(QStringLiteral("SELECT (SELECT MAX(t) FROM samples WHERE key = :k AND t <= :first), "
                                  "(SELECT MIN(t) FROM samples WHERE key = :k AND t >= :last), "
                                  "(SELECT uid FROM amounts WHERE key = :k ORDER BY t DESC LIMIT 1), "
                                  "(SELECT coin FROM amounts WHERE key = :k ORDER BY t DESC LIMIT 1)"));
    bounds.bindValue(QStringLiteral(":k"), key);
    bounds.bindValue(QStringLiteral(":first"), first);
    bounds.bindValue(QStringLiteral(":last"), last);
    if (!bounds.exec() || !bounds.next()) {
        m_error = sqlError(bounds);
        return -1;
    }
    const qint64 lower = bounds.value(0).isNull() ? std::numeric_limits<qint64>::min() : bounds.value(0).toLongLong();
    const qint64 upper = bounds.value(1).isNull() ? std::numeric_limits<qint64>::max() : bounds.value(1).toLongLong();
    const QString uid = bounds.value(2).toString();
    const QString coin = bounds.value(3).toString();

    // A stretch backfilled once is not written twice when the same prices come again.
    QSqlQuery existing(db);
    existing.prepare(QStringLiteral("SELECT 1 FROM samples WHERE key = ? AND t = ?"));

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO samples (t, key, uid, coin, amount, price, value, source) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    db.transaction();
    int written = 0;
    for (const auto &[time, price] : prices) {
        const qint64 t = time.toMSecsSinceEpoch();
        if (t <= lower || t >= upper)
            continue;
        existing.addBindValue(key);
        existing.addBindValue(t);
        if (existing.exec() && existing.next())
            continue;
        // The amount in effect at t: the newest change at or before it.
        const AmountAt *effective = nullptr;
        for (const AmountAt &change : changes) {
            if (change.time > t)
                break;
            effective = &change;
        }
        if (!effective)
            continue;
        const double value = std::round(effective->amount * price * 10000.0) / 10000.0;
        insert.addBindValue(t);
        insert.addBindValue(key);
        insert.addBindValue(uid);
        insert.addBindValue(coin);
        insert.addBindValue(effective->amount);
        insert.addBindValue(price);
        insert.addBindValue(value);
        insert.addBindValue(int(BackfillSample));
        if (!insert.exec()) {
            m_error = sqlError(insert);
            db.rollback();
            return -1;
        }
        ++written;
    }
    db.commit();
    if (written > 0)
        Q_EMIT samplesAdded(key);
    return written;
}

bool HistoryStore::clear(const QString &key)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (const char *table : {"samples", "amounts", "deletions"}) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM %1 WHERE key = ?").arg(QLatin1String(table)));
        query.addBindValue(key);
        if (!query.exec()) {
            m_error = sqlError(query);
            db.rollback();
            return false;
        }
    }
    db.commit();
    Q_EMIT historyCleared(key);
    return true;
}

bool HistoryStore::clearAll()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    if (!exec(QStringLiteral("DELETE FROM samples")) || !exec(QStringLiteral("DELETE FROM amounts"))
        || !exec(QStringLiteral("DELETE FROM deletions"))) {
        db.rollback();
        return false;
    }
    db.commit();
    Q_EMIT historyCleared(QString());
    return true;
}

} // namespace cvc
