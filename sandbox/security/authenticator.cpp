#include "authenticator.h"

#include "certificateauthority.h"
#include "credentialfile.h"
#include "httprequest.h"

#include <QLoggingCategory>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

namespace cvc::sandbox {

Q_LOGGING_CATEGORY(lcAuthenticator, "cvc.sandbox.auth")

namespace {

const QString AuthenticatedGroup = QStringLiteral("system:authenticated");

UserInfo withAuthenticatedGroup(UserInfo user)
{
    if (!user.groups.contains(AuthenticatedGroup))
        user.groups.append(AuthenticatedGroup);
    return user;
}

// Compares secrets in time independent of where they differ.
bool secretsEqual(const QString &a, const QString &b)
{
    const QByteArray left = a.toUtf8();
    const QByteArray right = b.toUtf8();
    return left.size() == right.size() && CRYPTO_memcmp(left.constData(), right.constData(), left.size()) == 0;
}

// User and groups as kube-apiserver's x509 authenticator reads them: CN (the last one, as Go's
// pkix.Name does) and every O in the order of the subject.
std::optional<UserInfo> userFromCertificate(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    const auto *data = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *cert = d2i_X509(nullptr, &data, long(der.size()));
    if (!cert)
        return std::nullopt;
    UserInfo user;
    const X509_NAME *subject = X509_get_subject_name(cert);
    for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(subject, i);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
        if (nid != NID_commonName && nid != NID_organizationName)
            continue;
        unsigned char *utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
        if (length < 0)
            continue;
        const QString value = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
        OPENSSL_free(utf8);
        if (nid == NID_commonName)
            user.name = value;
        else
            user.groups.append(value);
    }
    X509_free(cert);
    if (user.name.isEmpty())
        return std::nullopt;
    return user;
}

// A file line may name its user sandbox-admin, but that user is an ordinary one: only the admin
// token opens the admin endpoints. Said at load, so nobody relies on it.
void warnIfAdminName(const QString &path, const CredentialRecord &record)
{
    if (record.user.name == QLatin1String(Authenticator::AdminUser))
        qCWarning(lcAuthenticator, "%s:%d: user %s is an ordinary user here; only the admin token may use the "
                                   "/sandbox admin endpoints", qPrintable(path), record.line, Authenticator::AdminUser);
}

} // namespace

Authenticator::Authenticator(const CertificateAuthority *ca) : m_ca(ca) {}

QString Authenticator::randomToken()
{
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        qFatal("cannot get random bytes for a token");
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes).toHex());
}

QString Authenticator::generateAdminToken()
{
    m_adminToken = randomToken();
    return m_adminToken;
}

void Authenticator::setAdminToken(const QString &token)
{
    m_adminToken = token;
}

QString Authenticator::adminToken() const
{
    return m_adminToken;
}

bool Authenticator::loadTokenFile(const QString &path, QString *error)
{
    const auto records = CredentialFile::load(path, error);
    if (!records)
        return false;
    QHash<QString, UserInfo> tokens;
    for (const CredentialRecord &record : *records) {
        if (tokens.contains(record.secret))
            qCWarning(lcAuthenticator, "%s:%d: duplicate token; the later line wins", qPrintable(path), record.line);
        warnIfAdminName(path, record);
        tokens.insert(record.secret, record.user);
    }
    m_fileTokens = tokens;
    return true;
}

bool Authenticator::loadBasicAuthFile(const QString &path, QString *error)
{
    const auto records = CredentialFile::load(path, error);
    if (!records)
        return false;
    QHash<QString, std::pair<QString, UserInfo>> users;
    for (const CredentialRecord &record : *records) {
        if (users.contains(record.user.name))
            qCWarning(lcAuthenticator, "%s:%d: duplicate user %s; the later line wins", qPrintable(path),
                      record.line, qPrintable(record.user.name));
        warnIfAdminName(path, record);
        users.insert(record.user.name, {record.secret, record.user});
    }
    m_fileBasicUsers = users;
    return true;
}

