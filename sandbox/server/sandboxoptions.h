#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// The kube-sandbox command line, parsed. Tests and scripts rely on these names (see README.md).
struct SandboxOptions
{
    quint16 port = 0;
    QHostAddress address = QHostAddress::LocalHost;
    QString dataPath;              // SQLite file; empty with ephemeral
    bool defaultDataPath = false;  // no --data: the file lives in our own folder, kept 0700
    bool ephemeral = false;
    QString kubeconfigPath;
    QStringList preloadPaths;
    QString tokenAuthFile;
    QString basicAuthFile;
    QString issueClientCertUser;   // "user[:group,group]": issue a client certificate and exit
    QString outDir;
    int watchHistory = 5000;
    int defaultWatchTimeoutSeconds = 1800;
    qint64 maxBodyBytes = 3 * 1024 * 1024;
    bool verbose = false;
    bool alwaysAllow = false;              // --authorization-mode AlwaysAllow
    bool http1Only = false;                // --http1-only
    QStringList serviceAccountTokens;      // --service-account-token NS/NAME=FILE

    // The folder holding the CA and the admin token: beside the data file, or a temp dir.
    QString stateDir;

    // Parses arguments (arguments.first() is the program). On failure returns false and sets *error.
    static bool parse(const QStringList &arguments, SandboxOptions *options, QString *error, bool *helpShown);
};

} // namespace cvc::sandbox
