#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace cvc {

// Durations as both programs' flags take them, in Go's time.ParseDuration spelling that kubectl
// users know ("60s", "5m", "1m30s", "500ms", "2h") or a bare number of seconds.
class DurationText
{
public:
    static std::optional<std::chrono::milliseconds> parse(const QString &text);
};

} // namespace cvc
