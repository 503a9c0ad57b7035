#pragma once

#include <QJsonObject>
#include <QObject>

namespace cvc::sandbox {

class WatchHub;
class ObjectStore;

// Faults a test can switch on through the admin endpoint: fail a share of API requests, add
// latency, drop every open watch, forget the event history (so old resourceVersions get 410).
// One-shot actions (dropWatches, compact) happen at once; the others stay until reset.
class FaultInjector : public QObject
{
    Q_OBJECT
public:
    FaultInjector(WatchHub *hub, ObjectStore *store, QObject *parent = nullptr);

    // Applies a JSON body like {"failRatio":0.3,"failStatus":503,"retryAfterSeconds":2}. Returns
    // false with a message for unknown keys or bad values (nothing is changed then).
    bool apply(const QJsonObject &request, QString *error);
    QJsonObject settings() const;

    int latencyMs() const { return m_latencyMs; }
    // Decides whether this request fails; if so sets the HTTP status and Retry-After seconds.
    bool shouldFail(int *status, int *retryAfterSeconds);
    int injectedFailures() const { return m_injectedFailures; }

private:
    WatchHub *m_hub;
    ObjectStore *m_store;
    double m_failRatio = 0.0;
    int m_failStatus = 503;
    int m_retryAfterSeconds = 1;
    int m_latencyMs = 0;
    int m_injectedFailures = 0;
    double m_failDebt = 0.0;
};

} // namespace cvc::sandbox
