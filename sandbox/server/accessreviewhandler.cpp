#include "accessreviewhandler.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "medianegotiation.h"

namespace cvc::sandbox {

void AccessReviewHandler::review(const ApiRequest &request)
{
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(request.http().header("Content-Type"), request.http().body, &error);
    if (!object) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    object->insert(QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1"));
    object->insert(QStringLiteral("kind"), QStringLiteral("SelfSubjectAccessReview"));
    QJsonObject metadata = object->value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("creationTimestamp"), QJsonValue());
    object->insert(QStringLiteral("metadata"), metadata);
    object->insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("allowed"), true},
                               {QStringLiteral("reason"), QStringLiteral("kube-sandbox allows every authenticated user")}});
    ApiResponse::json(request.exchange, 201, *object);
}

} // namespace cvc::sandbox
