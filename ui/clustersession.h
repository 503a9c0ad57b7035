#pragma once

#include "clientconfig.h"
#include "connectionoptions.h"
#include "connectionstate.h"
#include "resourcetype.h"

#include <QObject>
#include <QStringList>

#include <optional>

namespace cvc {
class KubeClient;
class ObjectCache;
class Watcher;
}

namespace cvc::ui {

// One connection of the dashboard to one cluster context: the kubeconfig as kubectl reads it, a
// KubeClient, discovery of the CVC resource, and a Watcher keeping an ObjectCache of the CVCs
// in the chosen namespace (or all). Everything cluster-facing in the UI goes through the
// objects this session hands out; it owns no widgets.
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
    bool isOpen() const { return m_client != nullptr; }

    // "" means all namespaces. Restarts the watch; the cache reports the old rows as deleted.
    void setNamespaceScope(const QString &namespaceName);
    QString namespaceScope() const { return m_scope; }
    // Where new CVCs go by default: the scope, or the context's namespace when showing all.
    QString defaultNamespace() const;
    // F5: drop the watch and list again.
    void resync();

    const ConnectionOptions &options() const { return m_options; }
    const ClientConfig &clientConfig() const { return m_config; }
    QString contextName() const { return m_config.contextName; }
    KubeClient *client() const { return m_client; }
    ObjectCache *cache() const { return m_cache; }
    const ResourceType &cvcType() const { return m_type; }
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
    // Around emptying the cache for a new scope or context: the deletions it reports between
    // these two are not deletions on the server.
    void cacheResetStarted();
    void cacheResetFinished();

private:
    void onDiscovered(const ResourceType &type);
    void startWatcher();
    void fetchCoins();
    void fetchNamespaces();
    void clearCache();

    ConnectionOptions m_options;
    ClientConfig m_config;
    KubeClient *m_client = nullptr;
    ObjectCache *m_cache = nullptr;
    Watcher *m_watcher = nullptr;
    ResourceType m_type = ResourceType::cryptoValueCalculators();
    QString m_scope;
    QStringList m_coins;
    QStringList m_namespaces;
};

} // namespace cvc::ui
