#include "sandboxserver.h"

#include "accessreviewhandler.h"
#include "adminhandler.h"
#include "apimachinery/statuserror.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "crdcontroller.h"
#include "deletehandler.h"
#include "discoveryhandler.h"
#include "faultinjector.h"
#include "httpserver.h"
#include "json/jsonmergepatch.h"
#include "listoptions.h"
#include "namespacecontroller.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "objectwriter.h"
#include "openapihandler.h"
#include "readhandler.h"
#include "requeststats.h"
#include "resourceregistry.h"
#include "security/authenticator.h"
#include "subresourcerules.h"
#include "security/certificateauthority.h"
#include "security/tlsconfiguration.h"
#include "watchhandler.h"
#include "watchhub.h"
#include "writehandler.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace cvc::sandbox {

struct SandboxServer::Private
{
    Config config;
    std::unique_ptr<QTemporaryDir> tempDir;
    CertificateAuthority ca;
    std::unique_ptr<Authenticator> authenticator;
    RequestStats stats;
    ApiServices services;
    std::unique_ptr<DiscoveryHandler> discovery;
    std::unique_ptr<OpenApiHandler> openApi;
    std::unique_ptr<ReadHandler> reads;
    std::unique_ptr<WriteHandler> writes;
    std::unique_ptr<DeleteHandler> deletes;
    std::unique_ptr<WatchHandler> watches;
    std::unique_ptr<AdminHandler> admin;
    AccessReviewHandler accessReviews;
    QString url;
};

namespace {

QString reasonFor(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("BadRequest");
    case 413:
        return QStringLiteral("RequestEntityTooLarge");
    case 431:
        return QStringLiteral("RequestHeaderFieldsTooLarge");
    default:
        return QString();
    }
}

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

SandboxServer::SandboxServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
}

SandboxServer::~SandboxServer()
{
    stop();
}

quint16 SandboxServer::port() const
{
    return m_http ? m_http->serverPort() : 0;
}

QString SandboxServer::url() const
{
    return d->url;
}

QString SandboxServer::adminToken() const
{
    return d->authenticator ? d->authenticator->adminToken() : QString();
}

QByteArray SandboxServer::caCertificatePem() const
{
    return d->ca.certificatePem();
}

CertificateAuthority *SandboxServer::certificateAuthority() const
{
    return &d->ca;
}

Authenticator *SandboxServer::authenticator() const
{
    return d->authenticator.get();
}

bool SandboxServer::loadOrCreateAdminToken(const QString &stateDir, QString *error)
{
    // Kept beside the CA so a kubeconfig written earlier keeps working after a restart.
    const QString path = QDir(stateDir).filePath(QStringLiteral("admin-token"));
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        const QString token = QString::fromUtf8(file.readAll()).trimmed();
        if (!token.isEmpty()) {
            d->authenticator->setAdminToken(token);
            return true;
        }
        file.close();
    }
    const QString token = d->authenticator->generateAdminToken();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(token.toUtf8());
    return true;
}

