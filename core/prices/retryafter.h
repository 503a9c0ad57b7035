#pragma once

#include <QByteArray>
#include <QDateTime>

#include <chrono>
#include <optional>

namespace cvc {

// Parses an HTTP Retry-After header (RFC 9110 §10.2.3): either delay-seconds ("30") or an HTTP date
// ("Wed, 21 Oct 2026 07:28:00 GMT"; RFC 850 and asctime forms too). Returns the wait from now,
// never negative, or nullopt when the header is absent or unreadable.
std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now);

} // namespace cvc
