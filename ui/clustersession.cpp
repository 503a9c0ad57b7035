#include "clustersession.h"

#include "kubeclient.h"
#include "kubeconfig.h"
#include "objectcache.h"
#include "watcher.h"

#include <QJsonArray>

namespace cvc::ui {

ClusterSession::ClusterSession(QObject *parent)
    : QObject(parent)
    , m_cache(new ObjectCache(this))
    , m_coins(builtInCoins())
{
    connect(m_cache, &ObjectCache::connectionStateChanged, this, &ClusterSession::connectionStateChanged);
}

ClusterSession::~ClusterSession()
{
    close();
}

QStringList ClusterSession::builtInCoins()
{
    return {QStringLiteral("bitcoin"), QStringLiteral("ethereum"), QStringLiteral("dogecoin"),
            QStringLiteral("shiba-inu")};
}

QStringList ClusterSession::contextNames(const ConnectionOptions &options, QString *currentContext)
{
    // A kubeconfig that cannot be read offers no contexts here; open() then names the file and field.
    QString error;
    const std::optional<KubeConfig> merged = KubeConfig::loadMerged(options, &error);
    if (!merged || merged->files().isEmpty())
        return {};
    if (currentContext)
        *currentContext = options.context.isEmpty() ? merged->currentContext() : options.context;
    return merged->contextNames();
}

bool ClusterSession::open(const ConnectionOptions &options, QString *error, const std::optional<QString> &scope)
{
    close();
    const auto config = KubeConfig::load(options, error);
    if (!config)
        return false;
    m_options = options;
    m_config = *config;
    m_scope = scope.value_or(m_config.namespaceName);
    m_client = new KubeClient(m_config, this);
    m_client->discover(QStringLiteral("crypto.tools"), QStringLiteral("v1"),
                       QStringLiteral("cryptovaluecalculators"), this, [this](const DiscoveryResult &result) {
                           if (result.found()) {
                               onDiscovered(*result.resource);
                               return;
                           }
                           if (result.error) {
                               Q_EMIT failed(tr("Cannot reach the cluster of context \"%1\": %2")
                                                 .arg(m_config.contextName, result.error->toString()));
                           } else {
                               Q_EMIT failed(tr("The cluster of context \"%1\" does not serve "
                                                "cryptovaluecalculators.crypto.tools/v1. Install the CRD: "
                                                "kubectl apply -f crds/cryptovaluecalculators.yaml")
                                                 .arg(m_config.contextName));
                           }
                       });
    return true;
}

void ClusterSession::close()
{
    delete m_watcher;
    m_watcher = nullptr;
    clearCache();
    delete m_client;
    m_client = nullptr;
}

void ClusterSession::onDiscovered(const ResourceType &type)
{
    m_type = type;
    startWatcher();
    fetchCoins();
    fetchNamespaces();
    Q_EMIT opened();
}

void ClusterSession::startWatcher()
{
    delete m_watcher;
    clearCache();
    Watcher::Options options;
    options.namespaceName = m_scope;
    m_watcher = new Watcher(m_client, m_type, m_cache, options, this);
    m_watcher->start();
}

void ClusterSession::clearCache()
{
    if (!m_cache || m_cache->size() == 0)
        return;
    Q_EMIT cacheResetStarted();
    m_cache->clear();
    Q_EMIT cacheResetFinished();
}

ConnectionState ClusterSession::connectionState() const
{
    return m_cache->connectionState();
}

QString ClusterSession::defaultNamespace() const
{
    if (!m_scope.isEmpty())
        return m_scope;
    return m_config.namespaceName.isEmpty() ? QStringLiteral("default") : m_config.namespaceName;
}

void ClusterSession::setNamespaceScope(const QString &namespaceName)
{
    if (namespaceName == m_scope)
        return;
    m_scope = namespaceName;
    if (m_client && m_watcher)
        startWatcher();
    Q_EMIT scopeChanged(m_scope);
}

void ClusterSession::resync()
{
    if (m_client && m_watcher)
        startWatcher();
}

void ClusterSession::fetchCoins()
{
    // The CRD's enum is the truth for what the server accepts; users who may not read CRDs get
    // the list this build knows.
    const QString path = ResourceType::customResourceDefinitions().path(QString(), m_type.qualifiedName());
    m_client->get(path, this, [this](const KubeResponse &response) {
        if (!response.ok())
            return;
        const QJsonArray versions = response.object.value(QLatin1String("spec")).toObject()
                                        .value(QLatin1String("versions")).toArray();
        for (const QJsonValue &version : versions) {
            const QJsonObject v = version.toObject();
            if (v.value(QLatin1String("name")).toString() != m_type.version)
                continue;
            const QJsonArray values = v.value(QLatin1String("schema")).toObject()
                                          .value(QLatin1String("openAPIV3Schema")).toObject()
                                          .value(QLatin1String("properties")).toObject()
                                          .value(QLatin1String("spec")).toObject()
                                          .value(QLatin1String("properties")).toObject()
                                          .value(QLatin1String("coin")).toObject()
                                          .value(QLatin1String("enum")).toArray();
            QStringList coins;
            for (const QJsonValue &coin : values)
                coins << coin.toString();
            if (!coins.isEmpty() && coins != m_coins) {
                m_coins = coins;
                Q_EMIT coinsChanged(m_coins);
            }
        }
    });
}

void ClusterSession::fetchNamespaces()
{
    m_client->list(ResourceType::namespaces().path(), {}, this, [this](const KubeResponse &response) {
        QStringList names;
        if (response.ok()) {
            for (const QJsonValue &item : response.object.value(QLatin1String("items")).toArray())
                names << item.toObject().value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        }
        // Without list permission the switcher still takes free text.
        names.sort();
        m_namespaces = names;
        Q_EMIT namespacesChanged(m_namespaces);
    });
}

} // namespace cvc::ui
