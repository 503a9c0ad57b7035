#pragma once

#include "coingeckosettings.h"
#include "coingeckoresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace cvc {

class PriceCallLedger;

// The one door to CoinGecko for PriceFeed and PriceHistoryClient: builds each GET on the right root
// with the key header, counts every call CoinGecko answered in the PriceCallLedger of its plan and
// key (the one count of the month's calls, kept in CoinGeckoSettings::ledgerDirectory, in memory
// without one), classifies the answer, and remembers a 429 so no caller sends another call before
// its Retry-After has passed.
// Never logs the key; logged URLs carry no key because the key travels in a header.
class CoinGeckoClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const CoinGeckoResult &)>;

    explicit CoinGeckoClient(const CoinGeckoSettings &settings, QObject *parent = nullptr);
    ~CoinGeckoClient() override;

    // Empty when the settings can work; else why not (a Demo/Pro plan without a key, a bad root).
    QString configurationError() const;

    CoinGeckoPlan plan() const { return m_settings.plan; }
    QUrl root() const { return m_root; }
    bool hasKey() const { return !m_settings.apiKey.isEmpty(); }
    // The month's calls per plan and key; this client's are under ledgerAccount().
    PriceCallLedger *callLedger() const { return m_ledger; }
    QString ledgerAccount() const { return m_account; }
    // Why the ledger's file could not be read (it then counts from zero in memory); "" when it could.
    QString ledgerError() const { return m_ledgerError; }
    // Calls of this plan and key that CoinGecko answered in the month of now, by the ledger.
    qint64 callsThisMonth(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // Calls made since this client was created, by CoinGeckoResult::metricLabel() ("ok",
    // "rate_limited", "error"; unanswered ones too): the Prometheus counter.
    qint64 callsByResult(const QString &label) const { return m_callsByResult.value(label); }

    // Issues GET {root}{path}?{query}. done runs once, on context's thread, unless context was
    // destroyed first. The caller decides whether to wait for rateLimitedUntil() first.
    void get(const QString &path, const QUrlQuery &query, QObject *context, Callback done);

    // Until when CoinGecko asked us to stay quiet (the latest 429); invalid or past when free.
    QDateTime rateLimitedUntil() const { return m_rateLimitedUntil; }
    // Callers with their own schedule (PriceFeed) tell the client when a 429 without Retry-After
    // made them back off, so history requests wait too.
    void holdUntil(const QDateTime &until);

    void setNetworkAccessManager(QNetworkAccessManager *manager); // not owned; for sharing

Q_SIGNALS:
    void callFinished(const cvc::CoinGeckoResult &result);
    void rateLimited(const QDateTime &until);

private:
    CoinGeckoSettings m_settings;
    QUrl m_root;
    QPointer<QNetworkAccessManager> m_manager;
    PriceCallLedger *m_ledger = nullptr;
    QString m_account;
    QString m_ledgerError;
    QHash<QString, qint64> m_callsByResult;
    QDateTime m_rateLimitedUntil;
};

} // namespace cvc
