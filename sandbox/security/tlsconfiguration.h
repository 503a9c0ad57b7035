#pragma once

#include <QSslConfiguration>
#include <QSslKey>
#include <QStringList>

namespace cvc::sandbox {

class CertificateAuthority;

// The server side of the sandbox's TLS: a fresh server certificate from the CA for 127.0.0.1,
// ::1, localhost and extraHosts; the CA as the only CA for client certificates; ALPN http/1.1;
// client certificates requested, not required. A null configuration (and error set) on failure.
QSslConfiguration makeServerTlsConfiguration(const CertificateAuthority &ca,
                                             const QStringList &extraHosts = {},
                                             QString *error = nullptr);

// A PEM private key as QSslKey, which must be told the algorithm: tries RSA, then EC
// (PKCS#1, SEC1 or PKCS#8). Null if neither fits.
QSslKey privateKeyFromPem(const QByteArray &pem);

} // namespace cvc::sandbox
