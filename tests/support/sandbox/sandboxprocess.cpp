#include "sandboxprocess.h"

#include "diewithparent.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <yaml-cpp/yaml.h>

namespace cvc::testsupport {

namespace {

QString tail(const QByteArray &bytes, int max = 2000)
{
    return QString::fromUtf8(bytes.size() > max ? bytes.right(max) : bytes).trimmed();
}

// The node of `list` (a kubeconfig clusters/users/contexts sequence) whose name is `name`;
// the first entry when `name` is empty.
YAML::Node namedEntry(const YAML::Node &list, const std::string &name)
{
    if (!list || !list.IsSequence())
        return {};
    for (const auto &entry : list) {
        if (name.empty() || (entry["name"] && entry["name"].as<std::string>() == name))
            return entry;
    }
    return {};
}

std::string scalar(const YAML::Node &node, const char *key)
{
    if (!node || !node.IsMap())
        return {};
    const YAML::Node value = node[key];
    return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

} // namespace

SandboxProcess::SandboxProcess(QObject *parent)
    : QObject(parent)
    , m_tempDir(std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/kube-sandbox-test-XXXXXX")))
    , m_network(new QNetworkAccessManager(this))
{
}

SandboxProcess::~SandboxProcess()
{
    if (isRunning())
        kill();
}

QString SandboxProcess::executablePath()
{
    QString dir = qEnvironmentVariable("CVC_BIN_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(CVC_TESTSUPPORT_BIN_DIR);
    return QDir(dir).filePath(QStringLiteral("kube-sandbox"));
}

QString SandboxProcess::sourcePath(const QString &relativePath)
{
    QString dir = qEnvironmentVariable("CVC_SOURCE_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(CVC_TESTSUPPORT_SOURCE_DIR);
    return QDir(dir).filePath(relativePath);
}

void SandboxProcess::setDataFile(const QString &path)
{
    m_dataFile = path;
}

QString SandboxProcess::dataFile() const
{
    return m_dataFile;
}

QStringList SandboxProcess::arguments(quint16 port) const
{
    QStringList args{QStringLiteral("--port"), QString::number(port)};
    if (m_dataFile.isEmpty())
        args << QStringLiteral("--ephemeral");
    else
        args << QStringLiteral("--data") << m_dataFile;
    args << QStringLiteral("--kubeconfig") << kubeconfigPath();
    return args + m_extraArgs;
}

bool SandboxProcess::start(const QStringList &extraArgs, int timeoutMs)
{
    if (isRunning()) {
        m_error = QStringLiteral("kube-sandbox is already running");
        return false;
    }
    m_extraArgs = extraArgs;
    return launch(0, timeoutMs);
}

bool SandboxProcess::launch(quint16 port, int timeoutMs)
{
    m_url.clear();
    m_stdout.clear();
    m_stderr.clear();
    m_error.clear();
    QFile::remove(kubeconfigPath());

    const QString program = executablePath();
    if (!QFileInfo(program).isExecutable()) {
        m_error = QStringLiteral("%1 does not exist or is not executable; build the kube-sandbox target").arg(program);
        return false;
    }

    delete m_process;
    m_process = new QProcess(this);
    dieWithParent(m_process);
    m_process->setProgram(program);
    m_process->setArguments(arguments(port));
    m_process->setWorkingDirectory(tempPath());
    connect(m_process, &QProcess::readyReadStandardOutput, this, &SandboxProcess::readStandardOutput);
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process->readAllStandardError(); });
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        Q_EMIT exited(status == QProcess::NormalExit ? exitCode : -1);
    });
    m_process->start();
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = QStringLiteral("could not start %1: %2").arg(program, m_process->errorString());
        return false;
    }
    if (!waitForListening(timeoutMs) || !loadKubeconfig()) {
        if (isRunning())
            kill();
        return false;
    }
    return true;
}

void SandboxProcess::readStandardOutput()
{
    m_stdout += m_process->readAllStandardOutput();
    if (m_url.isValid())
        return;
    static const QRegularExpression listening(QStringLiteral("listening on (https?://[^\\s/]+)"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_stdout));
    if (match.hasMatch())
        m_url = QUrl(match.captured(1));
}

bool SandboxProcess::waitForListening(int timeoutMs)
{
    const bool ready = QTest::qWaitFor([this] { return m_url.isValid() || !isRunning(); }, timeoutMs);
    if (ready && m_url.isValid() && m_url.port() > 0)
        return true;
    if (m_process)
        m_stderr += m_process->readAllStandardError();
    m_error = !isRunning() ? QStringLiteral("kube-sandbox exited (code %1) before listening").arg(m_process->exitCode())
                           : QStringLiteral("kube-sandbox printed no 'listening on https://…' line within %1 ms").arg(timeoutMs);
    m_error += QStringLiteral("\nargs: %1\nstdout: %2\nstderr: %3")
                   .arg(m_process->arguments().join(QLatin1Char(' ')), tail(m_stdout), tail(m_stderr));
    return false;
}

