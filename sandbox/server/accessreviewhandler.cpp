#include "accessreviewhandler.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "medianegotiation.h"

#include <QJsonArray>

namespace cvc::sandbox {

std::optional<QJsonObject> AccessReviewHandler::decode(const ApiRequest &request)
{
    // kubectl auth can-i sends protobuf (typed client). The answer does not depend on the
    // question, so a body we cannot decode is answered from an empty review (in JSON, which
    // kubectl also accepts) instead of 415.
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(request.http().header("Content-Type"), request.http().body, &error);
    if (!object) {
        if (error && error->code() == 400) {
            ApiResponse::status(request.exchange, *error);
            return std::nullopt;
        }
        object = QJsonObject{{QStringLiteral("spec"), QJsonObject()}};
    }
    object->insert(QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1"));
    object->insert(QStringLiteral("kind"), request.resource.kind);
    QJsonObject metadata = object->value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("creationTimestamp"), QJsonValue());
    object->insert(QStringLiteral("metadata"), metadata);
    return object;
}

void AccessReviewHandler::review(const ApiRequest &request)
{
    auto object = decode(request);
    if (!object)
        return;
    object->insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("allowed"), true},
                               {QStringLiteral("reason"), QStringLiteral("kube-sandbox allows every authenticated user")}});
    ApiResponse::json(request.exchange, 201, *object);
}

void AccessReviewHandler::rules(const ApiRequest &request)
{
    auto object = decode(request);
    if (!object)
        return;
    const QJsonArray all{QStringLiteral("*")};
    object->insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("resourceRules"),
                                QJsonArray{QJsonObject{{QStringLiteral("verbs"), all},
                                                       {QStringLiteral("apiGroups"), all},
                                                       {QStringLiteral("resources"), all}}}},
                               {QStringLiteral("nonResourceRules"),
                                QJsonArray{QJsonObject{{QStringLiteral("verbs"), all}, {QStringLiteral("nonResourceURLs"), all}}}},
                               {QStringLiteral("incomplete"), false}});
    ApiResponse::json(request.exchange, 201, *object);
}

} // namespace cvc::sandbox
