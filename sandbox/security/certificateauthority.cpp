#include "certificateauthority.h"

#include "securefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace cvc::sandbox {

namespace {

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
    void operator()(X509_STORE *p) const { X509_STORE_free(p); }
    void operator()(X509_STORE_CTX *p) const { X509_STORE_CTX_free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;
using CertPtr = std::unique_ptr<X509, Free>;
using BioPtr = std::unique_ptr<BIO, Free>;

constexpr long Day = 24 * 60 * 60;
constexpr long CaValidity = 10 * 365 * Day + 3 * Day;   // ten years, leap days included
constexpr long LeafValidity = 365 * Day;
constexpr long BackdateSeconds = 60 * 60;              // tolerate clients whose clock is behind
const char *const CaCommonName = "kube-sandbox-ca";

// The last OpenSSL error as text (queue cleared), for messages a person can act on.
QString opensslError()
{
    QString text;
    while (unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = QString::fromLatin1(buffer);
    }
    return text.isEmpty() ? QStringLiteral("unknown OpenSSL error") : text;
}

KeyPtr generateKey()
{
    return KeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

QByteArray certificateToPem(X509 *cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray keyToPem(EVP_PKEY *key)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioContents(bio.get());
}

// A random positive 127-bit serial, as RFC 5280 wants unique serials and at most 20 octets.
bool setRandomSerial(X509 *cert)
{
    std::unique_ptr<BIGNUM, Free> serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
        return false;
    return BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool addNameEntry(X509_NAME *name, const char *field, const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(utf8.constData()),
                                      int(utf8.size()), -1, 0) == 1;
}

// A certificate skeleton: version 3, serial, validity, subject, issuer, public key.
CertPtr newCertificate(EVP_PKEY *publicKey, X509_NAME *subject, X509 *issuer, long validity)
{
    CertPtr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 || !setRandomSerial(cert.get()))
        return nullptr;
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -BackdateSeconds)
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), validity))
        return nullptr;
    if (X509_set_subject_name(cert.get(), subject) != 1
        || X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject) != 1
        || X509_set_pubkey(cert.get(), publicKey) != 1)
        return nullptr;
    return cert;
}

QByteArray readAll(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return {};
    }
    return file.readAll();
}

} // namespace

struct CertificateAuthority::Private {
    KeyPtr key;
    CertPtr cert;
    QString directory;
    QString error;

    bool create();

    std::optional<IssuedCertificate> issue(X509_NAME *subject, const QList<std::pair<int, QByteArray>> &extensions,
                                           QString *error) const;
};

CertificateAuthority::CertificateAuthority() : d(std::make_unique<Private>()) {}
CertificateAuthority::~CertificateAuthority() = default;
CertificateAuthority::CertificateAuthority(CertificateAuthority &&) noexcept = default;
CertificateAuthority &CertificateAuthority::operator=(CertificateAuthority &&) noexcept = default;

bool CertificateAuthority::isValid() const
{
    return d->key && d->cert;
}

QString CertificateAuthority::errorString() const
{
    return d->error;
}

QString CertificateAuthority::certificatePath() const
{
    return d->directory.isEmpty() ? QString() : QDir(d->directory).filePath(QStringLiteral("ca.crt"));
}

bool CertificateAuthority::createEphemeral()
{
    d->key.reset();
    d->cert.reset();
    d->error.clear();
    d->directory.clear();
    return d->create();
}

