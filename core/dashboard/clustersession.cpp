#include "dashboard/clustersession.h"

#include "kube/clusterconnection.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "cvc/cvccodec.h"
#include "kube/objectcache.h"
#include "util/operatordefaults.h"

#include <QJsonArray>
#include <QPointer>

namespace cvc::ui {

ClusterSession::ClusterSession(QObject *parent)
    : QObject(parent)
    , m_coins(builtInCoins())
{
}

ClusterSession::~ClusterSession()
{
    release();
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
    ClusterConnection::Options connectionOptions;
    // Like cvc-operator: every namespace unless --namespace narrows it, whatever is on screen.
    connectionOptions.namespaceName = m_options.namespaceName;
    connectionOptions.fallbackNamespace = fallbackNamespace();
    // Shared with the reconcile loop, which may still be stopping on it after a context switch;
    // the last user frees it from the event loop, never inside one of its own callbacks.
    m_connection = QSharedPointer<ClusterConnection>(new ClusterConnection(m_config, connectionOptions),
                                                     &QObject::deleteLater);
    ClusterConnection *connection = m_connection.data();
    connection->client()->setUserAgent(OperatorDefaults::dashboardName);
    // The dashboard writes as much as the operator would, on a cluster others share.
    connection->client()->setRateLimit(RateLimitSettings{});
    // Only what the table, the loop and the history read, typed (as cvc-operator keeps them):
    // View YAML and the edit dialog read the whole object fresh from the server.
    connection->cvcs()->cache()->setCodec(std::make_shared<CvcCodec>());
    connect(connection->cvcs()->cache(), &ObjectCache::connectionStateChanged, this, &ClusterSession::connectionStateChanged);
    connect(connection, &ClusterConnection::discovered, this, &ClusterSession::onDiscovered);
    connect(connection, &ClusterConnection::scopeNarrowed, this, &ClusterSession::scopeNarrowed);
    connect(connection, &ClusterConnection::discoveryFailed, this, [this](const QString &message) {
        Q_EMIT failed(tr("The cluster of context \"%1\" cannot be used yet: %2. Retrying.").arg(m_config.contextName, message));
    });
    Q_EMIT cacheChanged(connection->cvcs()->cache());
    connection->start();
    return true;
}

void ClusterSession::close()
{
    if (!m_connection)
        return;
    release();
    Q_EMIT cacheChanged(nullptr);
}

void ClusterSession::release()
{
    if (!m_connection)
        return;
    m_connection->disconnect(this);
    m_connection->cvcs()->cache()->disconnect(this);
    m_connection->stop();
    m_connection.reset();
}

KubeClient *ClusterSession::client() const
{
    return m_connection ? m_connection->client() : nullptr;
}

ObjectCache *ClusterSession::cache() const
{
    return m_connection ? m_connection->cvcs()->cache() : nullptr;
}

ResourceType ClusterSession::cvcType() const
{
    return m_connection ? m_connection->cvcs()->resourceType() : ResourceType::cryptoValueCalculators();
}

void ClusterSession::onDiscovered()
{
    fetchCoins();
    fetchNamespaces();
    Q_EMIT opened();
}

ConnectionState ClusterSession::connectionState() const
{
    const ObjectCache *c = cache();
    return c ? c->connectionState() : ConnectionState();
}

QString ClusterSession::defaultNamespace() const
{
    if (!m_scope.isEmpty())
        return m_scope;
    return m_config.namespaceName.isEmpty() ? QStringLiteral("default") : m_config.namespaceName;
}

QString ClusterSession::fallbackNamespace() const
{
    // Showing all namespaces when all are forbidden: the context's namespace is the best guess.
    return defaultNamespace();
}

void ClusterSession::setNamespaceScope(const QString &namespaceName)
{
    if (namespaceName == m_scope)
        return;
    m_scope = namespaceName;
    if (m_connection)
        m_connection->setFallbackNamespace(fallbackNamespace());
    Q_EMIT scopeChanged(m_scope);
}

void ClusterSession::resync()
{
    if (m_connection)
        m_connection->cvcs()->resync();
}

void ClusterSession::fetchCoins()
{
    // The CRD's enum is the truth for what the server accepts; users who may not read CRDs get
    // the list this build knows.
    const ResourceType type = cvcType();
    const QString path = ResourceType::customResourceDefinitions().path(QString(), type.qualifiedName());
    // The session is the context (it may go while a stopping loop keeps the connection alive);
    // answers for a connection it no longer uses (context switched) are dropped.
    const QPointer<ClusterConnection> asked = m_connection.data();
    m_connection->client()->get(path, this, [this, asked, type](const KubeResponse &response) {
        if (!asked || m_connection.data() != asked || !response.ok())
            return;
        const QJsonArray versions = response.object.value(QLatin1String("spec")).toObject()
                                        .value(QLatin1String("versions")).toArray();
        for (const QJsonValue &version : versions) {
            const QJsonObject v = version.toObject();
            if (v.value(QLatin1String("name")).toString() != type.version)
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
    const QPointer<ClusterConnection> asked = m_connection.data();
    m_connection->client()->list(ResourceType::namespaces().path(), {}, this, [this, asked](const KubeResponse &response) {
        if (!asked || m_connection.data() != asked)
            return;
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
