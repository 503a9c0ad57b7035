#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

namespace cvc {
class HttpExchange;
class HttpServer;
}

namespace cvc::sandbox {

class Authenticator;
class CertificateAuthority;
class CrdController;
class FaultInjector;
class NamespaceController;
class RbacController;
class RbacState;
class RequestAuthorizer;
class ObjectStore;
class RequestRouter;
class RequestStats;
class ResourceRegistry;
class WatchHub;

// kube-sandbox as a library: puts the store, registry, watch hub, controllers, security and the
// HTTPS server together (requests go to the RequestRouter). main() and the tests both use it.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        QString databasePath;           // empty: memory only
        QString stateDir;               // CA and admin token; empty: a temporary directory
        int watchHistory = 5000;
        int defaultWatchTimeoutSeconds = 1800;
        qint64 maxBodyBytes = 3 * 1024 * 1024;
        QString tokenAuthFile;
        QString basicAuthFile;
        bool verbose = false;
        // kube-apiserver's --authorization-mode: RBAC (the default), or AlwaysAllow.
        bool alwaysAllow = false;
        // --http1-only: ALPN offers http/1.1 only (no h2).
        bool http1Only = false;
        // --service-account-token NS/NAME=FILE: a token for that ServiceAccount, in FILE.
        QStringList serviceAccountTokens;
    };

    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    bool start(const Config &config, const QHostAddress &address, quint16 port, QString *error);
    void stop();

    quint16 port() const;
    QString url() const;
    QString adminToken() const;
    QByteArray caCertificatePem() const;
    CertificateAuthority *certificateAuthority() const;
    Authenticator *authenticator() const;
    ObjectStore *store() const { return m_store; }
    ResourceRegistry *registry() const { return m_registry; }
    WatchHub *watchHub() const { return m_hub; }

    // Creates the object, or merges it over the stored one (like kubectl apply); for --preload.
    bool applyManifest(const QJsonObject &object, QString *error);

private:
    bool loadOrCreateAdminToken(const QString &stateDir, QString *error);
    bool writeServiceAccountTokens(const QStringList &specs, QString *error);

    struct Private;
    std::unique_ptr<Private> d;
    ObjectStore *m_store = nullptr;
    ResourceRegistry *m_registry = nullptr;
    WatchHub *m_hub = nullptr;
    HttpServer *m_http = nullptr;
    RequestRouter *m_router = nullptr;
    FaultInjector *m_faults = nullptr;
    CrdController *m_crds = nullptr;
    NamespaceController *m_namespaces = nullptr;
    RbacState *m_rbac = nullptr;
    RbacController *m_rbacController = nullptr;
};

} // namespace cvc::sandbox
