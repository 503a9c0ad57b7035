#pragma once

#include "quote.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace cvc {

// What one batched call to one price source came to: quotes for the coins it priced and the coins
// it did not, or a typed failure with a reason a person can act on. The chain decides from kind()
// whether to ask the next source and how long to leave this one alone.
class PriceSourceResult
{
public:
    enum class Kind {
        Ok,          // the source answered; quotes() and missing() say what it knew
        RateLimited, // 429; retryAfter() when the source said how long to wait
        Error,       // no HTTP answer, 5xx, a refusal (4xx), a redirect we do not follow
        Timeout,     // no answer within the request timeout
        Malformed,   // a 2xx whose body is not the documented shape (truncated, an error body, …)
    };

    // missing is stored sorted, so results compare and print the same whatever the body's order.
    static PriceSourceResult ok(const QuoteMap &quotes, QStringList missing);
    static PriceSourceResult failed(Kind kind, const QString &reason,
                                    std::optional<std::chrono::milliseconds> retryAfter = std::nullopt);

    Kind kind() const { return m_kind; }
    bool isOk() const { return m_kind == Kind::Ok; }
    QuoteMap quotes() const { return m_quotes; }
    QStringList missing() const { return m_missing; }
    std::optional<std::chrono::milliseconds> retryAfter() const { return m_retryAfter; }
    QString reason() const { return m_reason; } // empty when Ok; never carries a key

    // The HTTP status the source answered with; 0 when no request got an HTTP answer (a network
    // error, a timeout, or no request at all because the source knew none of the coins).
    int httpStatus() const { return m_httpStatus; }
    void setHttpStatus(int status) { m_httpStatus = status; }
    // Whether a request went out: what the per-source request counts count.
    bool requested() const { return m_httpStatus > 0 || m_kind == Kind::Timeout || m_kind == Kind::Error; }

private:
    Kind m_kind = Kind::Error;
    QuoteMap m_quotes;
    QStringList m_missing;
    std::optional<std::chrono::milliseconds> m_retryAfter;
    QString m_reason;
    int m_httpStatus = 0;
};

} // namespace cvc