bool CertificateAuthority::Private::create()
{
    KeyPtr newKey = generateKey();
    if (!newKey) {
        error = QStringLiteral("cannot generate the CA key: %1").arg(opensslError());
        return false;
    }
    X509_NAME *name = X509_NAME_new();
    addNameEntry(name, "CN", QString::fromLatin1(CaCommonName));
    CertPtr newCert = newCertificate(newKey.get(), name, nullptr, CaValidity);
    X509_NAME_free(name);
    const bool ok = newCert
        && addExtension(newCert.get(), newCert.get(), NID_basic_constraints, "critical,CA:TRUE")
        && addExtension(newCert.get(), newCert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign")
        && addExtension(newCert.get(), newCert.get(), NID_subject_key_identifier, "hash")
        && X509_sign(newCert.get(), newKey.get(), EVP_sha256()) > 0;
    if (!ok) {
        error = QStringLiteral("cannot create the CA certificate: %1").arg(opensslError());
        return false;
    }
    key = std::move(newKey);
    cert = std::move(newCert);
    return true;
}

QSslCertificate CertificateAuthority::certificate() const
{
    return QSslCertificate(certificatePem(), QSsl::Pem);
}

QByteArray CertificateAuthority::certificatePem() const
{
    return d->cert ? certificateToPem(d->cert.get()) : QByteArray();
}

bool CertificateAuthority::loadOrCreate(const QString &directory)
{
    d->key.reset();
    d->cert.reset();
    d->error.clear();
    d->directory = directory;
    const QDir dir(directory);
    const QString certPath = dir.filePath(QStringLiteral("ca.crt"));
    const QString keyPath = dir.filePath(QStringLiteral("ca.key"));
    const bool haveCert = QFileInfo::exists(certPath);
    const bool haveKey = QFileInfo::exists(keyPath);

    if (haveCert != haveKey) {
        d->error = QStringLiteral("%1 exists but %2 does not: restore it or remove both to create a new CA")
                       .arg(haveCert ? certPath : keyPath, haveCert ? keyPath : certPath);
        return false;
    }

    if (haveCert) {
        const QByteArray certPem = readAll(certPath, &d->error);
        if (!d->error.isEmpty())
            return false;
        const QByteArray keyPem = readAll(keyPath, &d->error);
        if (!d->error.isEmpty())
            return false;
        BioPtr certBio(BIO_new_mem_buf(certPem.constData(), int(certPem.size())));
        CertPtr cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
        if (!cert) {
            d->error = QStringLiteral("%1: not a PEM certificate (%2)").arg(certPath, opensslError());
            return false;
        }
        BioPtr keyBio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())));
        KeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
        if (!key) {
            d->error = QStringLiteral("%1: not a PEM private key (%2)").arg(keyPath, opensslError());
            return false;
        }
        if (X509_check_private_key(cert.get(), key.get()) != 1) {
            ERR_clear_error();
            d->error = QStringLiteral("%1 does not belong to %2").arg(keyPath, certPath);
            return false;
        }
        // Someone may have copied the key with a loose umask: a CA key is for us alone.
        QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        d->cert = std::move(cert);
        d->key = std::move(key);
        return true;
    }

    if (!QDir().mkpath(directory)) {
        d->error = QStringLiteral("%1: cannot create the directory").arg(directory);
        return false;
    }
    if (!d->create())
        return false;
    const QByteArray keyPem = keyToPem(d->key.get());
    const QByteArray certPem = certificateToPem(d->cert.get());
    // The key first: a crash in between leaves a key without a certificate, which the next
    // start reports instead of silently making a second CA that old kubeconfigs do not trust.
    const bool written = SecureFile::writeNew(keyPath, keyPem, SecureFile::OwnerOnly, &d->error)
        && SecureFile::writeNew(certPath, certPem, SecureFile::PublicReadable, &d->error);
    if (!written) {
        d->key.reset();
        d->cert.reset();
        return false;
    }
    return true;
}

std::optional<IssuedCertificate> CertificateAuthority::Private::issue(
    X509_NAME *subject, const QList<std::pair<int, QByteArray>> &extensions, QString *error) const
{
    auto fail = [error](const QString &what) -> std::optional<IssuedCertificate> {
        if (error)
            *error = what;
        return std::nullopt;
    };
    if (!key || !cert)
        return fail(QStringLiteral("the certificate authority is not loaded"));
    KeyPtr leafKey = generateKey();
    if (!leafKey)
        return fail(QStringLiteral("cannot generate a key: %1").arg(opensslError()));
    CertPtr leaf = newCertificate(leafKey.get(), subject, cert.get(), LeafValidity);
    if (!leaf)
        return fail(QStringLiteral("cannot create a certificate: %1").arg(opensslError()));
    for (const auto &[nid, value] : extensions) {
        if (!addExtension(leaf.get(), cert.get(), nid, value))
            return fail(QStringLiteral("cannot add extension %1: %2")
                            .arg(QString::fromLatin1(OBJ_nid2sn(nid)), opensslError()));
    }
    if (X509_sign(leaf.get(), key.get(), EVP_sha256()) <= 0)
        return fail(QStringLiteral("cannot sign a certificate: %1").arg(opensslError()));
    return IssuedCertificate{certificateToPem(leaf.get()), keyToPem(leafKey.get())};
}

