#pragma once

#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

class RequestAuthorizer;
class RbacState;
struct ApiRequest;

// POST selfsubjectaccessreviews and selfsubjectrulesreviews: what the asking user may do, from
// the same authorizer and rules every request meets, so `kubectl auth can-i [--list]` is honest.
class AccessReviewHandler
{
public:
    AccessReviewHandler(const RequestAuthorizer *authorizer, const RbacState *rbac);

    void review(const ApiRequest &request);
    void rules(const ApiRequest &request);

private:
    static std::optional<QJsonObject> decode(const ApiRequest &request);

    const RequestAuthorizer *m_authorizer;
    const RbacState *m_rbac;
};

} // namespace cvc::sandbox
