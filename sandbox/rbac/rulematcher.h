#pragma once

#include "policyrule.h"
#include "rolebinding.h"

namespace cvc::sandbox {

struct RequestAttributes;
struct UserInfo;

// The matching functions of kube's RBAC authorizer (plugin/pkg/auth/authorizer/rbac and
// pkg/apis/rbac/v1 helpers): no rule ever denies; a request is allowed when one rule matches it.
namespace RuleMatcher {

bool verbMatches(const PolicyRule &rule, const QString &verb);
bool apiGroupMatches(const PolicyRule &rule, const QString &group);
// "*", the exact resource, or "*/<subresource>" for a request of that subresource.
bool resourceMatches(const PolicyRule &rule, const QString &combinedResource, const QString &subresource);
// No resourceNames means any name; with resourceNames, a request without a name (list, create) never matches.
bool resourceNameMatches(const PolicyRule &rule, const QString &name);
// "*", the exact path, or a prefix ending in "*".
bool nonResourceUrlMatches(const PolicyRule &rule, const QString &path);
bool ruleAllows(const RequestAttributes &request, const PolicyRule &rule);

// `bindingNamespace` is the RoleBinding's namespace (empty for a ClusterRoleBinding): a
// ServiceAccount subject without a namespace means one in the binding's namespace.
bool appliesTo(const RoleBinding::Subject &subject, const UserInfo &user, const QString &bindingNamespace);

} // namespace RuleMatcher

} // namespace cvc::sandbox
