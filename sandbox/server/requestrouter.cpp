#include "requestrouter.h"

#include "accessreviewhandler.h"
#include "adminhandler.h"
#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "deletehandler.h"
#include "discoveryhandler.h"
#include "faultinjector.h"
#include "listoptions.h"
#include "openapihandler.h"
#include "readhandler.h"
#include "requestauthorizer.h"
#include "requeststats.h"
#include "resourceregistry.h"
#include "security/authenticator.h"
#include "tokenrequesthandler.h"
#include "util/logtext.h"
#include "watchhandler.h"
#include "writehandler.h"
#include "writelog.h"

#include <QTimer>

#include <cstdio>

namespace cvc::sandbox {

namespace {

StatusError injectedFailure(int status, int retryAfterSeconds)
{
    const QJsonObject details{{QStringLiteral("retryAfterSeconds"), retryAfterSeconds}};
    switch (status) {
    case 429:
        return StatusError::tooManyRequests(
            QStringLiteral("the server has received too many requests and has asked us to try again later"), retryAfterSeconds);
    case 503:
        return StatusError(503, QStringLiteral("ServiceUnavailable"),
                           QStringLiteral("the server is currently unable to handle the request (injected fault)"), details);
    case 504:
        return StatusError(504, QStringLiteral("Timeout"),
                           QStringLiteral("the server was unable to return a response in the time allotted (injected fault)"), details);
    case 502:
        return StatusError(502, QStringLiteral("InternalError"), QStringLiteral("bad gateway (injected fault)"), details);
    default:
        return StatusError(500, QStringLiteral("InternalError"),
                           QStringLiteral("Internal error occurred: injected fault"), details);
    }
}

bool isPublicPath(const ApiPath &path)
{
    // What kube-apiserver's system:public-info-viewer lets anyone read.
    return path.kind == ApiPath::Kind::Health || path.kind == ApiPath::Kind::Version;
}

} // namespace

RequestRouter::RequestRouter(const ApiServices &services, const Authenticator *authenticator, FaultInjector *faults,
                             std::function<int()> openConnections, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_authenticator(authenticator)
    , m_faults(faults)
    , m_discovery(std::make_unique<DiscoveryHandler>(services.registry))
    , m_openApi(std::make_unique<OpenApiHandler>(services.registry))
    , m_reads(std::make_unique<ReadHandler>(services))
    , m_writes(std::make_unique<WriteHandler>(services))
    , m_deletes(std::make_unique<DeleteHandler>(services))
    , m_watches(std::make_unique<WatchHandler>(services, this))
    , m_admin(std::make_unique<AdminHandler>(services, faults, std::move(openConnections)))
    , m_accessReviews(std::make_unique<AccessReviewHandler>(services.authorizer, services.rbac))
    , m_tokenRequests(std::make_unique<TokenRequestHandler>(services, services.authenticator))
{
}

RequestRouter::~RequestRouter() = default;

void RequestRouter::setServerAddress(const QString &hostPort)
{
    m_discovery->setServerAddress(hostPort);
}

std::optional<UserInfo> RequestRouter::identify(const HttpRequest &http, const ApiPath &path) const
{
    if (std::optional<UserInfo> user = m_authenticator->authenticate(http))
        return user;
    if (http.hasHeader("Authorization") || !isPublicPath(path))
        return std::nullopt;
    UserInfo anonymous;
    anonymous.name = QStringLiteral("system:anonymous");
    anonymous.groups = {QStringLiteral("system:unauthenticated")};
    return anonymous;
}

void RequestRouter::logRequest(const HttpRequest &http) const
{
    if (!m_verbose)
        return;
    // The path is percent-decoded: %0A or %1B in a request must not start a forged line or
    // drive the terminal. The method is a token already.
    const QByteArray path = LogText::escaped(http.path).toUtf8();
    std::fprintf(stderr, "kube-sandbox: %s %s\n", http.method.constData(), path.constData());
}

std::optional<StatusError> RequestRouter::authorize(const HttpRequest &http, const ApiPath &path, const UserInfo &user) const
{
    // The admin endpoint has its own rule (the admin token itself), and is no Kubernetes API.
    if (!m_services.authorizer || path.kind == ApiPath::Kind::Admin)
        return std::nullopt;
    return m_services.authorizer->check(RequestAuthorizer::attributesOf(http, path, user));
}

void RequestRouter::handleHead(HttpExchange *exchange)
{
    const HttpRequest &http = exchange->request();
    const ApiPath path = ApiPath::parse(http.path, *m_services.registry);
    const std::optional<UserInfo> user = identify(http, path);
    if (!user) {
        logRequest(http);
        ApiResponse::status(exchange, StatusError::unauthorized());
        return;
    }
    if (const auto denied = authorize(http, path, *user)) {
        logRequest(http);
        ApiResponse::status(exchange, *denied);
        return;
    }
    m_identified.insert(exchange, *user);
    connect(exchange, &QObject::destroyed, this, [this, exchange] { m_identified.remove(exchange); });
}

void RequestRouter::handle(HttpExchange *exchange)
{
    ApiRequest request;
    request.exchange = exchange;
    const HttpRequest &http = exchange->request();
    request.path = ApiPath::parse(http.path, *m_services.registry);
    logRequest(http);

    std::optional<UserInfo> user;
    if (const auto it = m_identified.constFind(exchange); it != m_identified.constEnd()) {
        user = it.value();
        m_identified.erase(it);
    } else {
        user = identify(http, request.path);   // no head handler in front of us
        if (!user) {
            ApiResponse::status(exchange, StatusError::unauthorized());
            return;
        }
        if (const auto denied = authorize(http, request.path, *user)) {
            ApiResponse::status(exchange, *denied);
            return;
        }
    }
    request.user = *user;
    // Counted only once authenticated: requests without credentials must not grow the statistics.
    m_services.stats->recordRequest(QString::fromUtf8(http.header("User-Agent")), QString::fromLatin1(http.method));
    m_services.stats->recordProtocol(http.protocol == HttpProtocol::Http2 ? QStringLiteral("http2") : QStringLiteral("http1"));

    const int latency = m_faults->latencyMs({request.user.name, QString::fromUtf8(http.header("User-Agent"))});
    if (latency > 0 && request.path.kind == ApiPath::Kind::Resource) {
        QTimer::singleShot(latency, exchange, [this, request]() { dispatch(request); });
        return;
    }
    dispatch(request);
}

void RequestRouter::dispatch(const ApiRequest &request)
{
    HttpExchange *exchange = request.exchange;
    if (!exchange)
        return;
    // Every change stored while the handler runs was made by this request.
    const WriteLog::Scope author(m_services.writeLog, WriteLog::actorOf(request));
    const QByteArray method = request.http().method;
    switch (request.path.kind) {
    case ApiPath::Kind::Resource:
        dispatchResource(request);
        return;
    case ApiPath::Kind::Admin:
        m_admin->handle(request);
        return;
    case ApiPath::Kind::Unknown:
        ApiResponse::status(exchange, StatusError::notFoundPath());
        return;
    default:
        break;
    }
    if (method != "GET" && method != "HEAD") {
        ApiResponse::status(exchange, StatusError::methodNotAllowed(
                                          QStringLiteral("the server does not allow this method on the requested resource")));
        return;
    }
    if (request.path.kind == ApiPath::Kind::Health) {
        exchange->respond(200, QByteArrayLiteral("text/plain; charset=utf-8"), QByteArrayLiteral("ok"));
        return;
    }
    if (m_discovery->handle(exchange, request.path) || m_openApi->handle(exchange, request.path))
        return;
    ApiResponse::status(exchange, StatusError::notFoundPath());
}

void RequestRouter::dispatchResource(ApiRequest request)
{
    HttpExchange *exchange = request.exchange;
    const ApiPath &path = request.path;
    request.resource = m_services.registry->find(path.group, path.version, path.resource);
    const ResourceInfo &info = request.resource;
    const bool isServiceAccounts = info.group.isEmpty() && info.plural == QLatin1String("serviceaccounts");
    if (!info.isValid() || (!info.namespaced && !path.ns.isEmpty()) || (info.namespaced && path.ns.isEmpty() && !path.name.isEmpty())
        || (!path.subresource.isEmpty() && !(path.subresource == QLatin1String("status") && info.hasStatus)
            && !(path.subresource == QLatin1String("token") && isServiceAccounts && m_services.authenticator))) {
        ApiResponse::status(exchange, StatusError::notFoundPath());
        return;
    }
    m_services.stats->recordResourceRequest(RequestAuthorizer::attributesOf(request.http(), path, request.user).verb, info.group.isEmpty() ? info.plural : info.plural + QLatin1Char('.') + info.group);
    int failStatus = 0;
    int retryAfter = 0;
    if (m_faults->shouldFail({request.user.name, QString::fromUtf8(request.header("User-Agent"))}, &failStatus, &retryAfter)) {
        ApiResponse::status(exchange, injectedFailure(failStatus, retryAfter));
        return;
    }
    const QByteArray method = request.http().method;
    if (info.resourceKind == ResourceKind::SelfSubjectAccessReview
        || info.resourceKind == ResourceKind::SelfSubjectRulesReview) {
        if (method != "POST" || !path.name.isEmpty())
            ApiResponse::status(exchange, StatusError::methodNotSupported(info.plural, info.group, QString::fromLatin1(method).toLower()));
        else if (info.resourceKind == ResourceKind::SelfSubjectAccessReview)
            m_accessReviews->review(request);
        else
            m_accessReviews->rules(request);
        return;
    }
    if (path.subresource == QLatin1String("token")) {
        if (method == "POST")
            m_tokenRequests->create(request);
        else
            ApiResponse::status(exchange, StatusError::methodNotSupported(QStringLiteral("serviceaccounts/token"), QString(),
                                                                          QString::fromLatin1(method).toLower()));
        return;
    }
    const bool collection = path.name.isEmpty();
    if (method == "GET") {
        if (!collection && !(path.subresource.isEmpty() && request.queryFlag(QStringLiteral("watch")))) {
            m_reads->get(request);
            return;
        }
        std::optional<StatusError> error;
        const auto options = ListOptions::fromRequest(request, &error);
        if (!options) {
            ApiResponse::status(exchange, *error);
            return;
        }
        if (options->watch)
            m_watches->watch(request, *options);
        else
            m_reads->list(request, *options);
        return;
    }
    if (method == "POST" && collection && (!info.namespaced || !path.ns.isEmpty())) {
        m_writes->create(request);
        return;
    }
    if (method == "PUT" && !collection) {
        m_writes->replace(request);
        return;
    }
    if (method == "PATCH" && !collection) {
        m_writes->patch(request);
        return;
    }
    if (method == "DELETE" && path.subresource.isEmpty()) {
        if (collection)
            m_deletes->removeCollection(request);
        else
            m_deletes->remove(request);
        return;
    }
    ApiResponse::status(exchange, StatusError::methodNotAllowed(
                                      QStringLiteral("the server does not allow this method on the requested resource")));
}

} // namespace cvc::sandbox
