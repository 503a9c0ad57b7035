#include "rbaccontroller.h"

#include "bootstrappolicy.h"
#include "clusterroleaggregator.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "objectwriter.h"
#include "rbacstate.h"
#include "resourceregistry.h"
#include "watchevent.h"
#include "writelog.h"

#include <QJsonArray>
#include <QTimer>

namespace cvc::sandbox {

namespace {

const QString kRbacGroup = QStringLiteral("rbac.authorization.k8s.io");
const QString kAggregationManager = QStringLiteral("clusterrole-aggregation-controller");

} // namespace

RbacController::RbacController(const ApiServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{
    connect(m_services.store, &ObjectStore::objectChanged, this, &RbacController::onObjectChanged);
}

bool RbacController::ensureBootstrapPolicy(QString *error)
{
    ObjectWriter writer(m_services);
    for (const QJsonObject &object : BootstrapPolicy::objects()) {
        const ResourceInfo info = m_services.registry->findByKind(kRbacGroup, QStringLiteral("v1"), object.value(QStringLiteral("kind")).toString());
        WriteOutcome outcome;
        if (const auto existing = m_services.store->get(info.storageKey(), QString(), ObjectMeta::name(object))) {
            const auto candidate = BootstrapPolicy::reconciled(object, *existing);
            if (!candidate)
                continue;
            outcome = writer.update(info, *existing, *candidate, FieldValidation::Ignore, false, QStringLiteral("kube-sandbox"));
        } else {
            outcome = writer.create(info, object, FieldValidation::Ignore, false, QStringLiteral("kube-sandbox"));
        }
        if (!outcome.ok()) {
            *error = outcome.error->message();
            return false;
        }
    }
    aggregate();
    return true;
}

void RbacController::onObjectChanged(const WatchEvent &event)
{
    if (event.storageKey != QLatin1String(RbacState::ClusterRolesKey) || m_aggregationPending)
        return;
    // Not inside the store's signal: aggregation makes writes of its own.
    m_aggregationPending = true;
    QTimer::singleShot(0, this, [this]() {
        m_aggregationPending = false;
        aggregate();
    });
}

void RbacController::aggregate()
{
    const ResourceInfo info = m_services.registry->find(kRbacGroup, QStringLiteral("v1"), QStringLiteral("clusterroles"));
    const QList<QJsonObject> clusterRoles = m_services.store->list(info.storageKey());
    const WriteLog::Scope author(m_services.writeLog, WriteLog::serverActor(kAggregationManager));
    ObjectWriter writer(m_services);
    for (const QJsonObject &role : clusterRoles) {
        const auto rules = ClusterRoleAggregator::aggregatedRules(role, clusterRoles);
        if (!rules)
            continue;
        QJsonArray json;
        for (const PolicyRule &rule : *rules)
            json.append(rule.toJson());
        if (role.value(QStringLiteral("rules")).toArray() == json)
            continue;
        QJsonObject candidate = role;
        candidate.insert(QStringLiteral("rules"), json);
        const WriteOutcome outcome = writer.update(info, role, candidate, FieldValidation::Ignore, false, kAggregationManager);
        if (!outcome.ok())
            qWarning("kube-sandbox: cannot aggregate ClusterRole %s: %s", qPrintable(ObjectMeta::name(role)),
                     qPrintable(outcome.error->message()));
    }
}

} // namespace cvc::sandbox
