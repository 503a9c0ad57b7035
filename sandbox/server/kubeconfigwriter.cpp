#include "kubeconfigwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace cvc::sandbox {

bool KubeconfigWriter::write(const QString &path, const QString &serverUrl, const QByteArray &caPem,
                             const QString &token, QString *error)
{
    const QString text = QStringLiteral("apiVersion: v1\n"
                                        "kind: Config\n"
                                        "clusters:\n"
                                        "- name: kube-sandbox\n"
                                        "  cluster:\n"
                                        "    server: %1\n"
                                        "    certificate-authority-data: %2\n"
                                        "users:\n"
                                        "- name: kube-sandbox-admin\n"
                                        "  user:\n"
                                        "    token: %3\n"
                                        "contexts:\n"
                                        "- name: kube-sandbox\n"
                                        "  context:\n"
                                        "    cluster: kube-sandbox\n"
                                        "    user: kube-sandbox-admin\n"
                                        "    namespace: default\n"
                                        "current-context: kube-sandbox\n"
                                        "preferences: {}\n")
                             .arg(serverUrl, QString::fromLatin1(caPem.toBase64()), token);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write kubeconfig %1: %2").arg(path, file.errorString());
        return false;
    }
    // Restrict before the token is written, not after.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(text.toUtf8());
    if (!file.commit()) {
        *error = QStringLiteral("cannot write kubeconfig %1: %2").arg(path, file.errorString());
        return false;
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

} // namespace cvc::sandbox
