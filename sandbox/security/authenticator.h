#pragma once

#include "userinfo.h"

#include <utility>

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <functional>
#include <optional>

namespace cvc {
struct HttpRequest;
}

namespace cvc::sandbox {

class CertificateAuthority;

// Finds the user behind a request, the way kube-apiserver's authenticators do: a bearer token
// (the admin token or one from a token file), basic auth from a password file, or a client
// certificate signed by the sandbox CA. No user means the server answers 401.
class Authenticator
{
public:
    static constexpr auto AdminUser = "sandbox-admin";
    static constexpr auto AdminGroup = "system:masters";

    // The CA (may be null: no client-certificate authentication) must outlive the authenticator.
    explicit Authenticator(const CertificateAuthority *ca = nullptr);

    // 64 hex digits from OpenSSL's random generator.
    static QString randomToken();
    // Makes a new random admin token (user sandbox-admin, group system:masters) and returns it.
    QString generateAdminToken();
    void setAdminToken(const QString &token);
    QString adminToken() const;

    // kube-apiserver --token-auth-file: token,user,uid[,"group1,group2"]. Replaces earlier file
    // tokens. On a malformed line nothing is loaded and error names the file and line.
    bool loadTokenFile(const QString &path, QString *error = nullptr);
    // The old --basic-auth-file: password,user,uid[,"group1,group2"].
    bool loadBasicAuthFile(const QString &path, QString *error = nullptr);
    // Programmatic additions (tests, the --issue flags).
    void addToken(const QString &token, const UserInfo &user);
    // A token of ServiceAccount NS/NAME (UserInfo::serviceAccount), valid until `expires` (never
    // when invalid) and, once a lookup is set, only while that ServiceAccount exists, as
    // kube-apiserver's --service-account-lookup checks.
    void addServiceAccountToken(const QString &token, const QString &ns, const QString &name, const QDateTime &expires = {});
    void setServiceAccountLookup(std::function<bool(const QString &ns, const QString &name)> exists);
    void addBasicUser(const QString &password, const UserInfo &user);

    // In kube-apiserver's order: a client certificate signed by the CA, then basic auth, then a
    // bearer token; the first that succeeds wins (a valid certificate beats a wrong token).
    // Every user also gets the group system:authenticated, as kube-apiserver adds it. Only the
    // admin token sets UserInfo::adminToken, whatever name another credential carries.
    std::optional<UserInfo> authenticate(const HttpRequest &request) const;

private:
    std::optional<UserInfo> authenticateBearer(const QByteArray &token) const;
    std::optional<UserInfo> authenticateBasic(const QByteArray &credentials) const;
    std::optional<UserInfo> authenticateCertificate(const HttpRequest &request) const;

    const CertificateAuthority *m_ca;
    QString m_adminToken;
    QHash<QString, UserInfo> m_fileTokens;
    QHash<QString, UserInfo> m_extraTokens;
    struct ServiceAccountToken
    {
        QString ns;
        QString name;
        QDateTime expires;
    };
    QHash<QString, ServiceAccountToken> m_serviceAccountTokens;
    std::function<bool(const QString &, const QString &)> m_serviceAccountExists;
    QHash<QString, std::pair<QString, UserInfo>> m_fileBasicUsers;   // user name → (password, user)
    QHash<QString, std::pair<QString, UserInfo>> m_extraBasicUsers;
};

} // namespace cvc::sandbox
