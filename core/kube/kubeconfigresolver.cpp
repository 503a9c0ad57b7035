#include "kubeconfigresolver.h"

#include "kubeconfig.h"
#include "kubeconfigfieldreader.h"
#include "kubeconfigfiles.h"

#include <QJsonArray>
#include <QSslKey>

namespace cvc {

namespace {

using FieldReader = KubeConfigFieldReader;
using kubeconfigfiles::fileList;
using kubeconfigfiles::quoted;
using kubeconfigfiles::readFileBytes;
using kubeconfigfiles::resolvePath;

const QLatin1String ExecExtensionName("client.authentication.k8s.io/exec");
const QLatin1String ExecV1("client.authentication.k8s.io/v1");
const QLatin1String ExecV1beta1("client.authentication.k8s.io/v1beta1");

// A URL from a kubeconfig as a message may show it: without "user:password@", even when it does not
// parse (a password with an unencoded "@" is one reason it would not).
QString withoutUserInfo(const QString &url)
{
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    const qsizetype authorityStart = scheme < 0 ? 0 : scheme + 3;
    qsizetype authorityEnd = url.size();
    for (const QChar end : {QLatin1Char('/'), QLatin1Char('?'), QLatin1Char('#')}) {
        const qsizetype at = url.indexOf(end, authorityStart);
        if (at >= 0)
            authorityEnd = qMin(authorityEnd, at);
    }
    const qsizetype at = url.lastIndexOf(QLatin1Char('@'), authorityEnd - 1);
    return at < authorityStart ? url : url.left(authorityStart) + url.mid(at + 1);
}

// kubeconfig keys may be RSA or EC, in PKCS#1, SEC1 or PKCS#8 PEM; QSslKey must be told the algorithm.
QSslKey parsePrivateKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

bool resolveCluster(const KubeConfig::Entry &entry, ClientConfig *config, QString *error)
{
    FieldReader r(entry.fields, QStringLiteral("cluster %1 in %2").arg(quoted(entry.name), entry.sourceFile));
    QString server = r.string("server").trimmed();
    const QString caFile = resolvePath(r.string("certificate-authority"), entry.sourceFile);
    const QByteArray caData = r.base64("certificate-authority-data");
    config->insecureSkipTlsVerify = r.boolean("insecure-skip-tls-verify");
    config->tlsServerName = r.string("tls-server-name");
    const QString proxy = r.string("proxy-url");
    config->disableCompression = r.boolean("disable-compression");
    const QJsonArray extensions = r.array("extensions");
    if (!r.ok()) {
        *error = r.error();
        return false;
    }
    if (server.isEmpty()) {
        *error = QStringLiteral("no server found for cluster %1 in %2").arg(quoted(entry.name), entry.sourceFile);
        return false;
    }
    if (!server.contains(QLatin1String("://")))
        server.prepend(QLatin1String("https://")); // like client-go's DefaultServerURL
    const QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
        r.fail(QStringLiteral("server %1 is not an http(s) URL with a host").arg(quoted(withoutUserInfo(server))));
        *error = r.error();
        return false;
    }
    config->server = url;
    if (!caFile.isEmpty() && !caData.isEmpty()) {
        r.fail(QStringLiteral("certificate-authority-data and certificate-authority are both specified; remove one"));
        *error = r.error();
        return false;
    }
    if (config->insecureSkipTlsVerify && (!caFile.isEmpty() || !caData.isEmpty())) {
        r.fail(QStringLiteral("specifying a root certificates file with the insecure flag is not allowed "
                              "(insecure-skip-tls-verify together with certificate-authority)"));
        *error = r.error();
        return false;
    }
    QByteArray caPem = caData;
    if (!caFile.isEmpty()) {
        QString reason;
        if (!readFileBytes(caFile, &caPem, &reason)) {
            r.fail(QStringLiteral("cannot read certificate-authority %1: %2").arg(quoted(caFile), reason));
            *error = r.error();
            return false;
        }
    }
    if (!caPem.isEmpty()) {
        config->caCertificates = QSslCertificate::fromData(caPem, QSsl::Pem);
        if (config->caCertificates.isEmpty()) {
            r.fail(caFile.isEmpty() ? QStringLiteral("certificate-authority-data holds no PEM certificate")
                                    : QStringLiteral("certificate-authority %1 holds no PEM certificate").arg(quoted(caFile)));
            *error = r.error();
            return false;
        }
        config->caPem = caPem;
    }
    if (config->insecureSkipTlsVerify) {
        config->warnings << QStringLiteral("TLS certificate verification is off for cluster %1 "
                                           "(insecure-skip-tls-verify in %2): the server's identity is not checked")
                                .arg(quoted(entry.name), entry.sourceFile);
    }
    if (!proxy.isEmpty()) {
        const QUrl proxyUrl(proxy, QUrl::StrictMode);
        const QString scheme = proxyUrl.scheme();
        if (!proxyUrl.isValid() || proxyUrl.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("socks5"))) {
            r.fail(QStringLiteral("proxy-url %1 must be an http, https or socks5 URL").arg(quoted(withoutUserInfo(proxy))));
            *error = r.error();
            return false;
        }
        config->proxyUrl = proxyUrl;
        if (scheme == QLatin1String("https"))
            config->warnings << QStringLiteral("cluster %1 in %2: proxy-url %3 is used as a plain HTTP CONNECT proxy "
                                               "(TLS to the proxy itself is not supported)")
                                    .arg(quoted(entry.name), entry.sourceFile, quoted(proxyUrl.toString(QUrl::RemoveUserInfo)));
    }
    for (const QJsonValue &ext : extensions) {
        const QJsonObject e = ext.toObject();
        if (e.value(QLatin1String("name")).toString() == ExecExtensionName)
            config->exec.clusterConfig = e.value(QLatin1String("extension")).toObject();
    }
    config->clusterName = entry.name;
    return true;
}

