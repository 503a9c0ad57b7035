#include "tlsconfiguration.h"

#include "certificateauthority.h"

#include <QSslSocket>

namespace cvc::sandbox {

QSslKey privateKeyFromPem(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

QSslConfiguration makeServerTlsConfiguration(const CertificateAuthority &ca, const QStringList &extraHosts,
                                             QString *error)
{
    QString problem;
    const auto issued = ca.issueServerCertificate(extraHosts, &problem);
    if (!issued) {
        if (error)
            *error = problem;
        return {};
    }
    const QSslKey key = privateKeyFromPem(issued->privateKeyPem);
    const QSslCertificate certificate(issued->certificatePem, QSsl::Pem);
    if (key.isNull() || certificate.isNull()) {
        if (error)
            *error = QStringLiteral("Qt cannot read the issued server certificate or key");
        return {};
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate);
    config.setPrivateKey(key);
    // Our CA only: it is what client certificates are checked against (and named to clients).
    config.setCaCertificates({ca.certificate()});
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    config.setPeerVerifyMode(QSslSocket::QueryPeer);
    return config;
}

} // namespace cvc::sandbox