bool SandboxProcess::loadKubeconfig()
{
    // The sandbox writes the kubeconfig before it announces itself; allow a moment for slow disks.
    const QString path = kubeconfigPath();
    (void)QTest::qWaitFor([&] { return QFileInfo(path).size() > 0; }, 5000);
    try {
        const YAML::Node config = YAML::LoadFile(path.toStdString());
        const std::string contextName = scalar(config, "current-context");
        const YAML::Node context = namedEntry(config["contexts"], contextName)["context"];
        const YAML::Node cluster = namedEntry(config["clusters"], scalar(context, "cluster"))["cluster"];
        const YAML::Node user = namedEntry(config["users"], scalar(context, "user"))["user"];

        const std::string caData = scalar(cluster, "certificate-authority-data");
        if (!caData.empty()) {
            m_caPem = QByteArray::fromBase64(QByteArray::fromStdString(caData));
        } else {
            QFile caFile(QString::fromStdString(scalar(cluster, "certificate-authority")));
            if (caFile.open(QIODevice::ReadOnly))
                m_caPem = caFile.readAll();
        }
        m_caCertificates = QSslCertificate::fromData(m_caPem, QSsl::Pem);
        m_adminToken = QByteArray::fromStdString(scalar(user, "token"));
        if (m_adminToken.isEmpty()) {
            QFile tokenFile(QString::fromStdString(scalar(user, "tokenFile")));
            if (tokenFile.open(QIODevice::ReadOnly))
                m_adminToken = tokenFile.readAll().trimmed();
        }
    } catch (const YAML::Exception &e) {
        m_error = QStringLiteral("cannot read the kubeconfig kube-sandbox wrote at %1: %2").arg(path, QString::fromUtf8(e.what()));
        return false;
    }
    if (m_caCertificates.isEmpty() || m_adminToken.isEmpty()) {
        m_error = QStringLiteral("the kubeconfig at %1 lacks the CA (certificate-authority[-data]) or the admin token").arg(path);
        return false;
    }
    m_network->clearConnectionCache();
    return true;
}

int SandboxProcess::stop(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        const bool exited = QTest::qWaitFor([this] { return m_process->state() == QProcess::NotRunning; }, timeoutMs);
        if (!exited) {
            m_error = QStringLiteral("kube-sandbox did not exit within %1 ms of SIGTERM").arg(timeoutMs);
            kill();
            return -1;
        }
    }
    m_stdout += m_process->readAllStandardOutput();
    m_stderr += m_process->readAllStandardError();
    m_network->clearConnectionCache();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void SandboxProcess::kill()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_network->clearConnectionCache();
}

bool SandboxProcess::restart(int timeoutMs)
{
    const quint16 previousPort = port();
    if (isRunning())
        stop();
    // Same port first, so clients holding the old URL reconnect; a free port if it was taken meanwhile.
    if (previousPort != 0 && launch(previousPort, timeoutMs))
        return true;
    return launch(0, timeoutMs);
}

bool SandboxProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 SandboxProcess::pid() const
{
    return isRunning() ? m_process->processId() : 0;
}

QUrl SandboxProcess::url() const
{
    return m_url;
}

quint16 SandboxProcess::port() const
{
    return m_url.isValid() ? quint16(m_url.port()) : 0;
}

QString SandboxProcess::kubeconfigPath() const
{
    return QDir(tempPath()).filePath(QStringLiteral("kubeconfig"));
}

QByteArray SandboxProcess::adminToken() const
{
    return m_adminToken;
}

QByteArray SandboxProcess::caCertificatePem() const
{
    return m_caPem;
}

QList<QSslCertificate> SandboxProcess::caCertificates() const
{
    return m_caCertificates;
}

QString SandboxProcess::tempPath() const
{
    return m_tempDir->path();
}

QString SandboxProcess::errorString() const
{
    return m_error;
}

QByteArray SandboxProcess::standardError() const
{
    if (m_process)
        m_stderr += m_process->readAllStandardError();
    return m_stderr;
}

QByteArray SandboxProcess::standardOutput() const
{
    return m_stdout;
}

QNetworkRequest SandboxProcess::networkRequest(const QString &pathAndQuery, const QByteArray &accept,
                                               bool authenticate) const
{
    // fromEncoded keeps the caller's percent-encoding as written (selectors, resourceVersions).
    QNetworkRequest request(QUrl::fromEncoded(m_url.toEncoded() + pathAndQuery.toUtf8(), QUrl::TolerantMode));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(m_caCertificates);
    tls.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    request.setSslConfiguration(tls);
    // The sandbox speaks HTTP/1.1 only; no redirects exist in the API, so a redirect would be a bug to see.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!accept.isEmpty())
        request.setRawHeader("Accept", accept);
    if (authenticate)
        request.setRawHeader("Authorization", "Bearer " + m_adminToken);
    return request;
}

