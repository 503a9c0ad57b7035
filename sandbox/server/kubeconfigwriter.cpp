#include "kubeconfigwriter.h"

#include "security/securefile.h"

#include <QDir>
#include <QFileInfo>

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
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot write kubeconfig %1: cannot create its folder").arg(path);
        return false;
    }
    // It carries the admin token: a new file created owner-only, then renamed over the old one, so
    // there is no moment in which the token sits in a file others may open.
    QString problem;
    if (!SecureFile::replace(path, text.toUtf8(), SecureFile::OwnerOnly, &problem)) {
        *error = QStringLiteral("kubeconfig: %1").arg(problem);
        return false;
    }
    return true;
}

} // namespace cvc::sandbox
