// cvc-dashboard: flags, then (when asked or when there is no kubeconfig) the local kube-sandbox,
// then the main window. Everything else lives in ui/ and core/.
#include "applicationidentity.h"
#include "dashboardcommandline.h"
#include "settingsmigration.h"

#include "dashboard/dashboardcontroller.h"
#include "dashboard/keychainsecretstore.h"
#include "kube/kubeconfig.h"
#include "mainwindow.h"
#include "util/operatordefaults.h"
#include "dashboard/reconcileloop.h"
#include "dashboard/sandboxlauncher.h"
#include "util/signalwatcher.h"

#include <QApplication>
#include <QFileInfo>
#include <QMessageBox>
#include <QTextStream>

using namespace cvc::ui;

namespace {

bool hasKubeconfig(const cvc::ConnectionOptions &options)
{
    for (const QString &path : cvc::KubeConfig::searchPaths(options)) {
        if (QFileInfo::exists(path))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    ApplicationIdentity::apply();
    QApplication::setQuitOnLastWindowClosed(true);

    DashboardCommandLine cl = DashboardCommandLine::parse(QCoreApplication::arguments());
    QTextStream err(stderr);
    if (cl.helpShown) {
        QTextStream(stdout) << cl.helpText;
        return 0;
    }
    if (!cl.error.isEmpty()) {
        err << "cvc-dashboard: " << cl.error << Qt::endl;
        return 2;
    }
    // Before anything opens QSettings.
    QString migrationError;
    const QString migrated = SettingsMigration::migrateLegacy(&migrationError);
    if (!migrated.isEmpty())
        err << "cvc-dashboard: " << migrated << Qt::endl;
    if (!migrationError.isEmpty())
        err << "cvc-dashboard: " << migrationError << Qt::endl;
    // The data stays where it always was, whatever QStandardPaths now makes of the organisation.
    if (cl.options.historyPath.isEmpty())
        cl.options.historyPath = ApplicationIdentity::dataDirectory() + QStringLiteral("/history.sqlite");

    SandboxLauncher sandbox;
    sandbox.setDataDirectory(ApplicationIdentity::dataDirectory() + QStringLiteral("/sandbox"));
    bool useSandbox = cl.sandbox;
    if (!useSandbox && !hasKubeconfig(cl.options.connection)) {
        const auto answer = QMessageBox::question(
            nullptr, QObject::tr("No cluster configured"),
            QObject::tr("No kubeconfig was found (looked at: %1).\n\nStart the built-in kube-sandbox, a local API "
                        "server with the CryptoValueCalculator CRD and examples? Its kubeconfig is written to %2 so "
                        "kubectl works beside the dashboard.")
                .arg(cvc::KubeConfig::searchPaths(cl.options.connection).join(QStringLiteral(", ")),
                     sandbox.kubeconfigPath()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
        if (answer != QMessageBox::Yes)
            return 1;
        useSandbox = true;
    }
    if (useSandbox) {
        QString error;
        if (!sandbox.start(&error)) {
            err << "cvc-dashboard: " << error << Qt::endl;
            QMessageBox::critical(nullptr, QObject::tr("kube-sandbox"), error);
            return 1;
        }
        err << "cvc-dashboard: kube-sandbox listening on " << sandbox.url().toString(QUrl::RemoveUserInfo) << "; kubectl --kubeconfig "
            << sandbox.kubeconfigPath() << " get cvc" << Qt::endl;
        cl.options.connection.kubeconfig = sandbox.kubeconfigPath();
        cl.options.sandboxKubeconfig = sandbox.kubeconfigPath();
    }

    KeychainSecretStore keychain(cvc::OperatorDefaults::dashboardName);
    MainWindow window(cl.options, &keychain);
    if (cl.options.verbose) {
        QObject::connect(window.controller()->loop(), &ReconcileLoop::logMessage, [&err](const QString &level, const QString &message) {
            err << level << ": " << message << Qt::endl;
        });
    }
    // SIGTERM/SIGINT close the window the normal way: the loop stops, the lease is released and
    // the sandbox (if we started it) is stopped, instead of leaving them to time out.
    cvc::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &cvc::SignalWatcher::terminationRequested, &window, [&window] { window.close(); });
    signalWatcher.install();
    window.show();
    window.start();
    const int code = app.exec();
    sandbox.stop();
    return code;
}