HttpReply SandboxProcess::request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                  const QByteArray &contentType, const QByteArray &accept,
                                  const QList<QPair<QByteArray, QByteArray>> &extraHeaders, bool authenticate,
                                  int timeoutMs)
{
    HttpReply result;
    if (!m_url.isValid()) {
        result.errorString = QStringLiteral("kube-sandbox is not running");
        return result;
    }
    QNetworkRequest request = networkRequest(pathAndQuery, accept, authenticate);
    if (!contentType.isEmpty())
        request.setRawHeader("Content-Type", contentType);
    for (const auto &[name, value] : extraHeaders)
        request.setRawHeader(name, value);

    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        reply->abort();
    });
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError)
        result.errorString = reply->errorString();
    reply->deleteLater();
    return result;
}

HttpReply SandboxProcess::requestJson(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body,
                                      const QByteArray &contentType)
{
    return request(method, pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact), contentType);
}

bool SandboxProcess::setFault(const QJsonObject &fault)
{
    const HttpReply reply = requestJson("POST", QStringLiteral("/sandbox/faults"), fault);
    if (reply.status / 100 != 2)
        m_error = QStringLiteral("POST /sandbox/faults: ") + reply.describe();
    return reply.status / 100 == 2;
}

bool SandboxProcess::setFaultForUser(const QString &user, const QJsonObject &fault)
{
    QJsonObject targeted = fault;
    targeted.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("user"), user}});
    return setFault(targeted);
}

bool SandboxProcess::setFaultForUserAgent(const QString &userAgentPrefix, const QJsonObject &fault)
{
    QJsonObject targeted = fault;
    targeted.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("userAgent"), userAgentPrefix}});
    return setFault(targeted);
}

QJsonArray SandboxProcess::writes(const QUrlQuery &filter)
{
    const QString query = filter.isEmpty() ? QString() : QLatin1Char('?') + filter.toString(QUrl::FullyEncoded);
    const HttpReply reply = request("GET", QStringLiteral("/sandbox/writes") + query);
    if (reply.status != 200)
        m_error = QStringLiteral("GET /sandbox/writes: ") + reply.describe();
    return reply.status == 200 ? reply.json().value(QStringLiteral("items")).toArray() : QJsonArray();
}

bool SandboxProcess::clearWrites()
{
    const HttpReply reply = requestJson("POST", QStringLiteral("/sandbox/writes"), QJsonObject{{QStringLiteral("reset"), true}});
    if (reply.status != 200)
        m_error = QStringLiteral("POST /sandbox/writes: ") + reply.describe();
    return reply.status == 200;
}

QJsonObject SandboxProcess::stats()
{
    const HttpReply reply = request("GET", QStringLiteral("/sandbox/stats"));
    if (reply.status != 200)
        m_error = QStringLiteral("GET /sandbox/stats: ") + reply.describe();
    return reply.status == 200 ? reply.json() : QJsonObject();
}

bool SandboxProcess::issueClientCertificate(const QString &user, const QStringList &groups, QByteArray *certificatePem,
                                            QByteArray *keyPem)
{
    // The CA lives beside the data file, so only a sandbox with --data can issue certificates.
    if (m_dataFile.isEmpty()) {
        m_error = QStringLiteral("issueClientCertificate needs setDataFile(): an --ephemeral sandbox keeps its CA in memory");
        return false;
    }
    const QString outDir = QDir(tempPath()).filePath(QStringLiteral("client-cert-") + user);
    QDir().mkpath(outDir);
    QString subject = user;
    if (!groups.isEmpty())
        subject += QLatin1Char(':') + groups.join(QLatin1Char(','));
    QProcess issuer;
    issuer.start(executablePath(), {QStringLiteral("--data"), m_dataFile, QStringLiteral("--issue-client-cert"), subject,
                                    QStringLiteral("--out-dir"), outDir});
    if (!issuer.waitForFinished(30000) || issuer.exitStatus() != QProcess::NormalExit || issuer.exitCode() != 0) {
        m_error = QStringLiteral("kube-sandbox --issue-client-cert %1 failed: %2 %3")
                      .arg(subject, issuer.errorString(), tail(issuer.readAllStandardError()));
        return false;
    }
    // Tell certificate and key apart by content, not by file name.
    certificatePem->clear();
    keyPem->clear();
    const QFileInfoList files = QDir(outDir).entryInfoList(QDir::Files);
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        if (content.contains("PRIVATE KEY-----"))
            *keyPem = content;
        else if (content.contains("-----BEGIN CERTIFICATE-----"))
            *certificatePem = content;
    }
    if (certificatePem->isEmpty() || keyPem->isEmpty()) {
        m_error = QStringLiteral("kube-sandbox --issue-client-cert wrote no certificate and key PEM files into %1").arg(outDir);
        return false;
    }
    return true;
}

} // namespace cvc::testsupport
