#pragma once

#include "clientconfig.h"

#include <QObject>
#include <QString>

class QTimer;

namespace cvc {

class Informer;
class KubeClient;
struct ConnectionState;

// One program's connection to one cluster: the KubeClient, discovery of the CVC resource (retried
// while the CRD is missing, looked at again now and then for a CRD replaced with or without
// /status) and ONE informer per resource type, which every reader shares. cvc-operator builds one
// and hands its informer to OperatorRuntime; the dashboard builds one per context and runs both
// its views and its reconcile loop on it: one LIST and one WATCH of the CVCs, one cache.
//
// The watch covers `Options::namespaceName` ("" = all namespaces). When listing all namespaces is
// forbidden (403) and a fallback namespace is set, the watch narrows to that namespace
// (scopeNarrowed()); the fallback then follows setFallbackNamespace().
class ClusterConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString namespaceName;          // "" = all namespaces
        QString fallbackNamespace;      // where to watch when all namespaces are forbidden; "" = keep retrying
        int watchTimeoutSeconds = 290;
        int discoveryRetryMs = 2000;    // while the CRD is not installed or the server not reachable
        int rediscoveryMs = 30000;      // while running: was the CRD replaced?
    };

    explicit ClusterConnection(const ClientConfig &config, QObject *parent = nullptr);
    ClusterConnection(const ClientConfig &config, const Options &options, QObject *parent = nullptr);
    ~ClusterConnection() override;

    KubeClient *client() const { return m_client; }
    const ClientConfig &config() const { return m_config; }
    const Options &options() const { return m_options; }
    // The CVCs (cryptovaluecalculators.crypto.tools).
    Informer *cvcs() const { return m_cvcs; }

    // Discovers, then watches; discovered() or discoveryFailed() (again after each retry) follows.
    void start();
    void stop();
    bool isStarted() const { return m_started; }

    // The namespace a forbidden all-namespaces watch falls back to (the one on screen).
    void setFallbackNamespace(const QString &namespaceName);
    // True while the watch covers only the fallback namespace because all namespaces are forbidden.
    bool isNarrowed() const { return m_narrowed; }
    // "" when the watch covers what was asked, else why it does not (for the user).
    QString narrowedReason() const { return m_narrowedReason; }

Q_SIGNALS:
    void discovered();
    // Why the CVC resource cannot be used yet (server unreachable, CRD missing); retried.
    void discoveryFailed(const QString &message);
    // The watch covers only `namespaceName` now, for `reason`.
    void scopeNarrowed(const QString &namespaceName, const QString &reason);

private:
    void discover(bool again);
    void onConnectionState(const ConnectionState &state);
    void narrow(const QString &reason);

    ClientConfig m_config;
    Options m_options;
    KubeClient *m_client;
    Informer *m_cvcs;
    QObject *m_guard = nullptr;   // context of discovery callbacks; replaced on stop
    QTimer *m_retryTimer;
    QTimer *m_rediscoveryTimer;
    QString m_narrowedReason;
    bool m_started = false;
    bool m_narrowed = false;
};

} // namespace cvc
