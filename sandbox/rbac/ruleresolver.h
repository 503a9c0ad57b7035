#pragma once

#include "policyrule.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cvc::sandbox {

class RbacPolicy;
struct UserInfo;

// Which rules apply to a user in a namespace (kube's DefaultRuleResolver): every
// ClusterRoleBinding naming the user, then, in a namespace, every RoleBinding there. A binding
// whose role is missing grants nothing and is reported as an error.
class RuleResolver
{
public:
    // Called per rule with where it came from (`ClusterRoleBinding "x" of ClusterRole "y" to
    // User "alice"`), or with rule null and an error; returning false stops the walk.
    using Visitor = std::function<bool(const QString &source, const PolicyRule *rule, const QString &error)>;

    explicit RuleResolver(const RbacPolicy &policy);

    void visitRulesFor(const UserInfo &user, const QString &ns, const Visitor &visitor) const;
    QList<PolicyRule> rulesFor(const UserInfo &user, const QString &ns, QStringList *errors = nullptr) const;

private:
    const RbacPolicy &m_policy;
};

} // namespace cvc::sandbox
