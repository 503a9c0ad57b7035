#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

namespace cvc {

class CoinGeckoPlan;

// The calls spent this calendar month (UTC) per CoinGecko account, an account being a plan and an
// API key: Demo keys have no usage endpoint, so the budget governor can only trust a count of its
// own. The key itself is never kept, only a fingerprint (the start of its SHA-256), so the ledger
// file may be read by anyone who can read the data folder.
//
// In memory by default (cvc-operator: a restart starts from 0 and /metrics shows the count);
// setStorageDirectory() keeps it in a JSON file there (the dashboard's data folder), saved on
// every call, so a restart within the month goes on from the same count.
class PriceCallLedger : public QObject
{
    Q_OBJECT
public:
    explicit PriceCallLedger(QObject *parent = nullptr);

    // "demo/3f2a9c0d41b7e6a5", "public/none": the account a plan and key spend from.
    static QString account(const CoinGeckoPlan &plan, const QByteArray &apiKey);
    // The same from a key's fingerprint, for whoever keeps the fingerprint rather than the key
    // (the settings dialog, between opening and saving).
    static QString accountOf(const CoinGeckoPlan &plan, const QString &keyFingerprint);
    // "3f2a9c0d41b7e6a5", the start of the key's SHA-256; "none" without a key.
    static QString keyFingerprint(const QByteArray &apiKey);
    static QString fileName() { return QStringLiteral("price-call-ledger.json"); }

    // Loads <directory>/price-call-ledger.json (a missing file is an empty ledger) and saves every
    // change there from now on. Returns false with *error naming the file when it cannot be
    // read, is not a ledger, or the folder cannot be made. A corrupt file is moved aside to
    // "<file>.corrupt" (kept for a person to look at, never overwritten silently) and the ledger
    // starts empty: counting from now is better than refusing to price anything.
    bool setStorageDirectory(const QString &directory, QString *error = nullptr);
    QString storagePath() const { return m_path; }

    void record(const QString &account, const QDateTime &when = QDateTime::currentDateTimeUtc());
    // CoinGecko's own count of the month (Pro's /key) replaces ours: it sees every user of the key.
    void correct(const QString &account, qint64 callsThisMonth, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Calls of account in the month of now; a month with no record (a new one) is 0.
    qint64 callsThisMonth(const QString &account, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    QStringList accounts() const { return m_months.keys(); }

    static QString monthOf(const QDateTime &when); // "2026-12"

Q_SIGNALS:
    // After a call was recorded or the count corrected.
    void countChanged(const QString &account);
    // Saving to the file failed; the count goes on in memory.
    void saveFailed(const QString &message);

private:
    struct Month
    {
        QString month;
        qint64 calls = 0;
    };
    bool load(QString *error);
    void save();

    QString m_path;
    QHash<QString, Month> m_months;   // account → its latest month
};

} // namespace cvc
