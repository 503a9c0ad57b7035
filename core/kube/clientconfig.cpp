#include "clientconfig.h"

#include <QFileInfo>

namespace cvc {

QString ClientConfig::authDescription() const
{
    QString text;
    switch (authKind) {
    case AuthKind::None:
        text = clientCertificate.isNull() ? QStringLiteral("none (anonymous)") : QString();
        break;
    case AuthKind::Token: text = QStringLiteral("bearer token"); break;
    case AuthKind::TokenFile: text = QStringLiteral("token file %1").arg(tokenFile); break;
    case AuthKind::Basic: text = QStringLiteral("basic auth (user %1)").arg(username); break;
    case AuthKind::ClientCertificate: break;
    case AuthKind::Exec:
        text = QStringLiteral("exec plugin %1 (%2)").arg(QFileInfo(exec.command).fileName(), exec.apiVersion);
        break;
    case AuthKind::ServiceAccount: text = QStringLiteral("in-cluster service account token"); break;
    }
    if (!clientCertificate.isNull()) {
        const QStringList cn = clientCertificate.subjectInfo(QSslCertificate::CommonName);
        const QString cert = QStringLiteral("client certificate (CN=%1)").arg(cn.value(0));
        text = text.isEmpty() ? cert : QString(text + QStringLiteral(" + ") + cert);
    }
    return text;
}

} // namespace cvc
