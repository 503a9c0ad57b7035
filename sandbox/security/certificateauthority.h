#pragma once

#include "issuedcertificate.h"

#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace cvc::sandbox {

// The sandbox's own CA: an EC P-256 key and a self-signed certificate valid for 10 years, kept
// as ca.crt and ca.key (mode 0600) in a directory beside the sandbox's data. It signs the
// server certificate and client certificates, and verifies client certificates.
class CertificateAuthority
{
public:
    CertificateAuthority();
    ~CertificateAuthority();
    CertificateAuthority(CertificateAuthority &&) noexcept;
    CertificateAuthority &operator=(CertificateAuthority &&) noexcept;

    // Loads directory/ca.crt and directory/ca.key, or creates both (and the directory) when
    // neither exists. Fails, naming the file, when only one exists or a file is unreadable.
    bool loadOrCreate(const QString &directory);
    // A CA kept in memory only (kube-sandbox --ephemeral, tests); certificatePath() is empty.
    bool createEphemeral();
    bool isValid() const;
    QString errorString() const;

    QSslCertificate certificate() const;
    QByteArray certificatePem() const;
    QString certificatePath() const;    // directory/ca.crt; empty for an ephemeral CA

    // A server certificate for 127.0.0.1, ::1, localhost and the given host names or addresses.
    std::optional<IssuedCertificate> issueServerCertificate(const QStringList &extraHosts = {},
                                                            QString *error = nullptr) const;
    // A client certificate: CN = user, one O per group, extended key usage clientAuth.
    std::optional<IssuedCertificate> issueClientCertificate(const QString &user,
                                                            const QStringList &groups = {},
                                                            QString *error = nullptr) const;
    // True if this CA signed the certificate, it is within its validity period and it allows
    // client authentication.
    bool verifyClientCertificate(const QSslCertificate &certificate, QString *error = nullptr) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace cvc::sandbox
