#pragma once

#include "historyrange.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace cvc {

// One valuation of one CVC, as the reconciler (or backfill) computed it.
struct HistorySample
{
    QDateTime time;
    QString key;      // "namespace/name"
    QString uid;
    QString coin;
    double amount = 0;
    double price = 0;
    double value = 0;
};

// A stretch of time without samples for a CVC that still exists, to be filled from
// historic prices (CoinGecko market_chart/range).
struct HistoryGap
{
    QString key;
    QString coin;
    QDateTime from;
    QDateTime to;
};

// Value history of CVCs in a SQLite file (WAL). A sample is stored at each valuation; every
// change of amount is recorded so that backfill can multiply a historic price by the amount
// that was in effect at that moment. A deleted CVC's history stays until clear() is called.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int schemaVersion = 1;

    explicit HistoryStore(QObject *parent = nullptr);
    ~HistoryStore() override;

    // The file in the user's data directory (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Stores a valuation and records the amount if it changed since the last one.
    bool addSample(const HistorySample &sample);
    // Records the amount a CVC holds from `time` on (spec edits seen before any valuation).
    bool recordAmount(const QString &key, const QString &uid, const QString &coin, double amount,
                      const QDateTime &time);
    // The CVC was deleted: its history is kept, but it no longer counts towards later totals.
    bool markDeleted(const QString &key, const QDateTime &time);

    // Keys with any history, live or deleted, sorted.
    QStringList keys() const;
    QStringList deletedKeys() const;
    int sampleCount(const QString &key = QString()) const;

    // Downsampled values for one CVC or for the sum of all (of one namespace: `namespaceName`,
    // "" = every namespace), over `range` ending at `end`.
    QList<HistoryPoint> series(const QString &key, HistoryRange range,
                               const QDateTime &end = QDateTime::currentDateTimeUtc()) const;
    QList<HistoryPoint> totalSeries(HistoryRange range,
                                    const QDateTime &end = QDateTime::currentDateTimeUtc(),
                                    const QString &namespaceName = QString()) const;

    // CVCs (not deleted) whose newest sample is older than `minimumGapMs` before `now`,
    // limited to the last `maximumSpanMs`.
    QList<HistoryGap> gaps(const QDateTime &now, qint64 minimumGapMs, qint64 maximumSpanMs) const;
    // Stores historic prices of `key` strictly inside (from, to) as backfilled samples, each
    // valued with the amount in effect at its time. Times before the first known amount are
    // skipped. Returns the number of samples written, or -1 on error.
    int backfill(const QString &key, const QList<QPair<QDateTime, double>> &prices);

    bool clear(const QString &key);
    bool clearAll();

Q_SIGNALS:
    void samplesAdded(const QString &key);
    void historyCleared(const QString &key);   // empty key: everything

private:
    bool migrate();
    bool exec(const QString &sql);
    struct AmountAt
    {
        qint64 time;
        double amount;
    };
    QList<AmountAt> amounts(const QString &key) const;
    QList<HistoryPoint> bucketed(const QStringList &keys, const QString &namespaceName, HistoryRange range,
                                 const QDateTime &end) const;

    QString m_connection;
    QString m_path;
    QString m_error;
};

} // namespace cvc
