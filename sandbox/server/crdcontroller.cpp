#include "crdcontroller.h"

#include "crdrules.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "objectwriter.h"
#include "resourceregistry.h"
#include "watchevent.h"

#include <QJsonArray>
#include <QTimer>

namespace cvc::sandbox {

CrdController::CrdController(const ApiServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    connect(m_services.store, &ObjectStore::objectChanged, this, &CrdController::onObjectChanged);
}

void CrdController::loadExisting()
{
    for (const QJsonObject &crd : m_services.store->list(CrdRules::crdStorageKey())) {
        registerCrd(crd);
        if (ObjectMeta::isDeleting(crd))
            cleanup(ObjectMeta::name(crd));
    }
}

void CrdController::registerCrd(const QJsonObject &crd)
{
    m_services.registry->removeStorageKey(CrdRules::storageKey(crd));
    for (const ResourceInfo &info : CrdRules::resources(crd))
        m_services.registry->add(info);
}

void CrdController::onObjectChanged(const WatchEvent &event)
{
    if (event.storageKey != CrdRules::crdStorageKey())
        return;
    if (event.type == WatchEvent::Type::Deleted) {
        m_services.registry->removeStorageKey(CrdRules::storageKey(event.object));
        return;
    }
    registerCrd(event.object);
    if (ObjectMeta::isDeleting(event.object)) {
        const QString name = event.name;
        // Not inside the store's signal: the cleanup makes writes of its own.
        QTimer::singleShot(0, this, [this, name]() { cleanup(name); });
    }
}

void CrdController::cleanup(const QString &crdName)
{
    const auto crd = m_services.store->get(CrdRules::crdStorageKey(), QString(), crdName);
    if (!crd || !ObjectMeta::isDeleting(*crd))
        return;
    QJsonArray finalizers = ObjectMeta::metadata(*crd).value(QStringLiteral("finalizers")).toArray();
    if (!finalizers.contains(QLatin1String(CrdRules::CleanupFinalizer)))
        return;
    // Custom resources go directly (finalizers on them are not waited for; see README).
    const QString key = CrdRules::storageKey(*crd);
    for (const QJsonObject &object : m_services.store->list(key)) {
        QString error;
        m_services.store->write(WatchEvent::Type::Deleted, key, object, nullptr, &error);
    }
    for (qsizetype i = finalizers.size() - 1; i >= 0; --i) {
        if (finalizers.at(i).toString() == QLatin1String(CrdRules::CleanupFinalizer))
            finalizers.removeAt(i);
    }
    QJsonObject candidate = *crd;
    ObjectMeta::set(candidate, QStringLiteral("finalizers"), finalizers.isEmpty() ? QJsonValue() : QJsonValue(finalizers));
    const ResourceInfo info = m_services.registry->find(QStringLiteral("apiextensions.k8s.io"), QStringLiteral("v1"),
                                                        QStringLiteral("customresourcedefinitions"));
    const WriteOutcome outcome = ObjectWriter(m_services).update(info, *crd, candidate, FieldValidation::Ignore, false,
                                                                 QStringLiteral("apiextensions-controller"));
    if (!outcome.ok())
        qWarning("kube-sandbox: cannot finish deleting CRD %s: %s", qPrintable(crdName), qPrintable(outcome.error->message()));
}

} // namespace cvc::sandbox
