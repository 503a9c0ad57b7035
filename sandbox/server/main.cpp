// kube-sandbox: a local Kubernetes 1.32 API server (see sandbox/README.md).
#include "kubeconfigwriter.h"
#include "manifestpreloader.h"
#include "sandboxoptions.h"
#include "sandboxserver.h"
#include "security/certificateauthority.h"
#include "security/clientcertificatefiles.h"
#include "security/securefile.h"
#include "util/signalwatcher.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cstdio>

using namespace cvc::sandbox;

namespace {

int issueClientCertificate(const SandboxOptions &options)
{
    if (options.stateDir.isEmpty()) {
        std::fprintf(stderr, "kube-sandbox: --issue-client-cert needs the CA of a --data sandbox, not --ephemeral\n");
        return 2;
    }
    const QString user = options.issueClientCertUser.section(QLatin1Char(':'), 0, 0);
    const QString groupText = options.issueClientCertUser.section(QLatin1Char(':'), 1);
    const QStringList groups = groupText.split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString error;
    // Refused before the CA is touched: a bad name must not create a state folder either.
    if (!ClientCertificateFiles::checkUser(user, &error)) {
        std::fprintf(stderr, "kube-sandbox: --issue-client-cert: %s\n", qPrintable(error));
        return 2;
    }
    if (!SecureFile::makePrivateFolder(options.stateDir, true, &error)) {
        std::fprintf(stderr, "kube-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    CertificateAuthority ca;
    if (!ca.loadOrCreate(options.stateDir)) {
        std::fprintf(stderr, "kube-sandbox: %s\n", qPrintable(ca.errorString()));
        return 1;
    }
    const auto issued = ca.issueClientCertificate(user, groups, &error);
    if (!issued) {
        std::fprintf(stderr, "kube-sandbox: cannot issue a certificate for %s: %s\n", qPrintable(user), qPrintable(error));
        return 1;
    }
    if (!ClientCertificateFiles::write(options.outDir, user, *issued, ca.certificatePem(), &error)) {
        std::fprintf(stderr, "kube-sandbox: --issue-client-cert: %s\n", qPrintable(error));
        return 1;
    }
    const QStringList files = ClientCertificateFiles::paths(options.outDir, user);
    std::printf("wrote %s, %s and %s\n", qPrintable(files.at(1)), qPrintable(files.at(0)), qPrintable(files.at(2)));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kube-sandbox"));

    SandboxOptions options;
    QString error;
    bool helpShown = false;
    if (!SandboxOptions::parse(app.arguments(), &options, &error, &helpShown)) {
        std::fprintf(helpShown ? stdout : stderr, "%s%s\n", helpShown ? "" : "kube-sandbox: ", qPrintable(error));
        return helpShown ? 0 : 2;
    }
    // The database holds Secrets: by default it lives in a folder of ours that only we may enter.
    if (options.defaultDataPath
        && !SecureFile::makePrivateFolder(QFileInfo(options.dataPath).absolutePath(), true, &error)) {
        std::fprintf(stderr, "kube-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    if (!options.issueClientCertUser.isEmpty())
        return issueClientCertificate(options);

    cvc::SignalWatcher signals;
    signals.install();

    SandboxServer server;
    SandboxServer::Config config;
    config.databasePath = options.dataPath;
    config.stateDir = options.stateDir;
    config.watchHistory = options.watchHistory;
    config.defaultWatchTimeoutSeconds = options.defaultWatchTimeoutSeconds;
    config.maxBodyBytes = options.maxBodyBytes;
    config.tokenAuthFile = options.tokenAuthFile;
    config.basicAuthFile = options.basicAuthFile;
    config.verbose = options.verbose;
    config.alwaysAllow = options.alwaysAllow;
    config.http1Only = options.http1Only;
    config.serviceAccountTokens = options.serviceAccountTokens;
    if (!server.start(config, options.address, options.port, &error)) {
        std::fprintf(stderr, "kube-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    if (!options.preloadPaths.isEmpty()) {
        int applied = 0;
        if (!ManifestPreloader::apply(&server, options.preloadPaths, &applied, &error)) {
            std::fprintf(stderr, "kube-sandbox: --preload: %s\n", qPrintable(error));
            return 1;
        }
        std::fprintf(stderr, "kube-sandbox: preloaded %d objects\n", applied);
    }
    if (!options.kubeconfigPath.isEmpty()) {
        if (!KubeconfigWriter::write(options.kubeconfigPath, server.url(), server.caCertificatePem(), server.adminToken(),
                                     &error)) {
            std::fprintf(stderr, "kube-sandbox: %s\n", qPrintable(error));
            return 1;
        }
    }
    QObject::connect(&signals, &cvc::SignalWatcher::terminationRequested, &app, [&server](int) {
        server.stop();
        QCoreApplication::quit();
    });
    std::printf("kube-sandbox: listening on %s (data: %s)\n", qPrintable(server.url()),
                options.ephemeral ? "in memory" : qPrintable(options.dataPath));
    std::fflush(stdout);
    if (!options.kubeconfigPath.isEmpty()) {
        std::fprintf(stderr, "kube-sandbox: try  kubectl --kubeconfig %s get cvc\n",
                     qPrintable(QFileInfo(options.kubeconfigPath).absoluteFilePath()));
    }
    return app.exec();
}
