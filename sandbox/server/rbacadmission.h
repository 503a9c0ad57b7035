#pragma once

#include "apimachinery/statuserror.h"

#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

class RbacState;
class RequestAuthorizer;
struct ApiRequest;

// kube-apiserver's RBAC storage rules on writes of Roles, ClusterRoles and their bindings (the
// policybased storages of pkg/registry/rbac): a user may write a role only with rules they hold
// themselves, or with the `escalate` verb on it; a binding only to a role whose rules they hold,
// or with the `bind` verb on that role. system:masters may do anything. Runs once the body is
// decoded; the request itself was authorized before.
class RbacAdmission
{
public:
    RbacAdmission(const RbacState *state, const RequestAuthorizer *authorizer);

    // `old` is empty on create. nullopt: allowed; else the 403 to answer.
    std::optional<StatusError> admit(const ApiRequest &request, const QJsonObject &old, const QJsonObject &object) const;

private:
    std::optional<StatusError> admitRole(const ApiRequest &request, const QJsonObject &old, const QJsonObject &object) const;
    std::optional<StatusError> admitBinding(const ApiRequest &request, const QJsonObject &object) const;
    bool verbAllowed(const ApiRequest &request, const QString &verb, const QString &resource, const QString &name) const;

    const RbacState *m_state;
    const RequestAuthorizer *m_authorizer;
};

} // namespace cvc::sandbox
