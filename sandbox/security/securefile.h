#pragma once

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace cvc::sandbox {

// Writes files that hold secrets (keys, tokens, kubeconfigs, the database) so that nobody else can
// read them even for a moment or make us write through a file they prepared: each file is created
// with its final mode by open(2) itself (O_CREAT|O_EXCL, never a chmod afterwards), every write is
// checked, and a file left half-written by a failure is removed again. Errors name the file.
class SecureFile
{
public:
    static constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    static constexpr QFileDevice::Permissions PublicReadable =
        OwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;

    // Creates `path` with `data`. Fails if anything is there already, a symlink (even a dangling
    // one) included, so a file or link someone planted is never written through.
    static bool writeNew(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions,
                         QString *error);
    // Replaces `path` atomically: a new file beside it (created as writeNew does), renamed over the
    // old one. A symlink at `path` is replaced, not followed. For files rewritten on every start.
    static bool replace(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions,
                        QString *error);
    // For a file another library creates and fills (SQLite): creates it empty and owner-only when
    // missing (with `createIfMissing`), and takes group and other access away from an existing one,
    // which an older version may have left readable. A missing file without `createIfMissing` is fine.
    static bool restrictToOwner(const QString &path, bool createIfMissing, QString *error);
    // Creates the folder `path` (and missing parents), the folder itself owner-only (0700) from the
    // start. With `tightenExisting` an existing folder loses group and other access (folders that
    // are ours alone, like the state folder); otherwise it is left as it is (a user's /tmp).
    static bool makePrivateFolder(const QString &path, bool tightenExisting, QString *error);
    // A file name made of a user name (--issue-client-cert): true if it stays inside its folder.
    // Refuses empty names, "/" and "..", and says why in *reason.
    static bool isSafeFileName(const QString &name, QString *reason);
};

} // namespace cvc::sandbox