std::optional<IssuedCertificate> CertificateAuthority::issueServerCertificate(const QStringList &extraHosts,
                                                                              QString *error) const
{
    QStringList hosts{QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("localhost")};
    for (const QString &host : extraHosts) {
        if (!host.isEmpty() && !hosts.contains(host))
            hosts.append(host);
    }
    QStringList names;
    for (const QString &host : hosts) {
        const QHostAddress address(host);
        names.append(address.isNull() ? QStringLiteral("DNS:") + host
                                      : QStringLiteral("IP:") + address.toString());
    }
    X509_NAME *subject = X509_NAME_new();
    addNameEntry(subject, "CN", QStringLiteral("kube-sandbox"));
    auto issued = d->issue(subject,
                           {{NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                            {NID_ext_key_usage, "serverAuth"},
                            {NID_subject_key_identifier, "hash"},
                            {NID_authority_key_identifier, "keyid:always"},
                            // Go and Python match host names against these only, never the CN.
                            {NID_subject_alt_name, names.join(',').toUtf8()}},
                           error);
    X509_NAME_free(subject);
    return issued;
}

std::optional<IssuedCertificate> CertificateAuthority::issueClientCertificate(const QString &user,
                                                                              const QStringList &groups,
                                                                              QString *error) const
{
    if (user.isEmpty()) {
        if (error)
            *error = QStringLiteral("a client certificate needs a user name");
        return std::nullopt;
    }
    // kube-apiserver reads the user from CN and one group per O, in order.
    X509_NAME *subject = X509_NAME_new();
    bool named = true;
    for (const QString &group : groups)
        named = named && addNameEntry(subject, "O", group);
    named = named && addNameEntry(subject, "CN", user);
    if (!named) {
        X509_NAME_free(subject);
        if (error)
            *error = QStringLiteral("cannot use %1 or its groups as a certificate subject").arg(user);
        return std::nullopt;
    }
    auto issued = d->issue(subject,
                           {{NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                            {NID_ext_key_usage, "clientAuth"},
                            {NID_authority_key_identifier, "keyid:always"}},
                           error);
    X509_NAME_free(subject);
    return issued;
}

bool CertificateAuthority::verifyClientCertificate(const QSslCertificate &certificate, QString *error) const
{
    auto fail = [error](const QString &what) {
        if (error)
            *error = what;
        return false;
    };
    if (!isValid())
        return fail(QStringLiteral("the certificate authority is not loaded"));
    if (certificate.isNull())
        return fail(QStringLiteral("no client certificate"));
    const QByteArray der = certificate.toDer();
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    CertPtr leaf(d2i_X509(nullptr, &data, long(der.size())));
    if (!leaf)
        return fail(QStringLiteral("unreadable client certificate"));
    std::unique_ptr<X509_STORE, Free> store(X509_STORE_new());
    std::unique_ptr<X509_STORE_CTX, Free> context(X509_STORE_CTX_new());
    if (!store || !context || X509_STORE_add_cert(store.get(), d->cert.get()) != 1
        || X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr) != 1) {
        return fail(QStringLiteral("cannot verify: %1").arg(opensslError()));
    }
    // As kube-apiserver's x509 authenticator: chain to our CA, in date, usable for client auth.
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
    if (X509_verify_cert(context.get()) != 1) {
        const int code = X509_STORE_CTX_get_error(context.get());
        ERR_clear_error();
        return fail(QString::fromLatin1(X509_verify_cert_error_string(code)));
    }
    return true;
}

} // namespace cvc::sandbox
