#include "kubeconfigfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace cvc::kubeconfigfiles {

namespace {

// Kubeconfig files, certificates and keys are small; a path to a device or a huge file (a typo,
// /dev/zero) must fail with a message instead of hanging or eating memory.
constexpr qint64 MaxReferencedFileBytes = 16 * 1024 * 1024;

} // namespace

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString fileList(const QStringList &files)
{
    if (files.isEmpty())
        return QStringLiteral("(no kubeconfig file)");
    QStringList q;
    for (const QString &f : files)
        q << quoted(f);
    return q.join(QStringLiteral(", "));
}

QString resolvePath(const QString &path, const QString &definingFile)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QFileInfo(definingFile).absoluteDir().filePath(path));
}

bool readFileBytes(const QString &path, QByteArray *data, QString *reason)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        *reason = QStringLiteral("no such file");
        return false;
    }
    if (info.isDir()) {
        *reason = QStringLiteral("is a directory");
        return false;
    }
    if (!info.isFile()) {
        *reason = QStringLiteral("not a regular file");
        return false;
    }
    if (info.size() > MaxReferencedFileBytes) {
        *reason = QStringLiteral("larger than %1 MiB").arg(MaxReferencedFileBytes / (1024 * 1024));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *reason = file.errorString();
        return false;
    }
    // Not read(MaxReferencedFileBytes): that allocates the whole limit, 32 MiB, for every
    // kubeconfig, before reading a few kilobytes.
    *data = file.readAll();
    if (data->size() > MaxReferencedFileBytes) {   // it grew since the check above
        data->clear();
        *reason = QStringLiteral("larger than %1 MiB").arg(MaxReferencedFileBytes / (1024 * 1024));
        return false;
    }
    return true;
}

} // namespace cvc::kubeconfigfiles
