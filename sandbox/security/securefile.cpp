#include "securefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cvc::sandbox {

namespace {

constexpr QFileDevice::Permissions OwnerBits = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions OthersBits = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

bool exists(const QString &path)
{
    // QFileInfo follows links: a dangling symlink "does not exist" but still blocks O_EXCL.
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}

} // namespace

bool SecureFile::writeNew(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions,
                          QString *error)
{
    QFile file(path);
    // NewOnly is O_CREAT|O_EXCL and the permissions go to open(2): the mode is right from the
    // first moment, and a planted file or symlink makes the open fail instead of being written.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions)) {
        *error = exists(path) ? QStringLiteral("%1 already exists (a file or a symlink); remove it or choose another "
                                               "place: nothing is written into a file or link that is already there")
                                    .arg(path)
                              : QStringLiteral("%1: cannot create: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(data) != data.size() || !file.flush()) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        file.close();
        file.remove();
        return false;
    }
    file.close();
    if (file.error() != QFileDevice::NoError) {
        *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        file.remove();
        return false;
    }
    return true;
}

bool SecureFile::replace(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions,
                         QString *error)
{
    const QFileInfo target(path);
    const QDir dir = target.absoluteDir();
    QString temporary;
    QString problem;
    // A fresh name each try: a name someone else already took only costs another try.
    for (int attempt = 0; attempt < 16 && temporary.isEmpty(); ++attempt) {
        const QString candidate = dir.filePath(QStringLiteral(".%1.%2.tmp")
                                                   .arg(target.fileName())
                                                   .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0')));
        if (writeNew(candidate, data, permissions, &problem))
            temporary = candidate;
        else if (!exists(candidate))
            break;   // not a name clash: the folder is not writable or the disk is full
    }
    if (temporary.isEmpty()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, problem);
        return false;
    }
    // rename(2) replaces atomically and never follows a symlink at the destination; QFile::rename
    // would refuse an existing destination.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        const int code = errno;
        QFile::remove(temporary);
        *error = QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(code)));
        return false;
    }
    return true;
}

bool SecureFile::restrictToOwner(const QString &path, bool createIfMissing, QString *error)
{
    if (createIfMissing) {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerOnly))
            return true;
        if (!exists(path)) {
            *error = QStringLiteral("%1: cannot create: %2").arg(path, file.errorString());
            return false;
        }
    } else if (!exists(path)) {
        return true;
    }
    const QFileDevice::Permissions permissions = QFileInfo(path).permissions();
    if (!(permissions & OthersBits))
        return true;
    if (!QFile::setPermissions(path, permissions & OwnerBits)) {
        *error = QStringLiteral("%1 is readable by others and cannot be made private (chmod 600 failed)").arg(path);
        return false;
    }
    return true;
}

bool SecureFile::makePrivateFolder(const QString &path, bool tightenExisting, QString *error)
{
    const QFileInfo info(QDir::cleanPath(path));
    if (info.isDir()) {
        if (!tightenExisting || !(info.permissions() & OthersBits))
            return true;
        if (!QFile::setPermissions(path, OwnerBits)) {
            *error = QStringLiteral("%1 is open to others and cannot be made private (chmod 700 failed)").arg(path);
            return false;
        }
        return true;
    }
    if (exists(path)) {
        *error = QStringLiteral("%1 exists and is not a folder").arg(path);
        return false;
    }
    const QString parent = info.absolutePath();
    if (!QDir().mkpath(parent) || !QDir(parent).mkdir(info.fileName(), OwnerBits)) {
        *error = QStringLiteral("cannot create the folder %1").arg(path);
        return false;
    }
    return true;
}

bool SecureFile::isSafeFileName(const QString &name, QString *reason)
{
    if (name.isEmpty())
        *reason = QStringLiteral("is empty");
    else if (name.contains(QLatin1Char('/')))
        *reason = QStringLiteral("contains \"/\"");
    else if (name.contains(QLatin1String("..")))
        *reason = QStringLiteral("contains \"..\"");
    else
        return true;
    return false;
}

} // namespace cvc::sandbox
