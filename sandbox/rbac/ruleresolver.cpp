#include "ruleresolver.h"

#include "rbacpolicy.h"
#include "rulematcher.h"
#include "security/userinfo.h"

namespace cvc::sandbox {

namespace {

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// kube's describeSubject: a ServiceAccount as "name/namespace".
QString describeSubject(const RoleBinding::Subject &subject, const QString &bindingNamespace)
{
    if (subject.kind == QLatin1String("ServiceAccount"))
        return subject.kind + QLatin1Char(' ') + quoted(subject.name + QLatin1Char('/') + (subject.ns.isEmpty() ? bindingNamespace : subject.ns));
    return subject.kind + QLatin1Char(' ') + quoted(subject.name);
}

const RoleBinding::Subject *appliedSubject(const RoleBinding &binding, const UserInfo &user)
{
    for (const RoleBinding::Subject &subject : binding.subjects) {
        if (RuleMatcher::appliesTo(subject, user, binding.ns))
            return &subject;
    }
    return nullptr;
}

} // namespace

RuleResolver::RuleResolver(const RbacPolicy &policy)
    : m_policy(policy)
{
}

void RuleResolver::visitRulesFor(const UserInfo &user, const QString &ns, const Visitor &visitor) const
{
    for (const RoleBinding &binding : m_policy.clusterRoleBindings()) {
        const RoleBinding::Subject *subject = appliedSubject(binding, user);
        if (!subject)
            continue;
        // A ClusterRoleBinding may only name a ClusterRole.
        const auto rules = binding.roleRef.kind == QLatin1String("ClusterRole") ? m_policy.clusterRoleRules(binding.roleRef.name)
                                                                                : std::nullopt;
        if (!rules) {
            if (!visitor(QString(), nullptr, QStringLiteral("clusterrole.rbac.authorization.k8s.io %1 not found").arg(quoted(binding.roleRef.name))))
                return;
            continue;
        }
        const QString source = QStringLiteral("ClusterRoleBinding %1 of %2 %3 to %4")
                                   .arg(quoted(binding.name), binding.roleRef.kind, quoted(binding.roleRef.name), describeSubject(*subject, QString()));
        for (const PolicyRule &rule : *rules) {
            if (!visitor(source, &rule, QString()))
                return;
        }
    }
    if (ns.isEmpty())
        return;
    for (const RoleBinding &binding : m_policy.roleBindings(ns)) {
        const RoleBinding::Subject *subject = appliedSubject(binding, user);
        if (!subject)
            continue;
        const bool clusterRole = binding.roleRef.kind == QLatin1String("ClusterRole");
        const auto rules = clusterRole ? m_policy.clusterRoleRules(binding.roleRef.name) : m_policy.roleRules(ns, binding.roleRef.name);
        if (!rules) {
            const QString error = QStringLiteral("%1.rbac.authorization.k8s.io %2 not found")
                                      .arg(clusterRole ? QStringLiteral("clusterrole") : QStringLiteral("role"), quoted(binding.roleRef.name));
            if (!visitor(QString(), nullptr, error))
                return;
            continue;
        }
        const QString source = QStringLiteral("RoleBinding %1 of %2 %3 to %4")
                                   .arg(quoted(binding.name + QLatin1Char('/') + binding.ns), binding.roleRef.kind,
                                        quoted(binding.roleRef.name), describeSubject(*subject, binding.ns));
        for (const PolicyRule &rule : *rules) {
            if (!visitor(source, &rule, QString()))
                return;
        }
    }
}

QList<PolicyRule> RuleResolver::rulesFor(const UserInfo &user, const QString &ns, QStringList *errors) const
{
    QList<PolicyRule> rules;
    visitRulesFor(user, ns, [&](const QString &, const PolicyRule *rule, const QString &error) {
        if (rule)
            rules.append(*rule);
        else if (errors)
            errors->append(error);
        return true;
    });
    return rules;
}

} // namespace cvc::sandbox
