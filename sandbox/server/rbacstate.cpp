#include "rbacstate.h"

#include "objectstore.h"
#include "watchevent.h"

namespace cvc::sandbox {

RbacState::RbacState(const ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    connect(store, &ObjectStore::objectChanged, this, &RbacState::onObjectChanged);
}

bool RbacState::isRbacStorageKey(const QString &storageKey)
{
    return storageKey == QLatin1String(RolesKey) || storageKey == QLatin1String(ClusterRolesKey)
        || storageKey == QLatin1String(RoleBindingsKey) || storageKey == QLatin1String(ClusterRoleBindingsKey);
}

void RbacState::onObjectChanged(const WatchEvent &event)
{
    if (isRbacStorageKey(event.storageKey))
        m_stale = true;
}

const RbacPolicy &RbacState::policy() const
{
    if (!m_stale)
        return m_policy;
    m_policy = RbacPolicy();
    for (const QJsonObject &role : m_store->list(QLatin1String(RolesKey)))
        m_policy.addRole(role);
    for (const QJsonObject &role : m_store->list(QLatin1String(ClusterRolesKey)))
        m_policy.addClusterRole(role);
    for (const QJsonObject &binding : m_store->list(QLatin1String(RoleBindingsKey)))
        m_policy.addRoleBinding(binding);
    for (const QJsonObject &binding : m_store->list(QLatin1String(ClusterRoleBindingsKey)))
        m_policy.addClusterRoleBinding(binding);
    m_stale = false;
    return m_policy;
}

} // namespace cvc::sandbox
