#include "rbacpolicy.h"

namespace cvc::sandbox {

namespace {

QString metadataField(const QJsonObject &object, const char *field)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QLatin1String(field)).toString();
}

} // namespace

void RbacPolicy::addRole(const QJsonObject &role)
{
    m_roles.insert(metadataField(role, "namespace") + QLatin1Char('/') + metadataField(role, "name"),
                   PolicyRule::listFromJson(role.value(QStringLiteral("rules"))));
}

void RbacPolicy::addClusterRole(const QJsonObject &clusterRole)
{
    m_clusterRoles.insert(metadataField(clusterRole, "name"), PolicyRule::listFromJson(clusterRole.value(QStringLiteral("rules"))));
}

void RbacPolicy::addRoleBinding(const QJsonObject &binding)
{
    const RoleBinding parsed = RoleBinding::fromJson(binding);
    m_roleBindings[parsed.ns].append(parsed);
}

void RbacPolicy::addClusterRoleBinding(const QJsonObject &binding)
{
    RoleBinding parsed = RoleBinding::fromJson(binding);
    parsed.ns.clear();
    m_clusterRoleBindings.append(parsed);
}

std::optional<QList<PolicyRule>> RbacPolicy::roleRules(const QString &ns, const QString &name) const
{
    const auto it = m_roles.constFind(ns + QLatin1Char('/') + name);
    if (it == m_roles.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QList<PolicyRule>> RbacPolicy::clusterRoleRules(const QString &name) const
{
    const auto it = m_clusterRoles.constFind(name);
    if (it == m_clusterRoles.constEnd())
        return std::nullopt;
    return it.value();
}

} // namespace cvc::sandbox
