#pragma once

#include "policyrule.h"
#include "rolebinding.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

// The RBAC objects of the cluster at one moment, typed: what the authorizer, the rules review and
// the escalation checks read. Built from the stored objects; cheap to rebuild after an RBAC write.
class RbacPolicy
{
public:
    void addRole(const QJsonObject &role);
    void addClusterRole(const QJsonObject &clusterRole);
    void addRoleBinding(const QJsonObject &binding);
    void addClusterRoleBinding(const QJsonObject &binding);

    std::optional<QList<PolicyRule>> roleRules(const QString &ns, const QString &name) const;
    std::optional<QList<PolicyRule>> clusterRoleRules(const QString &name) const;
    const QList<RoleBinding> &clusterRoleBindings() const { return m_clusterRoleBindings; }
    QList<RoleBinding> roleBindings(const QString &ns) const { return m_roleBindings.value(ns); }

private:
    QHash<QString, QList<PolicyRule>> m_roles;          // "namespace/name"
    QHash<QString, QList<PolicyRule>> m_clusterRoles;
    QList<RoleBinding> m_clusterRoleBindings;
    QHash<QString, QList<RoleBinding>> m_roleBindings;  // by namespace
};

} // namespace cvc::sandbox
