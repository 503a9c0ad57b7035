#include "tempkubeconfig.h"

#include "sandboxprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace cvc::testsupport {

namespace {
const QString kName = QStringLiteral("test");

QJsonArray named(const QString &key, const QJsonObject &value)
{
    return QJsonArray{QJsonObject{{QStringLiteral("name"), kName}, {key, value}}};
}
} // namespace

TempKubeconfig::TempKubeconfig() = default;

TempKubeconfig TempKubeconfig::forSandbox(const SandboxProcess &sandbox)
{
    TempKubeconfig config;
    config.setServer(sandbox.url());
    config.setCertificateAuthorityPem(sandbox.caCertificatePem());
    return config;
}

void TempKubeconfig::setServer(const QUrl &server)
{
    m_server = server;
}

void TempKubeconfig::setCertificateAuthorityPem(const QByteArray &pem)
{
    m_caPem = pem;
    m_caFile.clear();
}

void TempKubeconfig::setCertificateAuthorityFile(const QString &path)
{
    m_caFile = path;
    m_caPem.clear();
}

void TempKubeconfig::setNamespace(const QString &ns)
{
    m_namespace = ns;
}

void TempKubeconfig::setToken(const QByteArray &token)
{
    m_user = {{QStringLiteral("token"), QString::fromUtf8(token)}};
    m_clusterExtension = {};
}

void TempKubeconfig::setTokenFile(const QString &path)
{
    m_user = {{QStringLiteral("tokenFile"), path}};
    m_clusterExtension = {};
}

void TempKubeconfig::setBasicAuth(const QString &user, const QString &password)
{
    m_user = {{QStringLiteral("username"), user}, {QStringLiteral("password"), password}};
    m_clusterExtension = {};
}

void TempKubeconfig::setClientCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    m_user = {{QStringLiteral("client-certificate-data"), QString::fromLatin1(certificatePem.toBase64())},
              {QStringLiteral("client-key-data"), QString::fromLatin1(keyPem.toBase64())}};
    m_clusterExtension = {};
}

void TempKubeconfig::setExec(const Exec &exec)
{
    QJsonObject execJson{{QStringLiteral("apiVersion"), exec.apiVersion},
                         {QStringLiteral("command"), exec.command},
                         {QStringLiteral("args"), QJsonArray::fromStringList(exec.args)},
                         {QStringLiteral("provideClusterInfo"), exec.provideClusterInfo}};
    if (!exec.interactiveMode.isEmpty())
        execJson.insert(QStringLiteral("interactiveMode"), exec.interactiveMode);
    QJsonArray env;
    for (const auto &[name, value] : exec.env)
        env.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    execJson.insert(QStringLiteral("env"), env);
    m_user = {{QStringLiteral("exec"), execJson}};
    m_clusterExtension = exec.clusterConfig;
}

void TempKubeconfig::setNoCredentials()
{
    m_user = {};
    m_clusterExtension = {};
}

QJsonObject TempKubeconfig::toJson() const
{
    QJsonObject cluster{{QStringLiteral("server"), m_server.toString()}};
    if (!m_caPem.isEmpty())
        cluster.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(m_caPem.toBase64()));
    if (!m_caFile.isEmpty())
        cluster.insert(QStringLiteral("certificate-authority"), m_caFile);
    if (!m_clusterExtension.isEmpty()) {
        cluster.insert(QStringLiteral("extensions"),
                       QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("client.authentication.k8s.io/exec")},
                                              {QStringLiteral("extension"), m_clusterExtension}}});
    }
    QJsonObject context{{QStringLiteral("cluster"), kName}, {QStringLiteral("user"), kName}};
    if (!m_namespace.isEmpty())
        context.insert(QStringLiteral("namespace"), m_namespace);
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Config")},
            {QStringLiteral("preferences"), QJsonObject()},
            {QStringLiteral("clusters"), named(QStringLiteral("cluster"), cluster)},
            {QStringLiteral("users"), named(QStringLiteral("user"), m_user)},
            {QStringLiteral("contexts"), named(QStringLiteral("context"), context)},
            {QStringLiteral("current-context"), kName}};
}

QByteArray TempKubeconfig::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

bool TempKubeconfig::writeTo(const QString &path) const
{
    QFile file(path);
    // Restrict the mode before any credential reaches the disk.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(toBytes()) >= 0 && file.flush();
}

} // namespace cvc::testsupport
