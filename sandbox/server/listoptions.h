#pragma once

#include <QString>

#include <optional>

namespace cvc::sandbox {

struct ApiRequest;
class StatusError;

// The query parameters of a list or watch (metav1.ListOptions) and their cross-field rules
// (kube-api.md §2.1–2.2): resourceVersion/resourceVersionMatch, sendInitialEvents, timeoutSeconds,
// limit and continue.
struct ListOptions
{
    bool watch = false;
    bool hasResourceVersion = false;
    qint64 resourceVersion = 0;      // 0 for "0" and for unset
    QString resourceVersionMatch;    // "", "Exact", "NotOlderThan"
    bool allowWatchBookmarks = false;
    std::optional<bool> sendInitialEvents;
    std::optional<int> timeoutSeconds;
    qint64 limit = 0;                // 0 = no limit
    QString continueToken;           // as sent; ReadHandler decodes it

    // Parses and validates; nullopt with *error (400 or 422) when the combination is not allowed.
    static std::optional<ListOptions> fromRequest(const ApiRequest &request, std::optional<StatusError> *error);
};

} // namespace cvc::sandbox
