#pragma once

#include "reconcile/desiredstate.h"
#include "util/operatordefaults.h"
#include "reconcile/workqueue.h"
#include "reconcile/writeplan.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace cvc {

class EventRecorder;
class KubeClient;
class ObjectCache;
class PriceFeed;
struct KubeError;

// Keeps every CVC in an ObjectCache valued: level-based and idempotent like a controller-runtime
// reconciler. For each key it computes the wanted `value` annotation and status from the object
// and the price feed's last quotes (DesiredState), plans the difference as merge patches
// (WritePlan: status through /status when the CRD has the subresource, otherwise on the main
// resource) and sends them with a field manager; how the run ended is a ReconcileResult that the
// WorkQueue alone turns into what happens next. It never writes spec and never adds a finalizer.
//
// Triggers: a cache change (a spec edit is valued at once from the cached quote), each successful
// price tick (every CVC), feed trouble and recovery (PriceStale on every CVC). Writes go through a
// WorkQueue (dedupe per key, bounded concurrency, per-key backoff on 409 and transient errors) and
// the KubeClient's rate limit. Nothing is written while inactive (not the leader).
class Reconciler : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString fieldManager = OperatorDefaults::operatorName;
        int concurrency = 4;
        bool statusSubresource = true;   // from discovery
        int backoffBaseMs = 200;
        int backoffMaxMs = 30000;
        // Feed trouble is told per CVC as an event; beyond this many CVCs only the condition says it.
        int feedEventLimit = 50;
        // A routine revaluation of every CVC is spread over this long (0 = as fast as it goes);
        // new CVCs and spec edits are not held back by it.
        int revaluationSpreadMs = 0;
        double minimumBulkRate = 50.0;   // CVCs per second, however few there are
    };

    struct Counters
    {
        qint64 reconciles = 0;       // keys processed
        qint64 reconcileErrors = 0;  // attempts that ended in a retry
        qint64 writes = 0;           // successful PATCH requests
        qint64 writeErrors = 0;      // failed PATCH requests
        qint64 conflicts = 0;        // 409s among them
        qint64 unchanged = 0;        // reconciles that found nothing to write
        qint64 valuations = 0;       // new values written
        qint64 invalidSpecs = 0;     // CVCs currently with InvalidSpec
    };

    Reconciler(KubeClient *client, ObjectCache *cache, PriceFeed *feed, EventRecorder *events,
               const Options &options, QObject *parent = nullptr);
    ~Reconciler() override;

    void setStatusSubresource(bool hasSubresource);
    bool statusSubresource() const { return m_options.statusSubresource; }
    // True once the server was seen dropping the status we wrote (a CRD schema without status).
    bool statusPruned() const { return m_statusPruned; }

    // Only an active reconciler writes (the leader). Becoming active revalues everything.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    void enqueueAll();
    void enqueue(const QString &key);

    Counters counters() const;
    int queueDepth() const;
    WorkQueue *queue() const { return m_queue; }
    QStringList unknownCoins() const { return m_unknownCoins.values(); }

    // The feed's condition as CVCs should show it.
    FeedHealth feedHealth() const;

    // An Event about the price feed on the valued CVCs (at most Options::feedEventLimit of them),
    // only those naming one of coins when coins is not empty. Nothing while inactive.
    void recordFeedEvent(const QString &type, const QString &reason, const QString &message,
                         const QStringList &coins = {});

Q_SIGNALS:
    // Every reconcile's end, with controller-runtime's reconcileID, for logs and tests.
    void reconcileFinished(const QString &key, const QString &reconcileId, const cvc::ReconcileResult &result);
    void logMessage(const QString &message);   // for the caller's log, never holds secrets

private:
    void onObjectChanged(const QString &key, const QJsonObject &object);
    void onObjectDeleted(const QString &key);
    void onQuotesUpdated();
    void onFeedFailed(const QString &reason);
    void onFeedRecovered();
    void updateCoins();
    // Follows which coin each CVC names; true when the set of coins in use may have changed.
    // Notes what the reconciler keeps per CVC (its coin, whether someone awaits its value);
    // true when the set of coins changed.
    bool track(const QString &key, const CryptoValueCalculator &cvc);
    bool trackCoin(const QString &key, const QString &coin);
    using Report = std::function<void(const ReconcileResult &)>;
    void process(const QString &key, WorkQueue::Finish finish);
    WritePlan::StatusTarget statusTarget() const;
    // Sends one planned patch; after the main resource's, plans and sends the status's.
    void send(const QString &key, const CryptoValueCalculator &before, const CryptoValueCalculator &object,
              const DesiredState &desired, const PlannedPatch &patch, bool onMain, Report report);
    ReconcileResult failureResult(const QString &key, const KubeError &e);
    void afterWrite(const QString &key, const CryptoValueCalculator &before, const DesiredState &desired);

    QPointer<KubeClient> m_client;
    QPointer<ObjectCache> m_cache;
    QPointer<PriceFeed> m_feed;
    QPointer<EventRecorder> m_events;
    Options m_options;
    WorkQueue *m_queue;
    bool m_active = false;
    // The leadership epoch: every write is sent with it as its context. setActive(false) deletes it,
    // which drops writes still parked in the client's rate limiter, aborts those in flight and
    // silences their callbacks, so nothing leaves or continues (status after annotation) once
    // this replica stopped leading.
    QObject *m_writeEpoch = nullptr;
    Counters m_counters;
    QSet<QString> m_unknownCoins;
    QHash<QString, QString> m_coinOfKey;   // key → coin, for CVCs that name one
    QHash<QString, int> m_coinUse;         // coin → how many CVCs name it
    QSet<QString> m_awaiting;              // CVCs not valued yet or with a newer spec: urgent
    // The original CRD has no status in its schema: the server prunes what we send. Once seen,
    // only the annotation is written (otherwise every reconcile would resend the status).
    bool m_statusPruned = false;
    bool m_feedLostAnnounced = false;   // a PriceFeedLost event went out; recovery is news
    QSet<QString> m_invalid;
    // Objects as our last write returned them, keyed by key, with the cache resourceVersion they
    // replaced: until the watch catches up the cache is older than what we wrote.
    struct Written
    {
        QString baseResourceVersion;
        CryptoValueCalculator object;
    };
    QHash<QString, Written> m_written;
};

} // namespace cvc
