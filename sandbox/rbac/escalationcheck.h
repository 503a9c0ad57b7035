#pragma once

#include "policyrule.h"

#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

class RbacPolicy;
struct UserInfo;

// kube's rule coverage (pkg/registry/rbac/validation): a user may only write a Role, ClusterRole
// or binding granting rights the user already holds, unless allowed to escalate or bind.
namespace EscalationCheck {

// Each rule cut into single verb × group × resource (× name) or verb × URL rules.
QList<PolicyRule> breakdown(const PolicyRule &rule);
// Whether `owner` covers every right in `servant`; the uncovered single rules go to *missing.
bool covers(const QList<PolicyRule> &owner, const QList<PolicyRule> &servant, QList<PolicyRule> *missing = nullptr);
// Single rules merged by group, resource and name (kube's CompactRules).
QList<PolicyRule> compact(const QList<PolicyRule> &rules);
// The error kube-apiserver gives (before "<resource> "<name>" is forbidden: ") when the user's
// rules in `ns` do not cover `rules`; nullopt when they do.
std::optional<QString> confirmNoEscalation(const RbacPolicy &policy, const UserInfo &user, const QString &ns,
                                           const QList<PolicyRule> &rules);

} // namespace EscalationCheck

} // namespace cvc::sandbox
