#pragma once

#include "objectcache.h"   // watcher.h reads the cache through a QPointer
#include "resourcetype.h"
#include "watcher.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace cvc {

class KubeClient;

// One resource type's list-and-watch and its store, shared by every reader (kube-rs's reflector
// with store_shared(), controller-runtime's shared informer). The Watcher is the cache's only
// writer; the reconciler, the models and the dialogs read the cache and follow its signals.
//
// The cache lives as long as the informer: restarting or re-scoping the watch never empties it
// (a relist reports only what really changed), so readers never see deletions that did not
// happen on the server.
class Informer : public QObject
{
    Q_OBJECT
public:
    Informer(KubeClient *client, const ResourceType &type, QObject *parent = nullptr);
    ~Informer() override;

    KubeClient *client() const;
    ObjectCache *cache() const { return m_cache; }
    // nullptr until the first start(); replaced when the scope changes.
    Watcher *watcher() const { return m_watcher; }
    // The type as discovery described it (status subresource and all) once hasResourceType().
    const ResourceType &resourceType() const { return m_type; }
    bool hasResourceType() const { return m_discovered; }
    bool isRunning() const;
    // The namespace the watch covers; "" = all namespaces.
    QString namespaceName() const { return m_options.namespaceName; }

    // From discovery: the first call emits resourceTypeDiscovered(); later calls that change the
    // type (a CRD replaced with or without /status) emit resourceTypeChanged(). The watch goes on.
    void setResourceType(const ResourceType &type);
    // The watch's options (scope, timeouts). A running watch with a new scope lists again: the
    // cache then holds the new scope's objects, and the objects outside it leave as deletions.
    void setWatchOptions(const Watcher::Options &options);
    const Watcher::Options &watchOptions() const { return m_options; }

    // Starts the watch once the type is known (else as soon as it is).
    void start();
    void stop();
    // Drops the watch and lists again (F5); the cache reports only real differences.
    void resync();

Q_SIGNALS:
    void resourceTypeDiscovered(const cvc::ResourceType &type);
    void resourceTypeChanged(const cvc::ResourceType &type);
    // Watcher::objectSkipped of whichever watcher is current.
    void objectSkipped(const QJsonObject &identity, const QString &reason);

private:
    void startWatcher();

    QPointer<KubeClient> m_client;
    ObjectCache *m_cache;
    Watcher *m_watcher = nullptr;
    ResourceType m_type;
    Watcher::Options m_options;
    bool m_discovered = false;
    bool m_wanted = false;
};

} // namespace cvc
