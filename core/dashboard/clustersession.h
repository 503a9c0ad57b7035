#pragma once

#include "kube/clientconfig.h"
#include "kube/connectionoptions.h"
#include "kube/connectionstate.h"
#include "kube/resourcetype.h"

#include <QObject>
#include <QSharedPointer>
#include <QStringList>

#include <optional>

namespace cvc {
class ClusterConnection;
class KubeClient;
class ObjectCache;
}

namespace cvc::ui {

// The dashboard's session with one cluster context: the kubeconfig as kubectl reads it and the
// one ClusterConnection of that context (client, discovery, the informer of the CVCs), which the
// views and the reconcile loop share. The watch covers all namespaces (or --namespace); the
// namespace on screen is only a filter (HoldingsProxyModel), so switching it lists nothing
// again and deletes nothing. Only when listing all namespaces is forbidden does the watch follow
// the namespace on screen. Everything cluster-facing in the UI goes through the objects this
// session hands out; it owns no widgets.
class ClusterSession : public QObject
{
    Q_OBJECT
public:
    explicit ClusterSession(QObject *parent = nullptr);
    ~ClusterSession() override;

    // The contexts of the merged kubeconfig the options point at (KubeConfig::loadMerged); empty when
    // there is none or a file of it cannot be read.
    static QStringList contextNames(const ConnectionOptions &options, QString *currentContext = nullptr);
    // The CRD's coin enum as this build knows it, for when the cluster does not say.
    static QStringList builtInCoins();

    // Loads the kubeconfig and starts discovery; opened() or failed() follows. Returns false
    // (with *error naming file and field) when the kubeconfig itself cannot be used.
    // scope: the namespace to show first ("" = all); default: the context's namespace.
    bool open(const ConnectionOptions &options, QString *error,
              const std::optional<QString> &scope = std::nullopt);
    void close();
    bool isOpen() const { return !m_connection.isNull(); }

    // The namespace on screen; "" means all namespaces. A filter on what the cache holds: the
    // watch changes only when it had to fall back to the namespace on screen (see
    // ClusterConnection::scopeNarrowed).
    void setNamespaceScope(const QString &namespaceName);
    QString namespaceScope() const { return m_scope; }
    // Where new CVCs go by default: the scope, or the context's namespace when showing all.
    QString defaultNamespace() const;
    // F5: drop the watch and list again.
    void resync();

    const ConnectionOptions &options() const { return m_options; }
    const ClientConfig &clientConfig() const { return m_config; }
    QString contextName() const { return m_config.contextName; }
    // Shared: the reconcile loop keeps the connection while it stops, after a context switch.
    QSharedPointer<ClusterConnection> connection() const { return m_connection; }
    KubeClient *client() const;
    // The CVCs of this context, every namespace watched; nullptr while closed.
    ObjectCache *cache() const;
    ResourceType cvcType() const;
    QStringList coins() const { return m_coins; }
    QStringList namespaces() const { return m_namespaces; }
    ConnectionState connectionState() const;

Q_SIGNALS:
    void opened();
    void failed(const QString &message);
    void namespacesChanged(const QStringList &namespaces);
    void coinsChanged(const QStringList &coins);
    void scopeChanged(const QString &namespaceName);
    void connectionStateChanged(const cvc::ConnectionState &state);
    // A new context brings a new cache (nullptr when closed); readers of the old one move over.
    // The old cache reports no deletions: its objects were not deleted on the server.
    void cacheChanged(cvc::ObjectCache *cache);
    // Listing CVCs in all namespaces is forbidden: only `namespaceName` is watched, for `reason`.
    void scopeNarrowed(const QString &namespaceName, const QString &reason);

private:
    void onDiscovered();
    void fetchCoins();
    void fetchNamespaces();
    void release();
    QString fallbackNamespace() const;

    ConnectionOptions m_options;
    ClientConfig m_config;
    QSharedPointer<ClusterConnection> m_connection;
    QString m_scope;
    QStringList m_coins;
    QStringList m_namespaces;
};

} // namespace cvc::ui
