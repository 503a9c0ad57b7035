#include "kubeconfig.h"

#include "json/yamlconverter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QSslKey>

namespace cvc {

namespace {

const QLatin1String ExecExtensionName("client.authentication.k8s.io/exec");
const QLatin1String ExecV1("client.authentication.k8s.io/v1");
const QLatin1String ExecV1beta1("client.authentication.k8s.io/v1beta1");

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Reads typed fields of one kubeconfig entry; the first problem becomes an error naming the
// entry and its file, e.g. `user "alice" in /home/a/.kube/config: token must be a string`.
class FieldReader
{
public:
    FieldReader(const QJsonObject &fields, const QString &where)
        : m_fields(fields)
        , m_where(where)
    {
    }

    QString string(const char *key)
    {
        const QJsonValue v = m_fields.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString()) {
            fail(QStringLiteral("%1 must be a string (put it in quotes)").arg(QLatin1String(key)));
            return {};
        }
        return v.toString();
    }

    bool boolean(const char *key)
    {
        const QJsonValue v = m_fields.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return false;
        if (!v.isBool()) {
            fail(QStringLiteral("%1 must be true or false").arg(QLatin1String(key)));
            return false;
        }
        return v.toBool();
    }

    QByteArray base64(const char *key)
    {
        const QString text = string(key);
        if (text.isEmpty())
            return {};
        const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1().trimmed(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            fail(QStringLiteral("%1 is not valid base64").arg(QLatin1String(key)));
            return {};
        }
        return *decoded;
    }

    QJsonArray array(const char *key)
    {
        const QJsonValue v = m_fields.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            fail(QStringLiteral("%1 must be a list").arg(QLatin1String(key)));
            return {};
        }
        return v.toArray();
    }

    QJsonObject object(const char *key)
    {
        const QJsonValue v = m_fields.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject()) {
            fail(QStringLiteral("%1 must be a mapping").arg(QLatin1String(key)));
            return {};
        }
        return v.toObject();
    }

    bool has(const char *key) const
    {
        const QJsonValue v = m_fields.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty());
    }

    void fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = m_where + QStringLiteral(": ") + what;
    }

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString where() const { return m_where; }

private:
    QJsonObject m_fields;
    QString m_where;
    QString m_error;
};

QString resolvePath(const QString &path, const QString &definingFile)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QFileInfo(definingFile).absoluteDir().filePath(path));
}

// Kubeconfig files, certificates and keys are small; a path to a device or a huge file (a typo,
// /dev/zero) must fail with a message instead of hanging or eating memory.
constexpr qint64 MaxReferencedFileBytes = 16 * 1024 * 1024;

bool readFileBytes(const QString &path, QByteArray *data, QString *reason)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        *reason = QStringLiteral("no such file");
        return false;
    }
    if (info.isDir()) {
        *reason = QStringLiteral("is a directory");
        return false;
    }
    if (!info.isFile()) {
        *reason = QStringLiteral("not a regular file");
        return false;
    }
    if (info.size() > MaxReferencedFileBytes) {
        *reason = QStringLiteral("larger than %1 MiB").arg(MaxReferencedFileBytes / (1024 * 1024));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = file.errorString();
        return false;
    }
    *data = file.read(MaxReferencedFileBytes);
    return true;
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

