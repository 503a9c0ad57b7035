#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace cvc {

// An exec credential plugin as the kubeconfig user describes it (client.authentication.k8s.io v1/v1beta1).
struct ExecConfig
{
    QString command;             // as written; relative paths with a '/' already resolved against the file
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString apiVersion;          // client.authentication.k8s.io/v1 or /v1beta1
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode;     // Never, IfAvailable, Always
    QJsonObject clusterConfig;   // the cluster's "client.authentication.k8s.io/exec" extension
    int timeoutMs = 60000;

    bool isSet() const { return !command.isEmpty(); }
};

// Everything needed to talk to one cluster, resolved from kubeconfig files or the pod's service
// account (like client-go's rest.Config). Holds secrets: never print it; use describe().
struct ClientConfig
{
    enum class AuthKind { None, Token, TokenFile, Basic, ClientCertificate, Exec, ServiceAccount };

    QUrl server;                 // may carry a path prefix
    QString contextName;         // "" when in-cluster
    QString clusterName;
    QString userName;
    QString namespaceName;       // after --namespace > context > "default" (in-cluster: POD_NAMESPACE > file > default)
    QString sourceFile;          // kubeconfig file that defined the context (for messages)
    bool inCluster = false;

    // TLS
    QList<QSslCertificate> caCertificates; // empty: system trust store
    QByteArray caPem;                     // the CA bundle as read, for exec plugins' cluster info
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QUrl proxyUrl;
    bool disableCompression = false;

    // Credentials
    AuthKind authKind = AuthKind::None;
    QString token;               // Token, or fallback for TokenFile
    QString tokenFile;           // TokenFile / ServiceAccount: re-read when it changes
    QString username;
    QString password;
    QSslCertificate clientCertificate; // may accompany any auth kind
    QSslKey clientKey;
    QString clientCertificateSource; // file name or "client-certificate-data" (for messages)
    ExecConfig exec;

    QStringList warnings;        // e.g. insecure-skip-tls-verify: shown to the user, never secret

    // "bearer token", "token file /x/token", "client certificate (CN=admin)", "basic auth (user bob)",
    // "exec plugin aws (client.authentication.k8s.io/v1)", "in-cluster service account token"
    QString authDescription() const;
};

} // namespace cvc