bool resolveExec(const QJsonObject &fields, FieldReader &user, const QString &userName, const QString &sourceFile,
                 ExecConfig *exec)
{
    FieldReader r(fields, user.where() + QStringLiteral(": exec"));
    QString command = r.string("command");
    const QString apiVersion = r.string("apiVersion");
    const QJsonArray args = r.array("args");
    const QJsonArray env = r.array("env");
    exec->installHint = r.string("installHint");
    exec->provideClusterInfo = r.boolean("provideClusterInfo");
    QString interactive = r.string("interactiveMode");
    if (!r.ok()) {
        user.fail(r.error().mid(user.where().size() + 2));
        return false;
    }
    if (command.isEmpty()) {
        user.fail(QStringLiteral("exec.command is missing"));
        return false;
    }
    if (apiVersion.isEmpty()) {
        user.fail(QStringLiteral("exec.apiVersion is missing (use %1)").arg(ExecV1));
        return false;
    }
    if (apiVersion != ExecV1 && apiVersion != ExecV1beta1) {
        user.fail(QStringLiteral("exec.apiVersion %1 is not supported (use %2 or %3)")
                      .arg(quoted(apiVersion), ExecV1, ExecV1beta1));
        return false;
    }
    if (interactive.isEmpty()) {
        if (apiVersion == ExecV1) {
            user.fail(QStringLiteral("interactiveMode must be specified for %1 to use exec authentication plugin")
                          .arg(userName));
            return false;
        }
        interactive = QStringLiteral("IfAvailable");
    }
    if (interactive != QLatin1String("Never") && interactive != QLatin1String("IfAvailable")
        && interactive != QLatin1String("Always")) {
        user.fail(QStringLiteral("exec.interactiveMode %1 is not one of Never, IfAvailable, Always").arg(quoted(interactive)));
        return false;
    }
    for (int i = 0; i < args.size(); ++i) {
        if (!args.at(i).isString()) {
            user.fail(QStringLiteral("exec.args[%1] must be a string").arg(i));
            return false;
        }
        exec->args << args.at(i).toString();
    }
    for (int i = 0; i < env.size(); ++i) {
        const QJsonObject e = env.at(i).toObject();
        if (!e.value(QLatin1String("name")).isString() || e.value(QLatin1String("name")).toString().isEmpty()) {
            user.fail(QStringLiteral("exec.env[%1] needs a name").arg(i));
            return false;
        }
        exec->env.append({e.value(QLatin1String("name")).toString(), e.value(QLatin1String("value")).toString()});
    }
    // A command with a slash is a path relative to the kubeconfig; a bare name is looked up on PATH.
    if (command.contains(QLatin1Char('/')))
        command = resolvePath(command, sourceFile);
    exec->command = command;
    exec->apiVersion = apiVersion;
    exec->interactiveMode = interactive;
    return true;
}

