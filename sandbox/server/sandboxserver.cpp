#include "sandboxserver.h"

#include "apimachinery/statuserror.h"
#include "crdcontroller.h"
#include "faultinjector.h"
#include "httpserver.h"
#include "json/jsonmergepatch.h"
#include "namespacecontroller.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "objectwriter.h"
#include "rbaccontroller.h"
#include "rbacstate.h"
#include "requestauthorizer.h"
#include "requestrouter.h"
#include "requeststats.h"
#include "resourceregistry.h"
#include "security/authenticator.h"
#include "security/certificateauthority.h"
#include "security/securefile.h"
#include "security/tlsconfiguration.h"
#include "subresourcerules.h"
#include "watchhub.h"
#include "writelog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace cvc::sandbox {

struct SandboxServer::Private
{
    Config config;
    std::unique_ptr<QTemporaryDir> tempDir;
    CertificateAuthority ca;
    std::unique_ptr<Authenticator> authenticator;
    RequestStats stats;
    WriteLog writeLog;
    ApiServices services;
    std::unique_ptr<RequestAuthorizer> authorizer;
    QString url;
};

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
        if (!SecureFile::restrictToOwner(path, false, error))
            return false;
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        const QString token = QString::fromUtf8(file.read(4096)).trimmed();
        if (!token.isEmpty()) {
            d->authenticator->setAdminToken(token);
            return true;
        }
        file.close();
    }
    const QString token = d->authenticator->generateAdminToken();
    return SecureFile::replace(path, token.toUtf8(), SecureFile::OwnerOnly, error);
}

bool SandboxServer::writeServiceAccountTokens(const QStringList &specs, QString *error)
{
    for (const QString &spec : specs) {
        const QString account = spec.section(QLatin1Char('='), 0, 0);
        const QString path = spec.section(QLatin1Char('='), 1);
        const QString ns = account.section(QLatin1Char('/'), 0, 0);
        const QString name = account.section(QLatin1Char('/'), 1);
        if (ns.isEmpty() || name.isEmpty() || name.contains(QLatin1Char('/')) || path.isEmpty()) {
            *error = QStringLiteral("--service-account-token %1: expected NAMESPACE/NAME=FILE").arg(spec);
            return false;
        }
        // A token written earlier stays valid, so a process holding it survives a restart.
        QString token;
        QFile file(path);
        if (file.exists() && file.open(QIODevice::ReadOnly))
            token = QString::fromUtf8(file.read(4096)).trimmed();
        file.close();
        if (token.isEmpty()) {
            token = Authenticator::randomToken();
            if (!SecureFile::replace(path, token.toUtf8(), SecureFile::OwnerOnly, error))
                return false;
        } else if (!SecureFile::restrictToOwner(path, false, error)) {
            return false;
        }
        d->authenticator->addServiceAccountToken(token, ns, name);
    }
    return true;
}

bool SandboxServer::start(const Config &config, const QHostAddress &address, quint16 port, QString *error)
{
    d->config = config;
    // A folder made for the database (before the state folder beside it) is private; an existing
    // one (say /tmp) is the user's choice, the database file itself is owner-only either way.
    if (!config.databasePath.isEmpty()
        && !SecureFile::makePrivateFolder(QFileInfo(config.databasePath).absolutePath(), false, error))
        return false;
    QString stateDir = config.stateDir;
    if (stateDir.isEmpty()) {
        d->tempDir = std::make_unique<QTemporaryDir>();
        stateDir = d->tempDir->path();
    }
    if (!SecureFile::makePrivateFolder(stateDir, true, error))
        return false;
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
    connect(m_store, &ObjectStore::objectChanged, this, [this](const WatchEvent &event) { d->writeLog.record(event); });

    d->services.store = m_store;
    d->services.registry = m_registry;
    d->services.hub = m_hub;
    d->services.stats = &d->stats;
    d->services.writeLog = &d->writeLog;
    d->services.defaultWatchTimeoutSeconds = config.defaultWatchTimeoutSeconds;
    m_rbac = new RbacState(m_store, this);
    d->authorizer = std::make_unique<RequestAuthorizer>(m_rbac, config.alwaysAllow ? RequestAuthorizer::Mode::AlwaysAllow
                                                                                   : RequestAuthorizer::Mode::Rbac);
    d->services.rbac = m_rbac;
    d->services.authorizer = d->authorizer.get();
    d->services.authenticator = d->authenticator.get();

    m_crds = new CrdController(d->services, this);
    m_crds->loadExisting();
    m_namespaces = new NamespaceController(d->services, this);
    if (!m_namespaces->ensureDefaultNamespaces(error))
        return false;
    m_rbacController = new RbacController(d->services, this);
    if (!m_rbacController->ensureBootstrapPolicy(error))
        return false;
    if (!writeServiceAccountTokens(config.serviceAccountTokens, error))
        return false;
    // A ServiceAccount's tokens authenticate only while it exists (kube's --service-account-lookup).
    d->authenticator->setServiceAccountLookup([this](const QString &ns, const QString &name) {
        return m_store->get(QStringLiteral("/serviceaccounts"), ns, name).has_value();
    });
    m_faults = new FaultInjector(m_hub, m_store, this);

    m_http = new HttpServer(this);
    m_router = new RequestRouter(d->services, d->authenticator.get(), m_faults,
                                 [this]() { return m_http->openConnectionCount(); }, this);
    m_router->setVerbose(config.verbose);
    m_http->setMaxBodyBytes(config.maxBodyBytes);
    m_http->setHttp1Only(config.http1Only);
    connect(m_faults, &FaultInjector::goAwayRequested, m_http, &HttpServer::goAway);
    m_http->setErrorResponder(
        [](int status, const QString &message) { return StatusError::fromHttpStatus(status, message).toJson(); });
    QStringList extraHosts;
    if (!address.isLoopback() && address != QHostAddress::Any && address != QHostAddress::AnyIPv6)
        extraHosts.append(address.toString());
    const QSslConfiguration tls = makeServerTlsConfiguration(d->ca, extraHosts, error);
    if (tls.isNull())
        return false;
    m_http->setTlsConfiguration(tls);
    // Authentication on the head: a client without credentials gets 401 before its body is read.
    m_http->setHeadHandler([this](HttpExchange *exchange) { m_router->handleHead(exchange); });
    m_http->setHandler([this](HttpExchange *exchange) { m_router->handle(exchange); });
    if (!m_http->listen(address, port)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(m_http->errorString());
        return false;
    }
    const QString host = address == QHostAddress::Any || address == QHostAddress::AnyIPv6 ? QStringLiteral("127.0.0.1")
        : address.protocol() == QAbstractSocket::IPv6Protocol                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                                                                                          : address.toString();
    d->url = QStringLiteral("https://%1:%2").arg(host).arg(m_http->serverPort());
    m_router->setServerAddress(QStringLiteral("%1:%2").arg(host).arg(m_http->serverPort()));
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
    const WriteLog::Scope author(&d->writeLog, WriteLog::serverActor(QStringLiteral("kube-sandbox-preload")));
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
