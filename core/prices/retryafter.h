#pragma once

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

namespace cvc {

// The longest wait a Retry-After may impose: one answer from a proxy or a misconfigured endpoint
// must not park the price feed for a year (review C16).
inline constexpr std::chrono::hours MaxRetryAfter{1};

// Parses an HTTP Retry-After header (RFC 9110 §10.2.3): either delay-seconds ("30") or an HTTP date
// ("Wed, 21 Oct 2026 07:28:00 GMT"; RFC 850 and asctime forms too). Returns the wait from now,
// from 0 to MaxRetryAfter (however large the number or late the date), or nullopt when the header
// is absent or unreadable.
std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now);

} // namespace cvc