bool resolveUser(const KubeConfig::Entry &entry, ClientConfig *config, QString *error)
{
    FieldReader r(entry.fields, QStringLiteral("user %1 in %2").arg(quoted(entry.name), entry.sourceFile));
    const QJsonObject authProvider = r.object("auth-provider");
    const QString token = r.string("token");
    const QString tokenFile = resolvePath(r.string("tokenFile"), entry.sourceFile);
    const QString username = r.string("username");
    const QString password = r.string("password");
    const QString certFile = resolvePath(r.string("client-certificate"), entry.sourceFile);
    const QByteArray certData = r.base64("client-certificate-data");
    const QString keyFile = resolvePath(r.string("client-key"), entry.sourceFile);
    const QByteArray keyData = r.base64("client-key-data");
    const QJsonObject exec = r.object("exec");
    if (!r.ok()) {
        *error = r.error();
        return false;
    }
    if (!authProvider.isEmpty()) {
        const QString name = authProvider.value(QLatin1String("name")).toString();
        QString instead = QStringLiteral("an exec credential plugin");
        if (name == QLatin1String("gcp"))
            instead = QStringLiteral("the gke-gcloud-auth-plugin exec plugin (gcloud components install gke-gcloud-auth-plugin)");
        else if (name == QLatin1String("azure"))
            instead = QStringLiteral("the kubelogin exec plugin (kubelogin convert-kubeconfig)");
        else if (name == QLatin1String("oidc"))
            instead = QStringLiteral("an exec plugin such as kubelogin (kubectl oidc-login)");
        r.fail(QStringLiteral("auth-provider %1 is a legacy mechanism this application does not support; use %2 instead")
                   .arg(quoted(name), instead));
        *error = r.error();
        return false;
    }
    if (!certFile.isEmpty() && !certData.isEmpty()) {
        r.fail(QStringLiteral("client-certificate-data and client-certificate are both specified; remove one"));
        *error = r.error();
        return false;
    }
    if (!keyFile.isEmpty() && !keyData.isEmpty()) {
        r.fail(QStringLiteral("client-key-data and client-key are both specified; remove one"));
        *error = r.error();
        return false;
    }
    const bool hasCert = !certFile.isEmpty() || !certData.isEmpty();
    const bool hasKey = !keyFile.isEmpty() || !keyData.isEmpty();
    if (hasCert != hasKey) {
        r.fail(hasCert ? QStringLiteral("client-certificate is set but client-key is missing")
                       : QStringLiteral("client-key is set but client-certificate is missing"));
        *error = r.error();
        return false;
    }
    QStringList methods;
    if (!token.isEmpty() || !tokenFile.isEmpty())
        methods << QStringLiteral("token");
    if (!username.isEmpty() || !password.isEmpty())
        methods << QStringLiteral("username/password");
    if (methods.size() > 1) {
        r.fail(QStringLiteral("more than one authentication method found (%1); keep one").arg(methods.join(QStringLiteral(" and "))));
        *error = r.error();
        return false;
    }
    if (hasCert) {
        QByteArray certPem = certData;
        QByteArray keyPem = keyData;
        QString reason;
        if (!certFile.isEmpty() && !readFileBytes(certFile, &certPem, &reason)) {
            r.fail(QStringLiteral("cannot read client-certificate %1: %2").arg(quoted(certFile), reason));
            *error = r.error();
            return false;
        }
        if (!keyFile.isEmpty() && !readFileBytes(keyFile, &keyPem, &reason)) {
            r.fail(QStringLiteral("cannot read client-key %1: %2").arg(quoted(keyFile), reason));
            *error = r.error();
            return false;
        }
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (certs.isEmpty()) {
            r.fail(certFile.isEmpty() ? QStringLiteral("client-certificate-data holds no PEM certificate")
                                      : QStringLiteral("client-certificate %1 holds no PEM certificate").arg(quoted(certFile)));
            *error = r.error();
            return false;
        }
        const QSslKey key = parsePrivateKey(keyPem);
        if (key.isNull()) {
            const QString what = keyFile.isEmpty() ? QStringLiteral("client-key-data")
                                                   : QStringLiteral("client-key %1").arg(quoted(keyFile));
            r.fail(QStringLiteral("%1 is not a readable RSA or EC private key (PEM: PKCS#1, SEC1 or PKCS#8, unencrypted)").arg(what));
            *error = r.error();
            return false;
        }
        config->clientCertificate = certs.first();
        config->clientKey = key;
        config->clientCertificateSource = certFile.isEmpty() ? QStringLiteral("client-certificate-data") : certFile;
        config->authKind = ClientConfig::AuthKind::ClientCertificate;
    }
    if (!tokenFile.isEmpty()) {
        QByteArray content;
        QString reason;
        if (!readFileBytes(tokenFile, &content, &reason) && token.isEmpty()) {
            r.fail(QStringLiteral("cannot read tokenFile %1: %2").arg(quoted(tokenFile), reason));
            *error = r.error();
            return false;
        }
        config->tokenFile = tokenFile;
        config->token = token; // fallback when the file cannot be read later
        config->authKind = ClientConfig::AuthKind::TokenFile;
    } else if (!token.isEmpty()) {
        config->token = token;
        config->authKind = ClientConfig::AuthKind::Token;
    } else if (!username.isEmpty() || !password.isEmpty()) {
        config->username = username;
        config->password = password;
        config->authKind = ClientConfig::AuthKind::Basic;
    }
    if (!exec.isEmpty()) {
        const QJsonObject clusterConfig = config->exec.clusterConfig;
        if (!resolveExec(exec, r, entry.name, entry.sourceFile, &config->exec)) {
            *error = r.error();
            return false;
        }
        config->exec.clusterConfig = clusterConfig;
        // A token wins over exec (client-go precedence); exec then stays unused.
        if (config->authKind == ClientConfig::AuthKind::None || config->authKind == ClientConfig::AuthKind::ClientCertificate)
            config->authKind = ClientConfig::AuthKind::Exec;
    }
    const QStringList unsupported = {QStringLiteral("as"), QStringLiteral("as-uid"), QStringLiteral("as-groups"),
                                     QStringLiteral("as-user-extra")};
    for (const QString &key : unsupported) {
        if (entry.fields.contains(key))
            config->warnings << QStringLiteral("user %1 in %2: impersonation (%3) is ignored")
                                    .arg(quoted(entry.name), entry.sourceFile, key);
    }
    config->userName = entry.name;
    return true;
}

} // namespace

