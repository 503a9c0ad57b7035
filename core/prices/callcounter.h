#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

namespace cvc {

// Counts CoinGecko calls: per calendar month (UTC), because plans grant calls per month and the
// dashboard shows "calls used this month", optionally kept in a small file so a restart does not
// forget them; and since start by result (ok, rate_limited, error) for Prometheus counters.
class CallCounter : public QObject
{
    Q_OBJECT
public:
    enum class Result { Ok, RateLimited, Error };

    explicit CallCounter(QObject *parent = nullptr);

    // Reads the count of the current month from path (missing file = 0) and saves every change to
    // it from now on. Returns false with error set when the file exists but cannot be read or
    // the folder cannot be written.
    bool setStoragePath(const QString &path, QString *error = nullptr);
    QString storagePath() const { return m_path; }

    void record(Result result, const QDateTime &when = QDateTime::currentDateTimeUtc());

    // Calls made in the calendar month (UTC) of now; a new month starts at 0.
    qint64 callsThisMonth(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Since this process started (monotonic, for Prometheus).
    qint64 total(Result result) const;
    static QString label(Result result); // "ok", "rate_limited", "error"

Q_SIGNALS:
    void countChanged();

private:
    static QString monthKey(const QDateTime &when);
    void save() const;

    QString m_path;
    QString m_month;    // "2026-11"
    qint64 m_monthCalls = 0;
    qint64 m_totals[3] = {0, 0, 0};
};

} // namespace cvc
