#include "namespacecontroller.h"

#include "objectstore.h"
#include "objectwriter.h"
#include "resourceregistry.h"
#include "watchevent.h"

#include <QTimer>

namespace cvc::sandbox {

namespace {

const QString kNamespaceStorageKey = QStringLiteral("/namespaces");

} // namespace

NamespaceController::NamespaceController(const ApiServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    connect(m_services.store, &ObjectStore::objectChanged, this, &NamespaceController::onObjectChanged);
}

bool NamespaceController::ensureDefaultNamespaces(QString *error)
{
    const ResourceInfo info = m_services.registry->find(QString(), QStringLiteral("v1"), QStringLiteral("namespaces"));
    ObjectWriter writer(m_services);
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        if (m_services.store->get(kNamespaceStorageKey, QString(), QLatin1String(name)))
            continue;
        const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("kind"), QStringLiteral("Namespace")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QLatin1String(name)}}}};
        const WriteOutcome outcome = writer.create(info, ns, FieldValidation::Ignore, false, QStringLiteral("kube-sandbox"));
        if (!outcome.ok()) {
            *error = outcome.error->message();
            return false;
        }
    }
    return true;
}

void NamespaceController::onObjectChanged(const WatchEvent &event)
{
    if (event.storageKey != kNamespaceStorageKey || event.type != WatchEvent::Type::Deleted)
        return;
    const QString ns = event.name;
    // Not inside the store's signal: deleting the contents makes writes of its own.
    QTimer::singleShot(0, this, [this, ns]() { deleteContents(ns); });
}

void NamespaceController::deleteContents(const QString &ns)
{
    // The namespace may have been re-created meanwhile; its new objects stay.
    if (m_services.store->get(kNamespaceStorageKey, QString(), ns))
        return;
    for (const QString &key : m_services.store->storageKeys()) {
        for (const QJsonObject &object : m_services.store->list(key, ns)) {
            QString error;
            m_services.store->write(WatchEvent::Type::Deleted, key, object, nullptr, &error);
        }
    }
}

} // namespace cvc::sandbox
