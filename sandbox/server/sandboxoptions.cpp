#include "sandboxoptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace cvc::sandbox {

bool SandboxOptions::parse(const QStringList &arguments, SandboxOptions *options, QString *error, bool *helpShown)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A local Kubernetes 1.32 API server for CVC Dashboard and its tests."));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port (0 picks a free one)."),
                                  QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption address(QStringLiteral("address"), QStringLiteral("Address to bind."), QStringLiteral("A"),
                                     QStringLiteral("127.0.0.1"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("SQLite file holding every object."),
                                  QStringLiteral("PATH"));
    const QCommandLineOption ephemeral(QStringLiteral("ephemeral"), QStringLiteral("Keep state in memory only."));
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"),
                                        QStringLiteral("Write a kubeconfig for this server (mode 0600)."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption preload(QStringLiteral("preload"),
                                     QStringLiteral("YAML file or folder to apply at start (repeatable; CRDs first)."),
                                     QStringLiteral("PATH"));
    const QCommandLineOption tokenFile(QStringLiteral("token-auth-file"),
                                       QStringLiteral("CSV of token,user,uid[,\"group1,group2\"]."), QStringLiteral("F"));
    const QCommandLineOption basicFile(QStringLiteral("basic-auth-file"),
                                       QStringLiteral("CSV of password,user,uid[,\"group1,group2\"]."), QStringLiteral("F"));
    const QCommandLineOption issue(QStringLiteral("issue-client-cert"),
                                   QStringLiteral("Write a client certificate for USER (groups after ':') and exit."),
                                   QStringLiteral("USER[:GROUP,...]"));
    const QCommandLineOption outDir(QStringLiteral("out-dir"), QStringLiteral("Where --issue-client-cert writes."),
                                    QStringLiteral("D"), QStringLiteral("."));
    const QCommandLineOption history(QStringLiteral("watch-history"),
                                     QStringLiteral("Events kept for watches; older resourceVersions get 410."),
                                     QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption watchTimeout(QStringLiteral("default-watch-timeout"),
                                          QStringLiteral("Seconds a watch without timeoutSeconds stays open."),
                                          QStringLiteral("S"), QStringLiteral("1800"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-bytes"), QStringLiteral("Largest request body (413 above)."),
                                     QStringLiteral("N"), QString::number(3 * 1024 * 1024));
    const QCommandLineOption http1Only(QStringLiteral("http1-only"),
                                       QStringLiteral("Offer HTTP/1.1 only over TLS (no h2 by ALPN)."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Log every request to stderr."));
    const QCommandLineOption authorizationMode(QStringLiteral("authorization-mode"),
                                               QStringLiteral("RBAC (default) or AlwaysAllow, as kube-apiserver's flag."),
                                               QStringLiteral("MODE"), QStringLiteral("RBAC"));
    const QCommandLineOption serviceAccountToken(
        QStringLiteral("service-account-token"),
        QStringLiteral("Write a bearer token for ServiceAccount NS/NAME to FILE (kept if FILE holds one; repeatable)."),
        QStringLiteral("NS/NAME=FILE"));
    parser.addOptions({port, address, data, ephemeral, kubeconfig, preload, tokenFile, basicFile, issue, outDir, history,
                       watchTimeout, maxBody, http1Only, verbose, authorizationMode, serviceAccountToken});
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        *helpShown = true;
        *error = parser.helpText();
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first());
        return false;
    }

    bool ok = false;
    const uint portValue = parser.value(port).toUInt(&ok);
    if (!ok || portValue > 65535) {
        *error = QStringLiteral("--port: not a port number: %1").arg(parser.value(port));
        return false;
    }
    options->port = quint16(portValue);
    if (!options->address.setAddress(parser.value(address))) {
        *error = QStringLiteral("--address: not an IP address: %1").arg(parser.value(address));
        return false;
    }
    options->watchHistory = parser.value(history).toInt(&ok);
    if (!ok || options->watchHistory < 1) {
        *error = QStringLiteral("--watch-history: expected a positive number: %1").arg(parser.value(history));
        return false;
    }
    options->defaultWatchTimeoutSeconds = parser.value(watchTimeout).toInt(&ok);
    if (!ok || options->defaultWatchTimeoutSeconds < 1) {
        *error = QStringLiteral("--default-watch-timeout: expected seconds > 0: %1").arg(parser.value(watchTimeout));
        return false;
    }
    options->maxBodyBytes = parser.value(maxBody).toLongLong(&ok);
    if (!ok || options->maxBodyBytes < 1024) {
        *error = QStringLiteral("--max-body-bytes: expected at least 1024: %1").arg(parser.value(maxBody));
        return false;
    }
    options->ephemeral = parser.isSet(ephemeral);
    if (options->ephemeral && parser.isSet(data)) {
        *error = QStringLiteral("--data and --ephemeral exclude each other");
        return false;
    }
    if (!options->ephemeral) {
        options->defaultDataPath = !parser.isSet(data);
        options->dataPath = parser.isSet(data)
                                ? QFileInfo(parser.value(data)).absoluteFilePath()
                                : QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
                                      .filePath(QStringLiteral("kube-sandbox/state.db"));
        options->stateDir = options->dataPath + QStringLiteral(".d");
    }
    options->kubeconfigPath = parser.value(kubeconfig);
    options->preloadPaths = parser.values(preload);
    options->tokenAuthFile = parser.value(tokenFile);
    options->basicAuthFile = parser.value(basicFile);
    options->issueClientCertUser = parser.value(issue);
    options->outDir = parser.value(outDir);
    options->verbose = parser.isSet(verbose);
    options->http1Only = parser.isSet(http1Only);
    const QString mode = parser.value(authorizationMode);
    if (mode != QLatin1String("RBAC") && mode != QLatin1String("AlwaysAllow")) {
        *error = QStringLiteral("--authorization-mode: %1 is not RBAC or AlwaysAllow").arg(mode);
        return false;
    }
    options->alwaysAllow = mode == QLatin1String("AlwaysAllow");
    options->serviceAccountTokens = parser.values(serviceAccountToken);
    return true;
}

} // namespace cvc::sandbox
