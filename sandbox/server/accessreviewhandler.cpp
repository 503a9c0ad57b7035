#include "accessreviewhandler.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "medianegotiation.h"
#include "rbacauthorizer.h"
#include "rbacstate.h"
#include "requestauthorizer.h"
#include "ruleresolver.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

RequestAttributes attributesOf(const QJsonObject &spec, const UserInfo &user)
{
    RequestAttributes attributes;
    attributes.user = user;
    const QJsonObject nonResource = spec.value(QStringLiteral("nonResourceAttributes")).toObject();
    if (spec.contains(QStringLiteral("nonResourceAttributes")) && !spec.contains(QStringLiteral("resourceAttributes"))) {
        attributes.resourceRequest = false;
        attributes.path = nonResource.value(QStringLiteral("path")).toString();
        attributes.verb = nonResource.value(QStringLiteral("verb")).toString();
        return attributes;
    }
    const QJsonObject resource = spec.value(QStringLiteral("resourceAttributes")).toObject();
    attributes.verb = resource.value(QStringLiteral("verb")).toString();
    attributes.apiGroup = resource.value(QStringLiteral("group")).toString();
    attributes.apiVersion = resource.value(QStringLiteral("version")).toString();
    attributes.resource = resource.value(QStringLiteral("resource")).toString();
    attributes.subresource = resource.value(QStringLiteral("subresource")).toString();
    attributes.ns = resource.value(QStringLiteral("namespace")).toString();
    attributes.name = resource.value(QStringLiteral("name")).toString();
    return attributes;
}

QJsonArray strings(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

} // namespace

AccessReviewHandler::AccessReviewHandler(const RequestAuthorizer *authorizer, const RbacState *rbac)
    : m_authorizer(authorizer)
    , m_rbac(rbac)
{
}

std::optional<QJsonObject> AccessReviewHandler::decode(const ApiRequest &request)
{
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(request.resource, request.http().header("Content-Type"), request.http().body, &error);
    if (!object) {
        ApiResponse::status(request.exchange, *error);
        return std::nullopt;
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
    const RequestAttributes attributes = attributesOf(object->value(QStringLiteral("spec")).toObject(), request.user);
    const RbacAuthorizer::Decision decision =
        m_authorizer ? m_authorizer->authorize(attributes) : RbacAuthorizer::Decision{true, QString()};
    QJsonObject status{{QStringLiteral("allowed"), decision.allowed}};
    if (!decision.reason.isEmpty())
        status.insert(QStringLiteral("reason"), decision.reason);
    object->insert(QStringLiteral("status"), status);
    ApiResponse::json(request.exchange, 201, *object);
}

void AccessReviewHandler::rules(const ApiRequest &request)
{
    auto object = decode(request);
    if (!object)
        return;
    const QString ns = object->value(QStringLiteral("spec")).toObject().value(QStringLiteral("namespace")).toString();
    QList<PolicyRule> rules;
    QStringList errors;
    const QStringList all{QStringLiteral("*")};
    // AlwaysAllow, and the system:masters authorizer before RBAC, grant everything.
    if (!m_authorizer || !m_rbac || m_authorizer->mode() == RequestAuthorizer::Mode::AlwaysAllow
        || request.user.groups.contains(QLatin1String(RbacAuthorizer::SuperuserGroup))) {
        rules.append({all, all, all, {}, {}});
        rules.append({all, {}, {}, {}, all});
    }
    if (m_rbac && m_authorizer && m_authorizer->mode() == RequestAuthorizer::Mode::Rbac)
        rules.append(RuleResolver(m_rbac->policy()).rulesFor(request.user, ns, &errors));
    QJsonArray resourceRules;
    QJsonArray nonResourceRules;
    for (const PolicyRule &rule : rules) {
        if (!rule.resources.isEmpty()) {
            QJsonObject out{{QStringLiteral("verbs"), strings(rule.verbs)}};
            if (!rule.apiGroups.isEmpty())
                out.insert(QStringLiteral("apiGroups"), strings(rule.apiGroups));
            out.insert(QStringLiteral("resources"), strings(rule.resources));
            if (!rule.resourceNames.isEmpty())
                out.insert(QStringLiteral("resourceNames"), strings(rule.resourceNames));
            resourceRules.append(out);
        }
        if (!rule.nonResourceURLs.isEmpty())
            nonResourceRules.append(QJsonObject{{QStringLiteral("verbs"), strings(rule.verbs)},
                                                {QStringLiteral("nonResourceURLs"), strings(rule.nonResourceURLs)}});
    }
    QJsonObject status{{QStringLiteral("resourceRules"), resourceRules},
                       {QStringLiteral("nonResourceRules"), nonResourceRules},
                       {QStringLiteral("incomplete"), !errors.isEmpty()}};
    if (!errors.isEmpty())
        status.insert(QStringLiteral("evaluationError"), errors.join(QStringLiteral(", ")));
    object->insert(QStringLiteral("status"), status);
    ApiResponse::json(request.exchange, 201, *object);
}

} // namespace cvc::sandbox
