#include "clientcertificatefiles.h"

#include "securefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace cvc::sandbox {

namespace {

// True if `path` is a plain file (not a symlink, which could lead anywhere) holding exactly `data`.
bool holdsExactly(const QString &path, const QByteArray &data)
{
    const QFileInfo info(path);
    if (info.isSymLink() || !info.isFile() || info.size() != data.size())
        return false;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(data.size() + 1) == data;
}

} // namespace

bool ClientCertificateFiles::checkUser(const QString &user, QString *error)
{
    QString reason;
    if (SecureFile::isSafeFileName(user, &reason))
        return true;
    *error = QStringLiteral("user name \"%1\" %2: it names the files USER.crt and USER.key in the out folder, "
                            "so it may not contain \"/\" or \"..\"")
                 .arg(user, reason);
    return false;
}

QStringList ClientCertificateFiles::paths(const QString &outDir, const QString &user)
{
    const QDir out(outDir);
    return {out.filePath(user + QStringLiteral(".key")), out.filePath(user + QStringLiteral(".crt")),
            out.filePath(QStringLiteral("ca.crt"))};
}

bool ClientCertificateFiles::write(const QString &outDir, const QString &user, const IssuedCertificate &issued,
                                   const QByteArray &caPem, QString *error)
{
    if (!checkUser(user, error))
        return false;
    if (!QDir().mkpath(outDir)) {
        *error = QStringLiteral("cannot create the folder %1").arg(outDir);
        return false;
    }
    const QStringList files = paths(outDir, user);
    const QString &keyPath = files.at(0);
    const QString &certPath = files.at(1);
    const QString &caPath = files.at(2);
    if (!SecureFile::writeNew(keyPath, issued.privateKeyPem, SecureFile::OwnerOnly, error))
        return false;
    if (!SecureFile::writeNew(certPath, issued.certificatePem, SecureFile::PublicReadable, error)) {
        QFile::remove(keyPath);
        return false;
    }
    if (holdsExactly(caPath, caPem))
        return true;
    if (!SecureFile::writeNew(caPath, caPem, SecureFile::PublicReadable, error)) {
        QFile::remove(keyPath);
        QFile::remove(certPath);
        return false;
    }
    return true;
}

} // namespace cvc::sandbox
