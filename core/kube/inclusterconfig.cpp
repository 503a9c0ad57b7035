#include "inclusterconfig.h"

#include "kubeconfigfiles.h"

namespace cvc {

using kubeconfigfiles::quoted;
using kubeconfigfiles::readFileBytes;

std::optional<ClientConfig> InClusterConfig::load(const ConnectionOptions &options, QString *error)
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

} // namespace cvc
