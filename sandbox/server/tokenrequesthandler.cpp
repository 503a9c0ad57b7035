#include "tokenrequesthandler.h"

#include "apimachinery/fielderror.h"
#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "json/kubetime.h"
#include "medianegotiation.h"
#include "objectstore.h"
#include "security/authenticator.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

// kube-apiserver's --api-audiences default: its service account issuer.
const QString kDefaultAudience = QStringLiteral("https://kubernetes.default.svc.cluster.local");

} // namespace

TokenRequestHandler::TokenRequestHandler(const ApiServices &services, Authenticator *authenticator)
    : m_services(services)
    , m_authenticator(authenticator)
{
}

void TokenRequestHandler::create(const ApiRequest &request)
{
    const QString ns = request.path.ns;
    const QString name = request.path.name;
    ResourceInfo body = request.resource;   // the body is a TokenRequest, not a ServiceAccount
    body.group = QStringLiteral("authentication.k8s.io");
    body.version = QStringLiteral("v1");
    body.kind = QStringLiteral("TokenRequest");
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(body, request.http().header("Content-Type"), request.http().body, &error);
    if (!object) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    if (!m_services.store->get(request.resource.storageKey(), ns, name)) {
        ApiResponse::status(request.exchange, StatusError::notFound(request.resource.plural, QString(), name));
        return;
    }
    QJsonObject spec = object->value(QStringLiteral("spec")).toObject();
    const qint64 seconds = spec.value(QStringLiteral("expirationSeconds")).toInteger(DefaultExpirationSeconds);
    if (seconds < MinExpirationSeconds || seconds > (qint64(1) << 32)) {
        const QString message = seconds < MinExpirationSeconds ? QStringLiteral("may not specify a duration less than 10 minutes")
                                                               : QStringLiteral("may not specify a duration larger than 2^32 seconds");
        ApiResponse::status(request.exchange, StatusError::invalid(body.kind, body.group, name,
                                                                   {FieldError::invalid(QStringLiteral("spec.expirationSeconds"), seconds, message)}));
        return;
    }
    if (spec.value(QStringLiteral("audiences")).toArray().isEmpty())
        spec.insert(QStringLiteral("audiences"), QJsonArray{kDefaultAudience});
    spec.insert(QStringLiteral("expirationSeconds"), seconds);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime expires = now.addSecs(seconds);
    const QString token = Authenticator::randomToken();
    m_authenticator->addServiceAccountToken(token, ns, name, expires);

    const QJsonObject answer{{QStringLiteral("apiVersion"), QStringLiteral("authentication.k8s.io/v1")},
                             {QStringLiteral("kind"), QStringLiteral("TokenRequest")},
                             {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                      {QStringLiteral("namespace"), ns},
                                                                      {QStringLiteral("creationTimestamp"), KubeTime::format(now)}}},
                             {QStringLiteral("spec"), spec},
                             {QStringLiteral("status"), QJsonObject{{QStringLiteral("token"), token},
                                                                    {QStringLiteral("expirationTimestamp"), KubeTime::format(expires)}}}};
    ApiResponse::json(request.exchange, 201, answer);
}

} // namespace cvc::sandbox