void Authenticator::addToken(const QString &token, const UserInfo &user)
{
    UserInfo ordinary = user;
    ordinary.adminToken = false;   // only generateAdminToken()/setAdminToken() make an admin
    m_extraTokens.insert(token, ordinary);
}

void Authenticator::addServiceAccountToken(const QString &token, const QString &ns, const QString &name, const QDateTime &expires)
{
    m_serviceAccountTokens.insert(token, {ns, name, expires});
}

void Authenticator::setServiceAccountLookup(std::function<bool(const QString &, const QString &)> exists)
{
    m_serviceAccountExists = std::move(exists);
}

void Authenticator::addBasicUser(const QString &password, const UserInfo &user)
{
    UserInfo ordinary = user;
    ordinary.adminToken = false;
    m_extraBasicUsers.insert(user.name, {password, ordinary});
}

std::optional<UserInfo> Authenticator::authenticate(const HttpRequest &request) const
{
    if (auto user = authenticateCertificate(request))
        return withAuthenticatedGroup(*user);
    const QByteArray authorization = request.header("Authorization");
    const qsizetype space = authorization.indexOf(' ');
    if (space <= 0)
        return std::nullopt;
    const QByteArray scheme = authorization.left(space).toLower();
    const QByteArray credentials = authorization.mid(space + 1).trimmed();
    std::optional<UserInfo> user;
    if (scheme == "basic")
        user = authenticateBasic(credentials);
    else if (scheme == "bearer")
        user = authenticateBearer(credentials);
    if (!user)
        return std::nullopt;
    return withAuthenticatedGroup(*user);
}

std::optional<UserInfo> Authenticator::authenticateBearer(const QByteArray &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    const QString text = QString::fromUtf8(token);
    if (!m_adminToken.isEmpty() && secretsEqual(text, m_adminToken))
        return UserInfo{QString::fromLatin1(AdminUser), QString::fromLatin1(AdminUser),
                        {QString::fromLatin1(AdminGroup)}, true};
    if (auto it = m_extraTokens.constFind(text); it != m_extraTokens.constEnd())
        return *it;
    if (auto it = m_serviceAccountTokens.constFind(text); it != m_serviceAccountTokens.constEnd()) {
        if (it->expires.isValid() && it->expires <= QDateTime::currentDateTimeUtc())
            return std::nullopt;
        if (m_serviceAccountExists && !m_serviceAccountExists(it->ns, it->name))
            return std::nullopt;
        return UserInfo::serviceAccount(it->ns, it->name);
    }
    if (auto it = m_fileTokens.constFind(text); it != m_fileTokens.constEnd())
        return *it;
    return std::nullopt;
}

std::optional<UserInfo> Authenticator::authenticateBasic(const QByteArray &credentials) const
{
    const auto result = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    const QByteArray &decoded = *result;
    const qsizetype colon = decoded.indexOf(':');
    if (colon <= 0)
        return std::nullopt;
    const QString name = QString::fromUtf8(decoded.left(colon));
    const QString password = QString::fromUtf8(decoded.mid(colon + 1));
    for (const auto *users : {&m_extraBasicUsers, &m_fileBasicUsers}) {
        const auto it = users->constFind(name);
        if (it != users->constEnd() && secretsEqual(password, it->first))
            return it->second;
    }
    return std::nullopt;
}

std::optional<UserInfo> Authenticator::authenticateCertificate(const HttpRequest &request) const
{
    if (!m_ca || request.peerCertificate.isNull())
        return std::nullopt;
    QString problem;
    if (!m_ca->verifyClientCertificate(request.peerCertificate, &problem)) {
        // The reason only, never the certificate.
        qCDebug(lcAuthenticator) << "client certificate from" << request.peerAddress << "rejected:" << problem;
        return std::nullopt;
    }
    return userFromCertificate(request.peerCertificate);
}

} // namespace cvc::sandbox