KubeConfigResolver::KubeConfigResolver(const KubeConfig &config)
    : m_config(config)
{
}

std::optional<ClientConfig> KubeConfigResolver::resolve(const ConnectionOptions &options, QString *error) const
{
    const QString contextName = options.context.isEmpty() ? m_config.currentContext() : options.context;
    if (contextName.isEmpty()) {
        *error = QStringLiteral("no context chosen: current-context is not set in %1; pass --context (available: %2)")
                     .arg(fileList(m_config.files()),
                          m_config.contextNames().isEmpty() ? QStringLiteral("none") : m_config.contextNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const KubeConfig::Entry *context = KubeConfig::findEntry(m_config.contexts(), contextName);
    if (!context) {
        const QString from = options.context.isEmpty()
                                 ? QStringLiteral("current-context in %1").arg(quoted(m_config.currentContextSource()))
                                 : QStringLiteral("--context");
        *error = QStringLiteral("context %1 (from %2) not found in %3 (available: %4)")
                     .arg(quoted(contextName), from, fileList(m_config.files()),
                          m_config.contextNames().isEmpty() ? QStringLiteral("none") : m_config.contextNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    FieldReader r(context->fields, QStringLiteral("context %1 in %2").arg(quoted(context->name), context->sourceFile));
    const QString clusterName = r.string("cluster");
    const QString userName = r.string("user");
    const QString ns = r.string("namespace");
    if (!r.ok()) {
        *error = r.error();
        return std::nullopt;
    }
    if (clusterName.isEmpty()) {
        *error = r.where() + QStringLiteral(": cluster is not set");
        return std::nullopt;
    }
    const KubeConfig::Entry *cluster = KubeConfig::findEntry(m_config.clusters(), clusterName);
    if (!cluster) {
        *error = QStringLiteral("%1: cluster %2 is not defined in %3").arg(r.where(), quoted(clusterName), fileList(m_config.files()));
        return std::nullopt;
    }
    const KubeConfig::Entry *user = nullptr;
    if (!userName.isEmpty()) {
        user = KubeConfig::findEntry(m_config.users(), userName);
        if (!user) {
            *error = QStringLiteral("%1: user %2 is not defined in %3").arg(r.where(), quoted(userName), fileList(m_config.files()));
            return std::nullopt;
        }
    }
    ClientConfig config;
    config.contextName = contextName;
    config.sourceFile = context->sourceFile;
    if (!resolveCluster(*cluster, &config, error))
        return std::nullopt;
    if (user && !resolveUser(*user, &config, error))
        return std::nullopt;
    if (config.server.scheme() == QLatin1String("http") && config.authKind != ClientConfig::AuthKind::None) {
        config.warnings << QStringLiteral("cluster %1 uses plain http: credentials are not sent (as with kubectl)")
                               .arg(quoted(clusterName));
    }
    config.namespaceName = !options.namespaceName.isEmpty() ? options.namespaceName
                           : !ns.isEmpty()                  ? ns
                                                            : QStringLiteral("default");
    return config;
}

} // namespace cvc
