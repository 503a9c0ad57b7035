#pragma once

#include "coingeckosettings.h"
#include "coingeckoresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>

class QNetworkAccessManager;

namespace cvc {

class CallCounter;

// The one door to CoinGecko for PriceFeed and PriceHistoryClient: builds each GET on the right root
// with the key header, counts it against the month, classifies the answer, and remembers a 429 so
// no caller sends another call before its Retry-After has passed.
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
    CallCounter *callCounter() const { return m_counter; }

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
    CallCounter *m_counter = nullptr;
    QDateTime m_rateLimitedUntil;
};

} // namespace cvc
