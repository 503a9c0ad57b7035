#include "informer.h"

#include "kubeclient.h"
#include "objectcache.h"

namespace cvc {

Informer::Informer(KubeClient *client, const ResourceType &type, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cache(new ObjectCache(this))
    , m_type(type)
{
}

Informer::~Informer()
{
    // The watcher writes into the cache: it goes first.
    delete m_watcher;
    m_watcher = nullptr;
}

KubeClient *Informer::client() const
{
    return m_client;
}

bool Informer::isRunning() const
{
    return m_watcher && m_watcher->isRunning();
}

void Informer::setResourceType(const ResourceType &type)
{
    if (!m_discovered) {
        m_discovered = true;
        m_type = type;
        Q_EMIT resourceTypeDiscovered(m_type);
        if (m_wanted)
            startWatcher();
        return;
    }
    if (type == m_type)
        return;
    m_type = type;
    Q_EMIT resourceTypeChanged(m_type);
}

void Informer::setWatchOptions(const Watcher::Options &options)
{
    const bool rescope = options.namespaceName != m_options.namespaceName
                         || options.labelSelector != m_options.labelSelector
                         || options.fieldSelector != m_options.fieldSelector;
    m_options = options;
    if (rescope && isRunning())
        startWatcher();
}

void Informer::start()
{
    m_wanted = true;
    if (m_discovered && !isRunning())
        startWatcher();
}

void Informer::stop()
{
    m_wanted = false;
    if (m_watcher)
        m_watcher->stop();
}

void Informer::resync()
{
    if (isRunning())
        startWatcher();
}

void Informer::startWatcher()
{
    if (m_watcher) {
        // Possibly called from inside one of its signals: stopped now, freed later.
        m_watcher->stop();
        m_watcher->disconnect(this);
        m_watcher->deleteLater();
    }
    m_watcher = new Watcher(m_client, m_type, m_cache, m_options, this);
    connect(m_watcher, &Watcher::objectSkipped, this, &Informer::objectSkipped);
    m_watcher->start();
}

} // namespace cvc
