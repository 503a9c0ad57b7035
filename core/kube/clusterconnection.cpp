#include "clusterconnection.h"

#include "connectionstate.h"
#include "informer.h"
#include "kubeclient.h"
#include "objectcache.h"

#include <QTimer>

namespace cvc {

ClusterConnection::ClusterConnection(const ClientConfig &config, QObject *parent)
    : ClusterConnection(config, Options(), parent)
{
}

ClusterConnection::ClusterConnection(const ClientConfig &config, const Options &options, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_options(options)
    , m_client(new KubeClient(config, this))
    , m_cvcs(new Informer(m_client, ResourceType::cryptoValueCalculators(), this))
    , m_retryTimer(new QTimer(this))
    , m_rediscoveryTimer(new QTimer(this))
{
    Watcher::Options watch;
    watch.namespaceName = m_options.namespaceName;
    watch.watchTimeoutSeconds = m_options.watchTimeoutSeconds;
    m_cvcs->setWatchOptions(watch);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { discover(false); });
    m_rediscoveryTimer->setInterval(m_options.rediscoveryMs);
    connect(m_rediscoveryTimer, &QTimer::timeout, this, [this] { discover(true); });
    connect(m_cvcs->cache(), &ObjectCache::connectionStateChanged, this, &ClusterConnection::onConnectionState);
}

ClusterConnection::~ClusterConnection()
{
    // The informer's watcher uses the client: both go before the client does.
    delete m_cvcs;
    m_cvcs = nullptr;
}

void ClusterConnection::start()
{
    if (m_started)
        return;
    m_started = true;
    m_cvcs->start();
    if (!m_cvcs->hasResourceType())
        discover(false);
    else
        m_rediscoveryTimer->start();
}

void ClusterConnection::stop()
{
    if (!m_started)
        return;
    m_started = false;
    m_retryTimer->stop();
    m_rediscoveryTimer->stop();
    delete m_guard;   // drops a discovery in flight
    m_guard = nullptr;
    m_cvcs->stop();
}

void ClusterConnection::discover(bool again)
{
    if (!m_started)
        return;
    if (!m_guard)
        m_guard = new QObject(this);
    const ResourceType t = ResourceType::cryptoValueCalculators();
    m_client->discover(t.group, t.version, t.plural, m_guard, [this, again](const DiscoveryResult &r) {
        if (!m_started)
            return;
        if (r.found()) {
            const bool first = !m_cvcs->hasResourceType();
            m_cvcs->setResourceType(*r.resource);
            if (first) {
                m_rediscoveryTimer->start();
                Q_EMIT discovered();
            }
            return;
        }
        if (again)
            return;   // a hiccup while running changes nothing; the next look decides
        Q_EMIT discoveryFailed(r.error ? QStringLiteral("cannot look up the CVC resource: %1").arg(r.error->toString())
                                       : QStringLiteral("the CVC CRD (cryptovaluecalculators.crypto.tools) is not installed; "
                                                        "apply crds/cryptovaluecalculators.yaml"));
        m_retryTimer->start(m_options.discoveryRetryMs);
    });
}

void ClusterConnection::setFallbackNamespace(const QString &namespaceName)
{
    if (namespaceName == m_options.fallbackNamespace)
        return;
    m_options.fallbackNamespace = namespaceName;
    if (!m_narrowed)
        return;
    // Only the namespace on screen may be read: following it needs a new list and watch.
    Watcher::Options watch = m_cvcs->watchOptions();
    watch.namespaceName = namespaceName;
    m_cvcs->setWatchOptions(watch);
    Q_EMIT scopeNarrowed(namespaceName, m_narrowedReason);
}

void ClusterConnection::onConnectionState(const ConnectionState &state)
{
    if (m_narrowed || !m_options.namespaceName.isEmpty() || m_options.fallbackNamespace.isEmpty())
        return;
    if (state.phase != ConnectionState::Phase::Failed || !state.error || state.error->httpStatus != 403)
        return;
    // Called from inside the watcher's own signal: re-scope from the event loop.
    const QString reason = QStringLiteral("listing cryptovaluecalculators.crypto.tools in all namespaces is forbidden (%1)")
                               .arg(state.error->message);
    QTimer::singleShot(0, this, [this, reason] { narrow(reason); });
}

void ClusterConnection::narrow(const QString &reason)
{
    if (m_narrowed || !m_started)
        return;
    m_narrowed = true;
    m_narrowedReason = reason;
    Watcher::Options watch = m_cvcs->watchOptions();
    watch.namespaceName = m_options.fallbackNamespace;
    m_cvcs->setWatchOptions(watch);
    Q_EMIT scopeNarrowed(m_options.fallbackNamespace, m_narrowedReason);
}

} // namespace cvc
