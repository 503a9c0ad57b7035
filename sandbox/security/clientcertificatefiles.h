#pragma once

#include "issuedcertificate.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// Puts an issued client certificate on disk for `kube-sandbox --issue-client-cert`: DIR/USER.key
// (0600), DIR/USER.crt and DIR/ca.crt. The out folder may be shared with other people, so nothing
// is written into a file or symlink that is already there; only an identical ca.crt (the same CA
// issued into the same folder before) is accepted as it is. On failure nothing new stays behind.
class ClientCertificateFiles
{
public:
    // True if `user` can name the files: no "/" or "..", not empty. Otherwise *error says why.
    static bool checkUser(const QString &user, QString *error);
    // The files a successful write() produces for `user` in `outDir`, key first.
    static QStringList paths(const QString &outDir, const QString &user);
    // Fails for user names checkUser() refuses and for existing files;
    // *error names the file or the user.
    static bool write(const QString &outDir, const QString &user, const IssuedCertificate &issued,
                      const QByteArray &caPem, QString *error);
};

} // namespace cvc::sandbox
