#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace cvc::testsupport {

class SandboxProcess;

// Builds a kubeconfig with one cluster, one user and one context (`test`) for a chosen kind of
// credential, and writes it with mode 0600. The file is JSON, which is valid YAML for kubectl,
// python3-kubernetes and our own loader.
//
//   TempKubeconfig config = TempKubeconfig::forSandbox(sandbox);   // server and CA from the sandbox
//   config.setBasicAuth("bob", "s3cret");
//   QVERIFY(config.writeTo(sandbox.tempPath() + "/basic.kubeconfig"));
class TempKubeconfig
{
public:
    // How an exec credential plugin is configured (users[].user.exec).
    struct Exec
    {
        QString command;
        QStringList args;
        QString apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        QList<QPair<QString, QString>> env;
        QString interactiveMode = QStringLiteral("Never");  // empty = leave the field out
        bool provideClusterInfo = false;
        // Written as the cluster extension `client.authentication.k8s.io/exec`; plugins get it as
        // spec.cluster.config when provideClusterInfo is set. Empty = no extension.
        QJsonObject clusterConfig;
    };

    TempKubeconfig();
    static TempKubeconfig forSandbox(const SandboxProcess &sandbox);

    void setServer(const QUrl &server);
    void setCertificateAuthorityPem(const QByteArray &pem);   // certificate-authority-data
    void setCertificateAuthorityFile(const QString &path);    // certificate-authority (instead of -data)
    void setNamespace(const QString &ns);

    // Exactly one credential kind is active; each setter replaces the previous one.
    void setToken(const QByteArray &token);
    void setTokenFile(const QString &path);
    void setBasicAuth(const QString &user, const QString &password);
    void setClientCertificate(const QByteArray &certificatePem, const QByteArray &keyPem);
    void setExec(const Exec &exec);
    void setNoCredentials();

    QJsonObject toJson() const;
    QByteArray toBytes() const;
    bool writeTo(const QString &path) const;

private:
    QUrl m_server;
    QByteArray m_caPem;
    QString m_caFile;
    QString m_namespace;
    QJsonObject m_user;
    QJsonObject m_clusterExtension;
};

} // namespace cvc::testsupport
