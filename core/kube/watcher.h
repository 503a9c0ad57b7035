#pragma once

#include "connectionstate.h"
#include "resourcetype.h"
#include "util/backoff.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QPointer>
#include <QString>
#include <optional>

class QTimer;

namespace cvc {

class KubeClient;
class KubeWatchStream;
class ObjectCache;

// Keeps an ObjectCache equal to the server for one resource type in one namespace (or all), like
// kube-runtime's watcher: LIST, then WATCH from the list's resourceVersion with bookmarks and a
// server timeout; when a stream ends, WATCH again from the last seen resourceVersion (bookmarks
// count); on 410 Expired/Gone LIST again; errors back off exponentially with jitter (cvc::Backoff,
// doubling from backoffInitialMs up to backoffMaximumMs, each delay in the upper half; reset after a
// success); if nothing at all arrives for stallTimeout, the stream is presumed dead and restarted.
class Watcher : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString namespaceName;        // "" = all namespaces (or a cluster-scoped type)
        QString labelSelector;
        QString fieldSelector;
        int listPageSize = 500;        // limit per LIST page (continue tokens); 0 = one response
        int watchTimeoutSeconds = 290; // server closes the stream after this; we re-watch
        // Nothing at all (not even a bookmark, which real servers send about every minute) for this
        // long means a dead connection (VPN drop, laptop sleep). 0 = min(watchTimeoutSeconds + 30 s, 120 s).
        int stallTimeoutMs = 0;
        int backoffInitialMs = 500;
        int backoffMaximumMs = 30000;
    };

    Watcher(KubeClient *client, const ResourceType &type, ObjectCache *cache, QObject *parent = nullptr);
    Watcher(KubeClient *client, const ResourceType &type, ObjectCache *cache, const Options &options,
            QObject *parent = nullptr);
    ~Watcher() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }

    const ResourceType &resourceType() const { return m_type; }
    const Options &options() const { return m_options; }
    ConnectionState state() const { return m_state; }
    ObjectCache *cache() const { return m_cache; }
    // Counters for tests and the UI's diagnostics.
    int listCount() const { return m_listCount; }
    int watchCount() const { return m_watchCount; }

Q_SIGNALS:
    void stateChanged(const cvc::ConnectionState &state);
    // Every ADDED/MODIFIED/DELETED event as it arrived (before the cache applies it).
    void eventObserved(const QString &type, const QJsonObject &object);
    void listed(int objectCount, const QString &resourceVersion);
    // An object nested deeper than Qt can read (kube-apiserver stores such objects) was left out
    // of the cache, in a LIST or a watch event; the others go on. `identity` holds apiVersion,
    // kind and metadata name/namespace/uid/resourceVersion. Said once per resourceVersion; the
    // next relist tries it again.
    void objectSkipped(const QJsonObject &identity, const QString &reason);

private:
    void beginList();
    void requestPage(const QString &continueToken);
    void beginWatch();
    void onStreamFinished(const std::optional<KubeError> &error);
    void onEvent(const QString &type, const QJsonObject &object);
    void onUnreadableObject(const QString &type, const QJsonObject &identity);
    void reportSkipped(const QJsonObject &identity);
    QString unreadableReason(const QJsonObject &identity) const;
    void relistAfterExpired(const KubeError &error);
    void scheduleRetry(const QString &reason, const std::optional<KubeError> &error, bool relist);
    void setPhase(ConnectionState::Phase phase, const QString &reason, const std::optional<KubeError> &error = {});
    void armStallTimer();
    void onStalled();
    int stallTimeoutMs() const;
    void dropStream();
    QString collectionPath() const;

    QPointer<KubeClient> m_client;
    ResourceType m_type;
    QPointer<ObjectCache> m_cache;
    Options m_options;
    Backoff m_backoff;        // counts consecutive failures
    QTimer *m_retryTimer = nullptr;
    QTimer *m_stallTimer = nullptr;
    KubeWatchStream *m_stream = nullptr;
    QObject *m_requestGuard = nullptr; // parent context of in-flight list callbacks; deleted on stop
    QString m_resourceVersion;
    QSet<QString> m_reportedSkips;   // "uid@resourceVersion" already told through objectSkipped
    int m_listedItems = 0;          // items of the pages of the list in progress
    bool m_unpagedList = false;     // a continue token expired: list in one piece next time
    QElapsedTimer m_lastList;
    ConnectionState m_state;
    bool m_running = false;
    bool m_needRelist = true;
    bool m_everLive = false;
    int m_listCount = 0;
    int m_watchCount = 0;
};

} // namespace cvc
