#pragma once

#include "fakecoingeckocall.h"
#include "fakepriceproviders.h"
#include "prices/pricepoint.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <deque>
#include <optional>

namespace cvc {

class HttpExchange;
class HttpServer;

// A CoinGecko-compatible price server on loopback for tests (CoinGecko itself is out of reach).
// Serves under /api/v3: /ping, /simple/price, /coins/{id}/market_chart/range and /coins/list in
// CoinGecko's documented formats, errors (429, 10002, 10010, 10011) and rate-limit behaviour.
// Faults are injectable: the next N calls fail with a status, malformed JSON, latency, a coin left
// out of answers, a calls-per-minute limit. Every call is recorded with keys redacted.
// Controlled in-process through methods, or over HTTP (no key needed, never counted as calls):
//   POST /_admin/state   a JSON object; every member is optional:
//     {"prices": {"bitcoin": {"usd": 41222, "usd_24h_change": 1.25, "last_updated_at": 1700000000},
//                 "dogecoin": null},                 // null removes a coin
//      "replacePrices": true,                        // forget all prices first
//      "missing": ["ethereum"],                      // known but left out of /simple/price answers
//      "flavour": "public" | "pro", "apiKey": "…",
//      "rateLimitPerMinute": 30, "retryAfter": 60 | null | "Tue, 24 Nov 2026 12:00:45 GMT",
//      "failNext": {"count": 2, "status": 429 | 500 | 503, "retryAfter": 5},
//      "malformedNext": 1, "latencyMs": 200, "clearCalls": true,
//      "redirectTo": "http://127.0.0.1:Q/api/v3" | null,  // 302 every /api/v3 call there (C11 tests)
//      "providers": {…}}                             // DefiLlama and Coinbase: see FakePriceProviders
//     → 200 {"ok":true}, or 400 {"error":"…"} naming the bad member.
//   GET /_admin/calls    → {"count": N, "calls": [{"at", "method", "path", "query", "headers", "status"}]}
//   DELETE /_admin/calls forgets the recorded calls.
class FakeCoinGecko : public QObject
{
    Q_OBJECT
public:
    // Which host the fake plays: api.coingecko.com (keyless and Demo) or pro-api.coingecko.com.
    enum class Flavour { Public, Pro };

    struct Price
    {
        double usd = 0.0;
        std::optional<double> change24h;
        QDateTime lastUpdatedAt;
    };

    explicit FakeCoinGecko(QObject *parent = nullptr);
    ~FakeCoinGecko() override;

    bool listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost);
    quint16 port() const;
    // http://127.0.0.1:PORT/api/v3 — what --coingecko-url takes.
    QUrl rootUrl() const;
    // http://127.0.0.1:PORT/defillama or …/coinbase — what --defillama-url and --coinbase-url take.
    QUrl providerRootUrl(const QString &provider) const;
    // The keyless providers served beside CoinGecko (their prices default to the ones set here).
    FakePriceProviders &providers() { return m_providers; }
    // Every /api/v3 call answers 302 Found to target + the call's path and query; invalid = off.
    void setRedirect(const QUrl &target) { m_redirect = target; }
    QString errorString() const;

    void setFlavour(Flavour flavour);
    Flavour flavour() const { return m_flavour; }
    // The key the fake accepts (in the flavour's header or query parameter). Empty: the public
    // flavour accepts calls without a key and Demo keys alike; the pro flavour then accepts any
    // Pro key. A key that does not match gets 401.
    void setApiKey(const QByteArray &key);

    // Prices the fake knows. lastUpdatedAt defaults to the time of the call to setPrice.
    void setPrice(const QString &coin, double usd, std::optional<double> change24h = std::nullopt,
                  const QDateTime &lastUpdatedAt = {});
    void removePrice(const QString &coin);
    void clearPrices();
    Price price(const QString &coin) const { return m_prices.value(coin); }
    // The prices the CVC examples and the end-to-end tests expect: bitcoin 41222, ethereum 3095.76,
    // dogecoin 0.0821, shiba-inu 0.00000812.
    void setDefaultPrices();
    // Coins left out of /simple/price answers although known (CoinGecko gaps).
    void setMissingCoins(const QStringList &coins) { m_missing = coins; }

    // The next count calls answer status: 429 with CoinGecko's rate-limit body (and Retry-After
    // seconds when given), 5xx with an error body.
    void failNext(int count, int status, std::optional<int> retryAfterSeconds = std::nullopt);
    // The next count successful answers carry truncated JSON.
    void malformNext(int count) { m_malformedNext = count; }
    // Calls allowed per sliding minute before 429 (0 = no limit), and the Retry-After it sends
    // (seconds; nullopt = no header, as CoinGecko sometimes does).
    void setRateLimitPerMinute(int calls) { m_rateLimitPerMinute = calls; }
    void setRetryAfter(std::optional<int> seconds) { m_retryAfterSeconds = seconds; }
    // Send Retry-After as this exact header value instead (an HTTP date, say).
    void setRetryAfterHeader(const QByteArray &value) { m_retryAfterHeader = value; }
    // Wait this long before each answer.
    void setLatency(int milliseconds) { m_latencyMs = milliseconds; }

    QList<FakeCoinGeckoCall> calls() const { return m_calls; }
    // Calls whose path (below /api/v3) equals path; all calls when path is empty.
    int callCount(const QString &path = {}) const;
    void clearCalls() { m_calls.clear(); }

    // Applies a JSON state as POST /_admin/state does; returns an error text or empty.
    QString applyState(const QByteArray &json);
    QByteArray callsJson() const;

    // The deterministic series market_chart/range answers, at CoinGecko's auto-granularity:
    // 5-minutely for a range of up to a day that ends within a day of now, hourly up to 90 days,
    // daily (00:00 UTC) beyond.
    static PriceSeries series(const QString &coin, double basePrice, const QDateTime &from,
                              const QDateTime &to, const QDateTime &now);

Q_SIGNALS:
    void callRecorded(const cvc::FakeCoinGeckoCall &call);

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        HttpHeaders headers;
    };

    void handle(HttpExchange *exchange);
    Answer answerAdmin(const HttpRequest &request);
    Answer answer(const HttpRequest &request, const QString &path);
    std::optional<Answer> keyError(const HttpRequest &request) const;
    Answer rateLimitAnswer(std::optional<int> retryAfterSeconds) const;
    Answer simplePrice(const HttpRequest &request);
    Answer marketChartRange(const QString &coin, const HttpRequest &request) const;
    Answer coinsList() const;

    HttpServer *m_server;
    Flavour m_flavour = Flavour::Public;
    QByteArray m_apiKey;
    QJsonObject m_keyUsage;   // GET /key's answer; empty = 404, as on plans without it
    QHash<QString, Price> m_prices;
    QStringList m_missing;
    struct Failure { int status; std::optional<int> retryAfter; };
    std::deque<Failure> m_failures;
    int m_malformedNext = 0;
    int m_rateLimitPerMinute = 0;
    std::optional<int> m_retryAfterSeconds = 60;
    QByteArray m_retryAfterHeader;
    int m_latencyMs = 0;
    std::deque<QDateTime> m_window; // times of recent calls, for the per-minute limit
    QList<FakeCoinGeckoCall> m_calls;
    FakePriceProviders m_providers;
    QUrl m_redirect;
};

} // namespace cvc
