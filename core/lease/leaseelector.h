#pragma once

#include "lease/leaserecord.h"
#include "util/operatordefaults.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QTimer;

namespace cvc {

class KubeClient;
struct KubeError;

// Leader election on a coordination.k8s.io/v1 Lease with client-go's semantics
// (tools/leaderelection): candidates try every retryPeriod (+ jitter) to acquire; the leader
// renews every retryPeriod and steps down the moment renewDeadline has passed since its last
// successful renewal, whatever is still in flight (a renewal that hangs is abandoned); another
// candidate takes over once it has not seen the record change for leaseDuration by its own
// clock; a clean stop releases the lease (empty holder, 1 s) so a successor takes over at once.
//
// A 403 on the lease is not retried: forbidden() tells the caller, which must decide (run
// without election on purpose, or stay passive). It never becomes leader silently.
class LeaseElector : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString namespaceName = QStringLiteral("default");
        QString name = OperatorDefaults::leaseName;
        QString identity;              // empty: "<host>_<uuid>"
        int leaseDurationMs = 15000;
        int renewDeadlineMs = 10000;
        int retryPeriodMs = 2000;
        double jitterFactor = 1.2;     // client-go's JitterFactor for the acquire loop
        QString fieldManager = OperatorDefaults::operatorName;

        // Empty when valid; otherwise why (client-go: duration > deadline > 1.2 × retry > 0).
        QString validate() const;
    };

    LeaseElector(KubeClient *client, const Options &options, QObject *parent = nullptr);
    ~LeaseElector() override;

    static QString defaultIdentity();

    void start();
    // Stops trying; a leader releases the lease first. `done` runs when finished (at once when
    // not leading); the release is bounded by timeoutMs.
    void stop(std::function<void()> done = {}, int timeoutMs = 1500);

    bool isRunning() const { return m_running; }
    bool isLeader() const { return m_leader; }
    QString identity() const { return m_options.identity; }
    const Options &options() const { return m_options; }
    // Where the Lease lives; only while not running (OperatorRuntime decides it at start).
    void setNamespaceName(const QString &namespaceName);
    // Who holds the lease as last observed ("" when nobody), and when it was last renewed.
    QString holderIdentity() const { return m_observed.holderIdentity; }
    LeaseRecord observedRecord() const { return m_observed; }
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void startedLeading();
    void stoppedLeading();
    void holderChanged(const QString &holderIdentity);
    // The server refused access to the lease (RBAC). The elector has stopped.
    void forbidden(const QString &message);
    // A try failed (network, conflict, server error); retried automatically. For logs.
    void attemptFailed(const QString &message);

private:
    void scheduleNext();
    void tryAcquireOrRenew();
    void attemptFinished(bool success);
    void observe(const LeaseRecord &record);
    void fetchAndDecide();
    void write(const LeaseRecord &record, bool create);
    bool handleError(const KubeError &error);
    void release(std::function<void()> finish, int attempts);
    void becomeLeader();
    void loseLeadership();
    void renewDeadlinePassed();
    void abandonInFlight();
    QString leasePath() const;

    QPointer<KubeClient> m_client;
    Options m_options;
    QTimer *m_timer;
    QTimer *m_renewDeadline;     // runs while leading; restarted by every successful renewal
    QObject *m_guard = nullptr;  // parent of in-flight callbacks; deleted to abandon them
    bool m_running = false;
    bool m_leader = false;
    bool m_inFlight = false;
    bool m_stopping = false;
    LeaseRecord m_observed;
    QDateTime m_observedAt;      // local clock when m_observed last changed
    QDateTime m_attemptStarted;  // local clock when the current try began
    QString m_lastError;
};

} // namespace cvc
