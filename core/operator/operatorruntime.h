#pragma once

#include "kube/informer.h"
#include "operator/operatoroptions.h"
#include "prices/budgetgovernor.h"
#include "prices/pricesourceswitchtracker.h"
#include "reconcile/reconciler.h"
#include "kube/resourcetype.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>

class QTimer;

namespace cvc {

class CoinGeckoClient;
class EventRecorder;
class HealthServer;
class KubeClient;
class LeaseElector;
class LeaseNamespaceResolver;
class ObjectCache;
class PriceCallLedger;
class PriceFeed;
class Watcher;

// The whole reconcile loop wired together, for the headless cvc-operator and for the dashboard
// while it is open: the PriceFeed, the Reconciler, the EventRecorder, the LeaseElector (only the
// leader writes) and optionally the health/metrics server, all reading the CVCs of a
// ClusterConnection's informer (its client, its cache, the type discovery found: does the CVC CRD
// have /status?). The runtime neither lists nor watches by itself, so a dashboard that runs it
// beside its views still holds one LIST and one WATCH.
//
// Before anything else start() settles where the Lease lives (LeaseNamespaceResolver: the
// explicit namespace, else cvc-system when it exists, else the connection's namespace), so the
// in-cluster operator and every dashboard compete for the same Lease by default.
//
// The caller owns the connection (and sets its client's rate limit) and starts it; the informer
// must outlive the runtime. start() begins; stop() takes no new work, lets the writes in flight
// finish (at most drainTimeout), stops writing, releases the lease and calls back when done; the
// watch goes on, it is the connection's.
class OperatorRuntime : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Stopped, Discovering, Running, Stopping };
    Q_ENUM(Phase)

    OperatorRuntime(Informer *cvcs, const OperatorOptions &options, QObject *parent = nullptr);
    ~OperatorRuntime() override;

    // Empty when the options can work; else why not (bad lease timings, missing API key, ...).
    QString configurationError() const;

    void start();
    void stop(std::function<void()> done = {});
    // How long stop() waits for the writes in flight before it abandons them and releases the lease.
    static constexpr std::chrono::milliseconds drainTimeout{10000};

    Phase phase() const { return m_phase; }
    const OperatorOptions &options() const { return m_options; }
    bool isLeader() const;            // true with --no-leader-election once running
    QString identity() const;
    QString leaseHolder() const;      // observed holder identity, "" when none or no election
    // "namespace/name" of the Lease in use; "" before start() has decided it, or without election.
    QString leaseText() const;
    bool hasStatusSubresource() const { return m_statusSubresource; }

    Informer *informer() const { return m_informer; }
    ObjectCache *cache() const;
    PriceFeed *feed() const { return m_feed; }
    Reconciler *reconciler() const { return m_reconciler; }
    LeaseElector *elector() const { return m_elector; }
    EventRecorder *events() const { return m_events; }
    Watcher *watcher() const;
    quint16 healthPort() const;

    // CoinGecko calls counted this month per plan and key; in memory unless the caller gives it a
    // folder (PriceCallLedger::setStorageDirectory: the dashboard's data folder).
    PriceCallLedger *callLedger() const { return m_ledger; }
    // Why the ledger's file could not be read (it then counts from zero in memory); "" when it could.
    QString ledgerError() const { return m_ledgerError; }
    // How often CoinGecko is polled now and why, from the ledger's count: what /metrics reports
    // and what a status bar can show ("at this interval: 8,640 of 10,000 this month").
    BudgetGovernor::Decision budgetDecision(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // "" when ready (cache synced and a price known), else why not.
    QString readiness() const;
    QByteArray metricsText() const;

Q_SIGNALS:
    void leadershipChanged(bool leader);
    void leaseHolderChanged(const QString &holderIdentity);
    // start() decided which Lease to use ("namespace/name") and why.
    void leaseChosen(const QString &lease, const QString &reason);
    // RBAC forbids leases. Nothing is written; the caller chooses (e.g. restart with
    // --no-leader-election, or stay an observer).
    void leaseForbidden(const QString &message);
    void phaseChanged(cvc::OperatorRuntime::Phase phase);
    // Something a person should read; level "info", "warning" or "error". Never secrets.
    void logMessage(const QString &level, const QString &message);
    void stopped();

private:
    void discover();
    void resolveLeaseNamespace();
    void onResourceType(const ResourceType &type, bool changed);
    void startLoop();
    void setPhase(Phase phase);
    void setLeader(bool leader);
    // stop()'s first step: no new work, the writes in flight land (while the lease is still ours),
    // then `then`; at once when nothing is in flight, after drainTimeout or the lease lost at the latest.
    void drainWrites(std::function<void()> then);
    // The Lease as an Event's involved object: events about the writer as a whole go there.
    QJsonObject leaseReference() const;
    // After a tick that moved coins between sources: one log line and, from the leader, one Event.
    void announceSourceSwitch();
    // Sets the feed's interval to the governor's and says so once when the reason changes.
    void governInterval();
    // Pro: asks CoinGecko's /key for the key's credits and the month's count, which correct ours.
    void checkKeyUsage();

    QPointer<Informer> m_informer;
    QPointer<KubeClient> m_client;
    OperatorOptions m_options;
    Phase m_phase = Phase::Stopped;
    bool m_statusSubresource = false;
    bool m_leader = false;
    bool m_leaseResolved = false;
    QString m_explicitLeaseNamespace;  // options.lease.namespaceName as given ("" = resolve)
    QObject *m_guard = nullptr;
    QTimer *m_discoveryTimer;         // retries settling the lease namespace
    CoinGeckoClient *m_coingecko = nullptr;
    PriceFeed *m_feed = nullptr;
    EventRecorder *m_events = nullptr;
    Reconciler *m_reconciler = nullptr;
    // Lease traffic has a client of its own, as client-go's leader election does: renewals never
    // queue behind patches and Events in the shared rate limiter, and none outlives the renew deadline.
    KubeClient *m_leaseClient = nullptr;
    LeaseElector *m_elector = nullptr;
    HealthServer *m_health = nullptr;
    PriceSourceSwitchTracker m_sourceSwitches;
    PriceCallLedger *m_ledger = nullptr;
    QString m_account;                              // the ledger's account of the plan and key
    BudgetGovernor m_governor{CoinGeckoPlan(), false};
    QString m_ledgerError;
    std::chrono::milliseconds m_askedInterval{0};   // the interval the options ask for
    BudgetGovernor::Why m_budgetWhy = BudgetGovernor::Why::AsAsked;
    QTimer *m_keyUsageTimer = nullptr;
    qint64 m_keyCredits = 0;                        // what /key said the key's credits are
    QString m_healthError;
    QString m_lastLeaseError;
    QString m_lastWatchError;   // the CVC watch's last refusal, logged once
    qint64 m_skippedObjects = 0;
};

} // namespace cvc
