#pragma once

#include "kubeerror.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <optional>

namespace cvc {

// What a watch-fed view can tell its user about freshness.
struct ConnectionState
{
    enum class Phase {
        Idle,         // not started or stopped
        Connecting,   // first list in progress
        Live,         // listed and watching: the cache follows the server
        Reconnecting, // the watch broke; data may be stale since `since`
        Failed,       // gave up (e.g. 401/403, resource not served); `error` says why
    };
    Phase phase = Phase::Idle;
    QDateTime since;              // when this phase began (UTC)
    QString reason;               // short text for the UI: "watch dropped", "410 Expired: relisting", ...
    std::optional<KubeError> error;

    QString phaseName() const;    // "Connecting", "Live", ...
    QString toString() const;     // "Reconnecting since 12:00:03 UTC: watch dropped"
    friend bool operator==(const ConnectionState &a, const ConnectionState &b)
    {
        return a.phase == b.phase && a.since == b.since && a.reason == b.reason;
    }
};

} // namespace cvc

Q_DECLARE_METATYPE(cvc::ConnectionState)