bool parseEntries(const QJsonObject &top, const char *listKey, const char *innerKey, const QString &fileName,
                  QList<KubeConfig::Entry> *out, QString *error)
{
    const QJsonValue listValue = top.value(QLatin1String(listKey));
    if (listValue.isUndefined() || listValue.isNull())
        return true;
    const QString where = QStringLiteral("kubeconfig %1").arg(quoted(fileName));
    if (!listValue.isArray()) {
        *error = QStringLiteral("%1: %2 must be a list").arg(where, QLatin1String(listKey));
        return false;
    }
    const QJsonArray list = listValue.toArray();
    QSet<QString> seen;
    for (int i = 0; i < list.size(); ++i) {
        const QString item = QStringLiteral("%1[%2]").arg(QLatin1String(listKey)).arg(i);
        if (!list.at(i).isObject()) {
            *error = QStringLiteral("%1: %2 must be a mapping with name and %3").arg(where, item, QLatin1String(innerKey));
            return false;
        }
        const QJsonObject entry = list.at(i).toObject();
        const QJsonValue name = entry.value(QLatin1String("name"));
        if (!name.isString() || name.toString().isEmpty()) {
            *error = QStringLiteral("%1: %2 has no name").arg(where, item);
            return false;
        }
        const QJsonValue inner = entry.value(QLatin1String(innerKey));
        if (!inner.isUndefined() && !inner.isNull() && !inner.isObject()) {
            *error = QStringLiteral("%1: %2 (%3): %4 must be a mapping")
                         .arg(where, item, quoted(name.toString()), QLatin1String(innerKey));
            return false;
        }
        if (seen.contains(name.toString()))
            continue; // within one file too, the first definition wins
        seen.insert(name.toString());
        out->append({name.toString(), inner.toObject(), fileName, i});
    }
    return true;
}