bool SandboxServer::start(const Config &config, const QHostAddress &address, quint16 port, QString *error)
{
    d->config = config;
    QString stateDir = config.stateDir;
    if (stateDir.isEmpty()) {
        d->tempDir = std::make_unique<QTemporaryDir>();
        stateDir = d->tempDir->path();
    }
    if (!QDir().mkpath(stateDir)) {
        *error = QStringLiteral("cannot create %1").arg(stateDir);
        return false;
    }
    QFile::setPermissions(stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    if (!d->ca.loadOrCreate(stateDir)) {
        *error = d->ca.errorString();
        return false;
    }
    d->authenticator = std::make_unique<Authenticator>(&d->ca);
    if (!loadOrCreateAdminToken(stateDir, error))
        return false;
    if (!config.tokenAuthFile.isEmpty() && !d->authenticator->loadTokenFile(config.tokenAuthFile, error))
        return false;
    if (!config.basicAuthFile.isEmpty() && !d->authenticator->loadBasicAuthFile(config.basicAuthFile, error))
        return false;

    m_store = new ObjectStore(this);
    if (!m_store->open(config.databasePath, error))
        return false;
    m_registry = new ResourceRegistry(this);
    m_registry->addBuiltins();
    m_hub = new WatchHub(config.watchHistory, this);
    m_hub->resetFloor(m_store->resourceVersion());
    // The hub first: controllers react to a change only after watchers have seen it.
    connect(m_store, &ObjectStore::objectChanged, m_hub, &WatchHub::publish);

    d->services.store = m_store;
    d->services.registry = m_registry;
    d->services.hub = m_hub;
    d->services.stats = &d->stats;
    d->services.defaultWatchTimeoutSeconds = config.defaultWatchTimeoutSeconds;

    m_crds = new CrdController(d->services, this);
    m_crds->loadExisting();
    m_namespaces = new NamespaceController(d->services, this);
    if (!m_namespaces->ensureDefaultNamespaces(error))
        return false;
    m_faults = new FaultInjector(m_hub, m_store, this);

    d->discovery = std::make_unique<DiscoveryHandler>(m_registry);
    d->openApi = std::make_unique<OpenApiHandler>(m_registry);
    d->reads = std::make_unique<ReadHandler>(d->services);
    d->writes = std::make_unique<WriteHandler>(d->services);
    d->deletes = std::make_unique<DeleteHandler>(d->services);
    d->watches = std::make_unique<WatchHandler>(d->services, this);

    m_http = new HttpServer(this);
    d->admin = std::make_unique<AdminHandler>(d->services, m_faults, [this]() { return m_http->openConnectionCount(); });
    m_http->setMaxBodyBytes(config.maxBodyBytes);
    m_http->setErrorResponder([](int status, const QString &message) {
        if (status == 413)
            return StatusError::requestEntityTooLarge(message).toJson();
        return StatusError(status, reasonFor(status), message).toJson();
    });
    QStringList extraHosts;
    if (!address.isLoopback() && address != QHostAddress::Any && address != QHostAddress::AnyIPv6)
        extraHosts.append(address.toString());
    const QSslConfiguration tls = makeServerTlsConfiguration(d->ca, extraHosts, error);
    if (tls.isNull())
        return false;
    m_http->setTlsConfiguration(tls);
    m_http->setHandler([this](HttpExchange *exchange) { handle(exchange); });
    if (!m_http->listen(address, port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_http->errorString());
        return false;
    }
    const QString host = address == QHostAddress::Any || address == QHostAddress::AnyIPv6 ? QStringLiteral("127.0.0.1")
        : address.protocol() == QAbstractSocket::IPv6Protocol                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                                                                                          : address.toString();
    d->url = QStringLiteral("https://%1:%2").arg(host).arg(m_http->serverPort());
    d->discovery->setServerAddress(QStringLiteral("%1:%2").arg(host).arg(m_http->serverPort()));
    return true;
}

void SandboxServer::stop()
{
    if (m_http) {
        m_http->close();
    }
    if (m_hub)
        m_hub->dropAllWatches();
    if (m_store)
        m_store->close();
}

void SandboxServer::handle(HttpExchange *exchange)
{
    ApiRequest request;
    request.exchange = exchange;
    const HttpRequest &http = exchange->request();
    request.path = ApiPath::parse(http.path, *m_registry);
    d->stats.recordRequest(QString::fromUtf8(http.header("User-Agent")), QString::fromLatin1(http.method));
    if (d->config.verbose)
        std::fprintf(stderr, "kube-sandbox: %s %s\n", http.method.constData(), http.path.toUtf8().constData());

    const std::optional<UserInfo> user = d->authenticator->authenticate(http);
    if (user) {
        request.user = *user;
    } else if (http.hasHeader("Authorization") || !isPublicPath(request.path)) {
        ApiResponse::status(exchange, StatusError::unauthorized());
        return;
    } else {
        request.user.name = QStringLiteral("system:anonymous");
        request.user.groups = {QStringLiteral("system:unauthenticated")};
    }

    const int latency = m_faults->latencyMs();
    if (latency > 0 && request.path.kind == ApiPath::Kind::Resource) {
        QTimer::singleShot(latency, exchange, [this, request]() { dispatch(request); });
        return;
    }
    dispatch(request);
}

void SandboxServer::dispatch(const ApiRequest &request)
{
    HttpExchange *exchange = request.exchange;
    if (!exchange)
        return;
    const QByteArray method = request.http().method;
    switch (request.path.kind) {
    case ApiPath::Kind::Resource:
        dispatchResource(request);
        return;
    case ApiPath::Kind::Admin:
        d->admin->handle(request);
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
    if (d->discovery->handle(exchange, request.path) || d->openApi->handle(exchange, request.path))
        return;
    ApiResponse::status(exchange, StatusError::notFoundPath());
}

void SandboxServer::dispatchResource(ApiRequest request)
{
    HttpExchange *exchange = request.exchange;
    const ApiPath &path = request.path;
    request.resource = m_registry->find(path.group, path.version, path.resource);
    const ResourceInfo &info = request.resource;
    if (!info.isValid() || (!info.namespaced && !path.ns.isEmpty()) || (info.namespaced && path.ns.isEmpty() && !path.name.isEmpty())
        || (!path.subresource.isEmpty() && (path.subresource != QLatin1String("status") || !info.hasStatus))) {
        ApiResponse::status(exchange, StatusError::notFoundPath());
        return;
    }
    int failStatus = 0;
    int retryAfter = 0;
    if (m_faults->shouldFail(&failStatus, &retryAfter)) {
        ApiResponse::status(exchange, injectedFailure(failStatus, retryAfter));
        return;
    }
    const QByteArray method = request.http().method;
    if (info.resourceKind == ResourceKind::SelfSubjectAccessReview
        || info.resourceKind == ResourceKind::SelfSubjectRulesReview) {
        if (method != "POST" || !path.name.isEmpty())
            ApiResponse::status(exchange, StatusError::methodNotSupported(info.plural, info.group, QString::fromLatin1(method).toLower()));
        else if (info.resourceKind == ResourceKind::SelfSubjectAccessReview)
            d->accessReviews.review(request);
        else
            d->accessReviews.rules(request);
        return;
    }
    const bool collection = path.name.isEmpty();
    if (method == "GET") {
        if (!collection && !(path.subresource.isEmpty() && request.queryFlag(QStringLiteral("watch")))) {
            d->reads->get(request);
            return;
        }
        std::optional<StatusError> error;
        const auto options = ListOptions::fromRequest(request, &error);
        if (!options) {
            ApiResponse::status(exchange, *error);
            return;
        }
        if (options->watch)
            d->watches->watch(request, *options);
        else
            d->reads->list(request, *options);
        return;
    }
    if (method == "POST" && collection && (!info.namespaced || !path.ns.isEmpty())) {
        d->writes->create(request);
        return;
    }
    if (method == "PUT" && !collection) {
        d->writes->replace(request);
        return;
    }
    if (method == "PATCH" && !collection) {
        d->writes->patch(request);
        return;
    }
    if (method == "DELETE" && path.subresource.isEmpty()) {
        if (collection)
            d->deletes->removeCollection(request);
        else
            d->deletes->remove(request);
        return;
    }
    ApiResponse::status(exchange, StatusError::methodNotAllowed(
                                      QStringLiteral("the server does not allow this method on the requested resource")));
}

bool SandboxServer::applyManifest(const QJsonObject &manifest, QString *error)
{
    const QString apiVersion = manifest.value(QStringLiteral("apiVersion")).toString();
    const QString kind = manifest.value(QStringLiteral("kind")).toString();
    const QString group = apiVersion.contains(QLatin1Char('/')) ? apiVersion.section(QLatin1Char('/'), 0, 0) : QString();
    const QString version = apiVersion.section(QLatin1Char('/'), -1);
    const ResourceInfo info = m_registry->findByKind(group, version, kind);
    if (!info.isValid()) {
        *error = QStringLiteral("no resource for %1 %2 (is its CRD loaded first?)").arg(apiVersion, kind);
        return false;
    }
    QJsonObject object = manifest;
    if (info.namespaced && ObjectMeta::ns(object).isEmpty())
        ObjectMeta::set(object, QStringLiteral("namespace"), QStringLiteral("default"));
    ObjectWriter writer(d->services);
    const auto old = m_store->get(info.storageKey(), info.namespaced ? ObjectMeta::ns(object) : QString(), ObjectMeta::name(object));
    WriteOutcome outcome;
    if (!old) {
        outcome = writer.create(info, object, FieldValidation::Strict, false, QStringLiteral("kube-sandbox-preload"));
    } else {
        ObjectMeta::set(object, QStringLiteral("resourceVersion"), QJsonValue());
        QJsonObject candidate = JsonMergePatch::apply(QJsonValue(*old), QJsonValue(object)).toObject();
        ObjectMeta::set(candidate, QStringLiteral("resourceVersion"), ObjectMeta::resourceVersion(*old));
        candidate = SubresourceRules::merge(info, QString(), *old, candidate);
        outcome = writer.update(info, *old, candidate, FieldValidation::Strict, false, QStringLiteral("kube-sandbox-preload"));
    }
    if (!outcome.ok()) {
        *error = outcome.error->message();
        return false;
    }
    return true;
}

} // namespace cvc::sandbox
