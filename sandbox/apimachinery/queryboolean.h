#pragma once

#include <QString>

#include <optional>

namespace cvc::sandbox {

// Boolean query parameters the way kube-apiserver reads them, and Go's strconv.ParseBool.
class QueryBoolean
{
public:
    // `watch`, `allowWatchBookmarks`, `sendInitialEvents`, `force`: absent → false; present and
    // not "0" or "false" (case-insensitive) → true (so `watch=`, `watch=True`, `watch=yes` are
    // true). Pass std::nullopt when the parameter is absent.
    static bool fromQuery(const std::optional<QString> &value);

    // strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False; anything else nullopt.
    static std::optional<bool> parseGoBool(const QString &text);
};

} // namespace cvc::sandbox
