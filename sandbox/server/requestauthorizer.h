#pragma once

#include "apimachinery/statuserror.h"
#include "rbacauthorizer.h"
#include "requestattributes.h"

#include <optional>

namespace cvc {
struct HttpRequest;
}

namespace cvc::sandbox {

class RbacState;
struct ApiPath;

// The authorization step of every request, after authentication and before its body is read
// (kube-apiserver's WithAuthorization filter): the request's attributes as kube's RequestInfo
// names them, the decision (--authorization-mode RBAC, or AlwaysAllow) and the 403 it gets.
class RequestAuthorizer
{
public:
    enum class Mode { Rbac, AlwaysAllow };

    RequestAuthorizer(const RbacState *state, Mode mode);

    Mode mode() const { return m_mode; }
    RbacAuthorizer::Decision authorize(const RequestAttributes &attributes) const;

    // Resource requests: verb from the method (and `watch`), group, resource, subresource,
    // namespace (a Namespace's own name for /api/v1/namespaces/NAME) and name; others: the path.
    static RequestAttributes attributesOf(const HttpRequest &http, const ApiPath &path, const UserInfo &user);
    // kube-apiserver's 403: `<resource>.<group> "<name>" is forbidden: User "alice" cannot <verb>
    // resource "<resource>[/<sub>]" in API group "<group>" in the namespace "<ns>"` (or "at the
    // cluster scope"; for a path: `forbidden: User "alice" cannot get path "/apis"`), then
    // `: <reason>` when the authorizer gave one.
    static StatusError forbidden(const RequestAttributes &attributes, const QString &reason);

    // nullopt when allowed, else the 403.
    std::optional<StatusError> check(const RequestAttributes &attributes) const;

private:
    const RbacState *m_state;
    Mode m_mode;
};

} // namespace cvc::sandbox
