#pragma once

#include <QByteArray>

namespace cvc::sandbox {

// A certificate and its private key as PEM, as kubeconfig's client-certificate-data and
// client-key-data want them. The key is secret: never log it.
struct IssuedCertificate {
    QByteArray certificatePem;
    QByteArray privateKeyPem;   // PKCS#8 "BEGIN PRIVATE KEY"; EC P-256
};

} // namespace cvc::sandbox