const KubeConfig::Entry *findEntry(const QList<KubeConfig::Entry> &entries, const QString &name)
{
    for (const KubeConfig::Entry &e : entries) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

QString fileList(const QStringList &files)
{
    if (files.isEmpty())
        return QStringLiteral("(no kubeconfig file)");
    QStringList q;
    for (const QString &f : files)
        q << quoted(f);
    return q.join(QStringLiteral(", "));
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
        r.fail(QStringLiteral("server %1 is not an http(s) URL with a host").arg(quoted(server)));
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
            r.fail(QStringLiteral("proxy-url %1 must be an http, https or socks5 URL").arg(quoted(proxy)));
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

std::optional<KubeConfig> KubeConfig::parse(const QByteArray &yaml, const QString &fileName, QString *error)
{
    const YamlDocuments docs = YamlConverter::parseDocuments(yaml);
    if (!docs.ok()) {
        QString text = docs.error;
        if (docs.errorLine > 0 && !text.contains(QLatin1String("line")))
            text = QStringLiteral("line %1: %2").arg(docs.errorLine).arg(text);
        *error = QStringLiteral("kubeconfig %1 is not valid YAML: %2").arg(quoted(fileName), text);
        return std::nullopt;
    }
    KubeConfig config;
    config.m_files << fileName;
    if (docs.documents.isEmpty() || docs.documents.first().isNull())
        return config; // an empty file is an empty config, as for kubectl
    if (!docs.documents.first().isObject()) {
        *error = QStringLiteral("kubeconfig %1: expected a mapping (apiVersion, kind: Config, clusters, users, contexts)")
                     .arg(quoted(fileName));
        return std::nullopt;
    }
    const QJsonObject top = docs.documents.first().toObject();
    const QJsonValue kind = top.value(QLatin1String("kind"));
    if (kind.isString() && !kind.toString().isEmpty() && kind.toString() != QLatin1String("Config")) {
        *error = QStringLiteral("kubeconfig %1: kind is %2, expected \"Config\"").arg(quoted(fileName), quoted(kind.toString()));
        return std::nullopt;
    }
    if (!parseEntries(top, "clusters", "cluster", fileName, &config.m_clusters, error)
        || !parseEntries(top, "users", "user", fileName, &config.m_users, error)
        || !parseEntries(top, "contexts", "context", fileName, &config.m_contexts, error))
        return std::nullopt;
    const QJsonValue current = top.value(QLatin1String("current-context"));
    if (!current.isUndefined() && !current.isNull() && !current.isString()) {
        *error = QStringLiteral("kubeconfig %1: current-context must be a string").arg(quoted(fileName));
        return std::nullopt;
    }
    config.m_currentContext = current.toString();
    if (!config.m_currentContext.isEmpty())
        config.m_currentContextSource = fileName;
    config.m_preferences = top.value(QLatin1String("preferences")).toObject();
    return config;
}

std::optional<KubeConfig> KubeConfig::readFile(const QString &fileName, QString *error)
{
    QByteArray data;
    QString reason;
    if (!readFileBytes(fileName, &data, &reason)) {
        *error = QStringLiteral("cannot read kubeconfig %1: %2").arg(quoted(fileName), reason);
        return std::nullopt;
    }
    return parse(data, fileName, error);
}

void KubeConfig::merge(const KubeConfig &other)
{
    auto mergeList = [](QList<Entry> &mine, const QList<Entry> &theirs) {
        for (const Entry &e : theirs) {
            if (!findEntry(mine, e.name))
                mine.append(e);
        }
    };
    mergeList(m_clusters, other.m_clusters);
    mergeList(m_users, other.m_users);
    mergeList(m_contexts, other.m_contexts);
    if (m_currentContext.isEmpty()) {
        m_currentContext = other.m_currentContext;
        m_currentContextSource = other.m_currentContextSource;
    }
    if (m_preferences.isEmpty())
        m_preferences = other.m_preferences;
    m_files << other.m_files;
}

QStringList KubeConfig::contextNames() const
{
    QStringList names;
    for (const Entry &e : m_contexts)
        names << e.name;
    return names;
}

QStringList KubeConfig::searchPaths(const ConnectionOptions &options)
{
    if (!options.kubeconfig.isEmpty())
        return {options.kubeconfig};
    const QString list = options.environment.value(QStringLiteral("KUBECONFIG"));
    if (!list.isEmpty()) {
        QStringList paths;
        for (const QString &p : list.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
            if (!paths.contains(p))
                paths << p;
        }
        return paths;
    }
    const QString home = options.environment.value(QStringLiteral("HOME"), QDir::homePath());
    return {QDir(home).filePath(QStringLiteral(".kube/config"))};
}

std::optional<KubeConfig> KubeConfig::loadMerged(const ConnectionOptions &options, QString *error)
{
    if (!options.kubeconfig.isEmpty() && !QFileInfo::exists(options.kubeconfig)) {
        *error = QStringLiteral("kubeconfig %1 (from --kubeconfig) does not exist").arg(quoted(options.kubeconfig));
        return std::nullopt;
    }
    KubeConfig merged;
    bool any = false;
    for (const QString &path : searchPaths(options)) {
        if (!QFileInfo::exists(path))
            continue; // kubectl skips missing KUBECONFIG entries
        auto file = readFile(path, error);
        if (!file)
            return std::nullopt;
        if (!any)
            merged = *file;
        else
            merged.merge(*file);
        any = true;
    }
    return merged;
}

std::optional<ClientConfig> KubeConfig::load(const ConnectionOptions &options, QString *error)
{
    const QStringList paths = searchPaths(options);
    const std::optional<KubeConfig> loaded = loadMerged(options, error);
    if (!loaded)
        return std::nullopt;
    const KubeConfig &merged = *loaded;
    const bool any = !merged.m_files.isEmpty();
    const bool inPod = !options.environment.value(QStringLiteral("KUBERNETES_SERVICE_HOST")).isEmpty();
    if (!any || (merged.m_contexts.isEmpty() && merged.m_currentContext.isEmpty() && options.context.isEmpty())) {
        if (inPod)
            return loadInCluster(options, error);
        if (!any) {
            const QString source = !options.environment.value(QStringLiteral("KUBECONFIG")).isEmpty()
                                       ? QStringLiteral(" (from KUBECONFIG)")
                                       : QString();
            *error = QStringLiteral("no kubeconfig found: looked for %1%2; pass --kubeconfig, set KUBECONFIG, "
                                    "or run inside a cluster")
                         .arg(fileList(paths), source);
            return std::nullopt;
        }
    }
    return merged.resolve(options, error);
}

std::optional<ClientConfig> KubeConfig::loadInCluster(const ConnectionOptions &options, QString *error)
{
    const QString host = options.environment.value(QStringLiteral("KUBERNETES_SERVICE_HOST"));
    const QString port = options.environment.value(QStringLiteral("KUBERNETES_SERVICE_PORT"));
    if (host.isEmpty() || port.isEmpty()) {
        *error = QStringLiteral("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");
        return std::nullopt;
    }
    ClientConfig config;
    config.inCluster = true;
    const QString hostPart = host.contains(QLatin1Char(':')) ? QString(QLatin1Char('[') + host + QLatin1Char(']')) : host;
    config.server = QUrl(QStringLiteral("https://%1:%2").arg(hostPart, port));
    QByteArray data;
    QString reason;
    if (!readFileBytes(options.serviceAccountTokenPath, &data, &reason)) {
        *error = QStringLiteral("in-cluster config: cannot read the service account token %1: %2")
                     .arg(quoted(options.serviceAccountTokenPath), reason);
        return std::nullopt;
    }
    config.tokenFile = options.serviceAccountTokenPath;
    config.authKind = ClientConfig::AuthKind::ServiceAccount;
    if (!readFileBytes(options.serviceAccountCaPath, &data, &reason)) {
        *error = QStringLiteral("in-cluster config: cannot read the service account CA %1: %2")
                     .arg(quoted(options.serviceAccountCaPath), reason);
        return std::nullopt;
    }
    config.caCertificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (config.caCertificates.isEmpty()) {
        *error = QStringLiteral("in-cluster config: %1 holds no PEM certificate").arg(quoted(options.serviceAccountCaPath));
        return std::nullopt;
    }
    config.caPem = data;
    config.namespaceName = options.namespaceName;
    if (config.namespaceName.isEmpty())
        config.namespaceName = options.environment.value(QStringLiteral("POD_NAMESPACE"));
    if (config.namespaceName.isEmpty() && readFileBytes(options.serviceAccountNamespacePath, &data, &reason))
        config.namespaceName = QString::fromUtf8(data).trimmed();
    if (config.namespaceName.isEmpty())
        config.namespaceName = QStringLiteral("default");
    config.sourceFile = options.serviceAccountTokenPath;
    return config;
}

std::optional<ClientConfig> KubeConfig::resolve(const ConnectionOptions &options, QString *error) const
{
    const QString contextName = options.context.isEmpty() ? m_currentContext : options.context;
    if (contextName.isEmpty()) {
        *error = QStringLiteral("no context chosen: current-context is not set in %1; pass --context (available: %2)")
                     .arg(fileList(m_files),
                          contextNames().isEmpty() ? QStringLiteral("none") : contextNames().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const Entry *context = findEntry(m_contexts, contextName);
    if (!context) {
        const QString from = options.context.isEmpty()
                                 ? QStringLiteral("current-context in %1").arg(quoted(m_currentContextSource))
                                 : QStringLiteral("--context");
        *error = QStringLiteral("context %1 (from %2) not found in %3 (available: %4)")
                     .arg(quoted(contextName), from, fileList(m_files),
                          contextNames().isEmpty() ? QStringLiteral("none") : contextNames().join(QStringLiteral(", ")));
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
    const Entry *cluster = findEntry(m_clusters, clusterName);
    if (!cluster) {
        *error = QStringLiteral("%1: cluster %2 is not defined in %3").arg(r.where(), quoted(clusterName), fileList(m_files));
        return std::nullopt;
    }
    const Entry *user = nullptr;
    if (!userName.isEmpty()) {
        user = findEntry(m_users, userName);
        if (!user) {
            *error = QStringLiteral("%1: user %2 is not defined in %3").arg(r.where(), quoted(userName), fileList(m_files));
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
