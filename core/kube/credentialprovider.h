#pragma once

#include "clientconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSslCertificate>
#include <QSslKey>
#include <functional>
#include <optional>

class QProcess;

namespace cvc {

// What goes on a request: an Authorization header value and/or a client certificate.
struct Credentials
{
    QByteArray authorization;    // "Bearer …" or "Basic …"; empty = none
    QSslCertificate certificate;
    QSslKey key;
};

// Produces credentials for each request from a ClientConfig: static token, token file (re-read
// when it changes), basic auth, client certificate, or an exec plugin (run asynchronously, cached
// until its expirationTimestamp, dropped after a 401). Errors name the kubeconfig user and file.
class CredentialProvider : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const Credentials &credentials, const QString &error)>;

    explicit CredentialProvider(const ClientConfig &config, QObject *parent = nullptr);
    ~CredentialProvider() override;

    // Calls done with current credentials (at once unless an exec plugin must run).
    void credentials(QObject *context, Callback done);
    // A request came back 401: forget cached exec credentials so the next request re-runs the plugin.
    void invalidate();

    // Where a bare exec command is found: the process PATH first, then the login shell's PATH
    // ($SHELL -lc 'command -v X'), so a desktop launch finds what the terminal finds.
    static QString findExecutable(const QString &command, const QProcessEnvironment &environment);
    // PATH as the user's login shell sets it ($SHELL -lc), cached per shell and HOME; "" if unknown.
    static QString loginShellPath(const QProcessEnvironment &environment);

Q_SIGNALS:
    // The certificate changed (exec plugin issued a new one): open connections must be dropped.
    void certificateChanged();

private:
    QString readTokenFile(QString *error);
    void runExecPlugin();
    void finishExec(const Credentials &credentials, const QDateTime &expiry, const QString &error);
    QByteArray execInfo() const;

    ClientConfig m_config;
    // token file cache
    QDateTime m_tokenFileModified;
    qint64 m_tokenFileSize = -1;
    QString m_tokenFromFile;
    // exec cache
    std::optional<Credentials> m_execCredentials;
    QDateTime m_execExpiry;
    QProcess *m_process = nullptr;
    QList<QPair<QPointer<QObject>, Callback>> m_waiting;
    QString m_resolvedCommand;
};

} // namespace cvc
