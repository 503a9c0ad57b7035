#pragma once

#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

struct ApiRequest;

// POST selfsubjectaccessreviews: the dashboard asks what its user may do. The sandbox has no RBAC,
// so every authenticated user may do everything (see README).
class AccessReviewHandler
{
public:
    void review(const ApiRequest &request);
    // POST selfsubjectrulesreviews: everything on every resource and URL.
    void rules(const ApiRequest &request);

private:
    static std::optional<QJsonObject> decode(const ApiRequest &request);
};

} // namespace cvc::sandbox
