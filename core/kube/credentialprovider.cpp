#include "credentialprovider.h"

#include "kubeconfigfiles.h"
#include "json/kubetime.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QMutex>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace cvc {

namespace {

using kubeconfigfiles::quoted;

// Exec credentials are treated as expired a little early so a request never carries a token
// that expires while in flight.
constexpr int ExpirySlackSeconds = 10;

// A token travels as an HTTP header value, where a control character (a stray line break inside a
// token file, say) would end the header early or start another one. Go's HTTP client refuses such
// values, so kubectl fails on them too.
bool hasControlCharacters(const QString &token)
{
    for (const QChar c : token) {
        if ((c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

} // namespace

CredentialProvider::CredentialProvider(const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
}

CredentialProvider::~CredentialProvider()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

void CredentialProvider::credentials(QObject *context, Callback done)
{
    Credentials c;
    // Like kubectl: credentials only travel over TLS.
    if (m_config.server.scheme() != QLatin1String("https")) {
        done(c, {});
        return;
    }
    c.certificate = m_config.clientCertificate;
    c.key = m_config.clientKey;
    QString error;
    switch (m_config.authKind) {
    case ClientConfig::AuthKind::None:
    case ClientConfig::AuthKind::ClientCertificate:
        break;
    case ClientConfig::AuthKind::Token:
        if (hasControlCharacters(m_config.token)) {
            done(Credentials(), QStringLiteral("the token of user %1 in %2 holds control characters")
                                    .arg(quoted(m_config.userName), m_config.sourceFile));
            return;
        }
        c.authorization = "Bearer " + m_config.token.toUtf8();
        break;
    case ClientConfig::AuthKind::TokenFile:
    case ClientConfig::AuthKind::ServiceAccount: {
        const QString token = readTokenFile(&error);
        if (!error.isEmpty()) {
            done(Credentials(), error);
            return;
        }
        c.authorization = "Bearer " + token.toUtf8();
        break;
    }
    case ClientConfig::AuthKind::Basic:
        c.authorization = "Basic " + (m_config.username + QLatin1Char(':') + m_config.password).toUtf8().toBase64();
        break;
    case ClientConfig::AuthKind::Exec:
        if (m_execCredentials
            && (!m_execExpiry.isValid()
                || QDateTime::currentDateTimeUtc().addSecs(ExpirySlackSeconds) < m_execExpiry)) {
            Credentials exec = *m_execCredentials;
            if (exec.certificate.isNull()) {
                exec.certificate = c.certificate;
                exec.key = c.key;
            }
            done(exec, {});
            return;
        }
        m_waiting.append({QPointer<QObject>(context ? context : this), std::move(done)});
        if (!m_process)
            runExecPlugin();
        return;
    }
    done(c, {});
}

void CredentialProvider::invalidate()
{
    m_execCredentials.reset();
    m_execExpiry = {};
    m_tokenFileSize = -1; // read the token file again even if it looks unchanged
}

QString CredentialProvider::readTokenFile(QString *error)
{
    const QFileInfo info(m_config.tokenFile);
    // Re-read when the file changes (kubelet rotates projected tokens by replacing the file).
    if (info.exists() && info.lastModified() == m_tokenFileModified && info.size() == m_tokenFileSize)
        return m_tokenFromFile;
    // The same checks as at load: a FIFO or a device put in its place must not block the client,
    // nor a huge file fill its memory.
    QByteArray content;
    QString reason;
    bool usable = kubeconfigfiles::readFileBytes(m_config.tokenFile, &content, &reason);
    const QString token = QString::fromUtf8(content).trimmed();
    // client-go refuses an empty token file too.
    if (usable && (token.isEmpty() || hasControlCharacters(token))) {
        usable = false;
        reason = token.isEmpty() ? QStringLiteral("it is empty") : QStringLiteral("the token holds control characters");
    }
    if (!usable) {
        if (!m_config.token.isEmpty() && !hasControlCharacters(m_config.token))
            return m_config.token;
        const QString what = m_config.authKind == ClientConfig::AuthKind::ServiceAccount
                                 ? QStringLiteral("service account token")
                                 : QStringLiteral("tokenFile of user %1 in %2").arg(quoted(m_config.userName), m_config.sourceFile);
        *error = QStringLiteral("cannot read the %1 (%2): %3").arg(what, m_config.tokenFile, reason);
        return {};
    }
    m_tokenFromFile = token;
    m_tokenFileModified = info.lastModified();
    m_tokenFileSize = info.size();
    return m_tokenFromFile;
}

QString CredentialProvider::loginShellPath(const QProcessEnvironment &environment)
{
    // Started from a desktop menu, the process PATH often lacks what the user's shell profile adds
    // (~/.local/bin, the Google Cloud SDK, Homebrew, ...). Ask the login shell once and remember.
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QString shell = environment.value(QStringLiteral("SHELL"), QStringLiteral("/bin/sh"));
    const QString cacheKey = shell + QLatin1Char('\n') + environment.value(QStringLiteral("HOME"));
    {
        QMutexLocker lock(&mutex);
        auto it = cache.constFind(cacheKey);
        if (it != cache.constEnd())
            return *it;
    }
    QString path;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    // Profiles may print banners: mark the line that carries the answer.
    process.start(shell, {QStringLiteral("-lc"), QStringLiteral("printf '\\n__cvc_path__%s\\n' \"$PATH\"")});
    if (process.waitForStarted(3000) && process.waitForFinished(5000) && process.exitStatus() == QProcess::NormalExit) {
        const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("__cvc_path__"))
                path = QString::fromLocal8Bit(line.mid(12)).trimmed();
        }
    } else if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(1000);
    }
    QMutexLocker lock(&mutex);
    cache.insert(cacheKey, path);
    return path;
}

QString CredentialProvider::findExecutable(const QString &command, const QProcessEnvironment &environment)
{
    if (command.contains(QLatin1Char('/'))) {
        const QFileInfo info(command);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    const QStringList path = environment.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    const QString found = QStandardPaths::findExecutable(command, path);
    if (!found.isEmpty())
        return found;
    const QStringList loginPath = loginShellPath(environment).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    return loginPath.isEmpty() ? QString() : QStandardPaths::findExecutable(command, loginPath);
}

QByteArray CredentialProvider::execInfo() const
{
    QJsonObject spec;
    spec.insert(QStringLiteral("interactive"), false); // we never hand the plugin a terminal
    if (m_config.exec.provideClusterInfo) {
        QJsonObject cluster;
        cluster.insert(QStringLiteral("server"), m_config.server.toString());
        if (!m_config.tlsServerName.isEmpty())
            cluster.insert(QStringLiteral("tls-server-name"), m_config.tlsServerName);
        if (m_config.insecureSkipTlsVerify)
            cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!m_config.caPem.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(m_config.caPem.toBase64()));
        if (!m_config.proxyUrl.isEmpty())
            cluster.insert(QStringLiteral("proxy-url"), m_config.proxyUrl.toString());
        if (m_config.disableCompression)
            cluster.insert(QStringLiteral("disable-compression"), true);
        if (!m_config.exec.clusterConfig.isEmpty())
            cluster.insert(QStringLiteral("config"), m_config.exec.clusterConfig);
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    QJsonObject info;
    info.insert(QStringLiteral("kind"), QStringLiteral("ExecCredential"));
    info.insert(QStringLiteral("apiVersion"), m_config.exec.apiVersion);
    info.insert(QStringLiteral("spec"), spec);
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

void CredentialProvider::runExecPlugin()
{
    const ExecConfig &exec = m_config.exec;
    const QString who = QStringLiteral("exec plugin %1 of user %2 in %3").arg(quoted(exec.command), quoted(m_config.userName), m_config.sourceFile);
    if (exec.interactiveMode == QLatin1String("Always")) {
        finishExec(Credentials(), QDateTime(), who + QStringLiteral(" needs an interactive terminal (interactiveMode: Always), which this application cannot provide"));
        return;
    }
    if (m_resolvedCommand.isEmpty())
        m_resolvedCommand = findExecutable(exec.command, QProcessEnvironment::systemEnvironment());
    if (m_resolvedCommand.isEmpty()) {
        QString text = who + QStringLiteral(" was not found (searched PATH and the login shell's PATH)");
        if (!exec.installHint.isEmpty())
            text += QStringLiteral(". ") + exec.installHint.trimmed();
        finishExec(Credentials(), QDateTime(), text);
        return;
    }
    m_process = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // A plugin found only through the login shell usually needs that PATH itself (aws calls python,
    // gke-gcloud-auth-plugin calls gcloud): append the directories the process PATH lacks.
    const QStringList processPath = env.value(QStringLiteral("PATH")).split(QDir::listSeparator(), Qt::SkipEmptyParts);
    if (!exec.command.contains(QLatin1Char('/')) && QStandardPaths::findExecutable(exec.command, processPath).isEmpty()) {
        QStringList merged = processPath;
        for (const QString &dir : loginShellPath(env).split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
            if (!merged.contains(dir))
                merged << dir;
        }
        env.insert(QStringLiteral("PATH"), merged.join(QDir::listSeparator()));
    }
    for (const auto &pair : exec.env)
        env.insert(pair.first, pair.second);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo()));
    m_process->setProcessEnvironment(env);
    m_process->setStandardInputFile(QProcess::nullDevice());
    auto *timer = new QTimer(m_process);
    timer->setSingleShot(true);
    bool *timedOut = new bool(false);
    connect(m_process, &QObject::destroyed, this, [timedOut] { delete timedOut; });
    connect(timer, &QTimer::timeout, m_process, [this, timedOut] {
        *timedOut = true;
        m_process->kill();
    });
    connect(m_process, &QProcess::errorOccurred, this, [this, who](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            QProcess *p = m_process;
            const QString reason = p->errorString();
            m_process = nullptr;
            p->deleteLater();
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" could not be started: ") + reason);
        }
    });
    connect(m_process, &QProcess::finished, this, [this, who, timedOut](int exitCode, QProcess::ExitStatus status) {
        QProcess *p = m_process;
        m_process = nullptr;
        p->deleteLater();
        const QByteArray out = p->readAllStandardOutput();
        QString err = QString::fromLocal8Bit(p->readAllStandardError()).trimmed();
        if (err.size() > 2000)
            err = QStringLiteral("…") + err.right(2000);
        if (*timedOut) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" did not finish within %1 s and was stopped")
                                                         .arg(m_config.exec.timeoutMs / 1000.0));
            return;
        }
        if (status != QProcess::NormalExit || exitCode != 0) {
            QString text = who + (status == QProcess::NormalExit ? QStringLiteral(" failed with exit code %1").arg(exitCode)
                                                                 : QStringLiteral(" crashed"));
            if (!err.isEmpty())
                text += QStringLiteral(": ") + err;
            finishExec(Credentials(), QDateTime(), text);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &parseError);
        const QJsonObject cred = doc.object();
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" printed no ExecCredential JSON on stdout"));
            return;
        }
        if (cred.value(QLatin1String("apiVersion")).toString() != m_config.exec.apiVersion) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered apiVersion %1, expected %2")
                                         .arg(quoted(cred.value(QLatin1String("apiVersion")).toString()), quoted(m_config.exec.apiVersion)));
            return;
        }
        const QJsonValue statusValue = cred.value(QLatin1String("status"));
        if (!statusValue.isObject()) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered an ExecCredential without status"));
            return;
        }
        const QJsonObject st = statusValue.toObject();
        Credentials c;
        const QString token = st.value(QLatin1String("token")).toString();
        const QString certPem = st.value(QLatin1String("clientCertificateData")).toString();
        const QString keyPem = st.value(QLatin1String("clientKeyData")).toString();
        if (certPem.isEmpty() != keyPem.isEmpty()) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered only one of clientCertificateData and clientKeyData"));
            return;
        }
        if (token.isEmpty() && certPem.isEmpty()) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered neither a token nor a client certificate"));
            return;
        }
        if (hasControlCharacters(token)) {
            finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered a token with control characters"));
            return;
        }
        if (!token.isEmpty())
            c.authorization = "Bearer " + token.toUtf8();
        if (!certPem.isEmpty()) {
            const auto certs = QSslCertificate::fromData(certPem.toUtf8(), QSsl::Pem);
            QSslKey key(keyPem.toUtf8(), QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
            if (key.isNull())
                key = QSslKey(keyPem.toUtf8(), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
            if (certs.isEmpty() || key.isNull()) {
                finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered a client certificate or key that cannot be read"));
                return;
            }
            c.certificate = certs.first();
            c.key = key;
        }
        QDateTime expiry;
        const QString expiryText = st.value(QLatin1String("expirationTimestamp")).toString();
        if (!expiryText.isEmpty()) {
            const auto parsed = KubeTime::parse(expiryText);
            if (!parsed) {
                finishExec(Credentials(), QDateTime(), who + QStringLiteral(" answered an unreadable expirationTimestamp %1").arg(quoted(expiryText)));
                return;
            }
            expiry = *parsed;
        }
        finishExec(c, expiry, {});
    });
    timer->start(m_config.exec.timeoutMs);
    m_process->start(m_resolvedCommand, exec.args);
}

void CredentialProvider::finishExec(const Credentials &credentials, const QDateTime &expiry, const QString &error)
{
    Credentials result = credentials;
    if (error.isEmpty()) {
        const bool certChanged = m_execCredentials && !(m_execCredentials->certificate == credentials.certificate);
        m_execCredentials = credentials;
        m_execExpiry = expiry;
        if (certChanged)
            Q_EMIT certificateChanged();
        if (result.certificate.isNull()) {
            result.certificate = m_config.clientCertificate;
            result.key = m_config.clientKey;
        }
    }
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &w : waiting) {
        if (w.first)
            w.second(result, error);
    }
}

} // namespace cvc
