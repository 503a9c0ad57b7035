#pragma once

#include "coingeckoplan.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <chrono>
#include <optional>

namespace cvc {

// What one CoinGecko call came to, classified so callers decide between "use it", "wait for
// Retry-After" and "back off", with a reason a person can act on. Pure: fromHttp() is unit-tested.
class CoinGeckoResult
{
public:
    enum class Kind {
        Ok,           // 2xx; body holds the answer
        RateLimited,  // 429 (or error_code 429 in the body)
        ServerError,  // 5xx
        ClientError,  // other 4xx: bad key (401, 10002, 10010, 10011), plan restricted (10005), …
        NetworkError, // no HTTP answer: refused, reset, DNS, TLS
        Timeout,      // no answer within the request timeout
    };

    static CoinGeckoResult fromHttp(int httpStatus, const QByteArray &body,
                                    const QByteArray &retryAfterHeader, const QDateTime &now,
                                    const CoinGeckoPlan &plan, const QUrl &root);
    static CoinGeckoResult networkError(const QString &detail, const QUrl &root);
    static CoinGeckoResult timeout(std::chrono::milliseconds after, const QUrl &root);

    Kind kind() const { return m_kind; }
    bool isOk() const { return m_kind == Kind::Ok; }
    int httpStatus() const { return m_httpStatus; }            // 0 without an HTTP answer
    QByteArray body() const { return m_body; }
    int errorCode() const { return m_errorCode; }              // status.error_code, 0 if none
    QString errorMessage() const { return m_errorMessage; }    // status.error_message as sent
    std::optional<std::chrono::milliseconds> retryAfter() const { return m_retryAfter; }
    // A sentence for people: what happened and what to do (never contains the key).
    QString reason() const { return m_reason; }

    // "ok", "rate_limited" or "error": the label of the Prometheus counter.
    QString metricLabel() const;

    // Lets a caller turn a 200 with an unreadable body into a failure with its own reason.
    static CoinGeckoResult malformed(const CoinGeckoResult &ok, const QString &reason);

private:
    Kind m_kind = Kind::NetworkError;
    int m_httpStatus = 0;
    QByteArray m_body;
    int m_errorCode = 0;
    QString m_errorMessage;
    std::optional<std::chrono::milliseconds> m_retryAfter;
    QString m_reason;
};

} // namespace cvc
