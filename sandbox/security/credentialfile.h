#pragma once

#include "userinfo.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

// One line of a kube-apiserver credential file: the secret (token or password) and its user.
struct CredentialRecord {
    QString secret;
    UserInfo user;   // groups as written, without system:authenticated
    int line = 0;
};

// Reads the CSV files of kube-apiserver's --token-auth-file (token,user,uid[,"g1,g2"]) and the
// old --basic-auth-file (password,user,uid[,"g1,g2"]) with Go's encoding/csv rules: quoted
// fields with "" escapes, leading spaces trimmed, blank lines skipped, extra columns ignored.
class CredentialFile
{
public:
    // nullopt and error "<file>:<line>: <what>" on the first malformed line. Error messages
    // never quote a secret.
    static std::optional<QList<CredentialRecord>> parse(const QByteArray &content,
                                                        const QString &fileName,
                                                        QString *error = nullptr);
    static std::optional<QList<CredentialRecord>> load(const QString &path, QString *error = nullptr);
};

} // namespace cvc::sandbox
