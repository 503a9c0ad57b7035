#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace cvc::sandbox {

class WatchHub;
class ObjectStore;

// Faults a test can switch on through the admin endpoint: fail a share of API requests, add
// latency, drop every open watch, forget the event history (so old resourceVersions get 410), send
// HTTP/2 clients GOAWAY. One-shot actions (dropWatches, compact, goAway) happen at once; the others stay until reset.
//
// Failures and latency can aim at one client: a body with "target": {"user": "alice"} (exact user
// name) or {"userAgent": "cvc-operator"} (User-Agent prefix) sets that target's own settings. A
// request of a targeted client gets its target's settings (the first target set that matches)
// instead of the global ones; every other request gets the global ones.
class FaultInjector : public QObject
{
    Q_OBJECT
public:
    // Who sends a request, as far as targets can tell.
    struct Client
    {
        QString user;
        QString userAgent;
    };

    FaultInjector(WatchHub *hub, ObjectStore *store, QObject *parent = nullptr);

    // Applies a JSON body like {"failRatio":0.3,"failStatus":503,"retryAfterSeconds":2}, optionally
    // with a "target". Returns false with a message for unknown keys or bad values (nothing is
    // changed then).
    bool apply(const QJsonObject &request, QString *error);
    QJsonObject settings() const;

    int latencyMs(const Client &client) const;
    // Decides whether this request fails; if so sets the HTTP status and Retry-After seconds.
    bool shouldFail(const Client &client, int *status, int *retryAfterSeconds);
    int injectedFailures() const { return m_injectedFailures; }

Q_SIGNALS:
    // {"goAway": true}, and {"dropWatches": true} with it: every HTTP/2 connection gets GOAWAY, as
    // from an apiserver going away (KubeClient retries what Qt 6.4 fails then: GoAwayRetry).
    void goAwayRequested();

private:
    struct Target
    {
        QString user;
        QString userAgentPrefix;

        bool matches(const Client &client) const;
        QJsonObject toJson() const;
        friend bool operator==(const Target &, const Target &) = default;
    };
    struct Settings
    {
        double failRatio = 0.0;
        int failStatus = 503;
        int retryAfterSeconds = 1;
        int latencyMs = 0;
        int injectedFailures = 0;
        double failDebt = 0.0;
    };
    struct TargetedSettings
    {
        Target target;
        Settings settings;
    };

    static bool parseTarget(const QJsonValue &value, Target *target, QString *error);
    static bool parseSettings(const QJsonObject &request, const Settings &current, Settings *updated, QString *error);
    static QJsonObject toJson(const Settings &settings);
    qsizetype targetIndexFor(const Client &client) const;   // -1: the global settings apply

    WatchHub *m_hub;
    ObjectStore *m_store;
    Settings m_global;
    QList<TargetedSettings> m_targeted;   // in the order they were first set
    int m_injectedFailures = 0;           // global and targeted together
};

} // namespace cvc::sandbox
