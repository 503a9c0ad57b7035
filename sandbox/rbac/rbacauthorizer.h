#pragma once

#include <QString>

namespace cvc::sandbox {

class RbacPolicy;
struct RequestAttributes;

// Whether a request is allowed, as kube-apiserver decides with --authorization-mode=RBAC: the
// system:masters group first (the privileged-group authorizer), then the RBAC rules.
class RbacAuthorizer
{
public:
    static constexpr auto SuperuserGroup = "system:masters";

    struct Decision
    {
        bool allowed = false;
        // Allowed: which binding allowed it (`RBAC: allowed by ClusterRoleBinding "x" of …`);
        // denied: why no binding could (`RBAC: clusterrole.rbac.authorization.k8s.io "y" not found`),
        // usually empty. What a SubjectAccessReview and the 403 message carry.
        QString reason;
    };

    explicit RbacAuthorizer(const RbacPolicy &policy);

    Decision authorize(const RequestAttributes &request) const;

private:
    const RbacPolicy &m_policy;
};

} // namespace cvc::sandbox
