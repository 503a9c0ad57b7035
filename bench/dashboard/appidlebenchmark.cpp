#include "appidlebenchmark.h"

#include "cvcpopulation.h"
#include "dashboardoptions.h"
#include "holdingsmodel.h"
#include "mainwindow.h"
#include "sandboxprocess.h"
#include "sessionsecretstore.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>

namespace cvc::bench {

AppIdleBenchmark::AppIdleBenchmark(QObject *parent)
    : QObject(parent)
{
}

AppIdleBenchmark::Figures AppIdleBenchmark::run(int objects, int idleMilliseconds)
{
    Figures figures;
    figures.objects = objects;
    testsupport::SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--preload"),
                        testsupport::SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"))})) {
        figures.problem = QStringLiteral("kube-sandbox did not start: ") + sandbox.errorString();
        return figures;
    }
    const QString namespaceName = QStringLiteral("bench");
    CvcPopulation::createNamespace(sandbox, namespaceName);
    const RequestPump::Result created = CvcPopulation::create(sandbox, namespaceName, 0, objects);
    if (created.failed > 0) {
        figures.problem = QStringLiteral("%1 of %2 CVCs could not be created").arg(created.failed).arg(objects);
        return figures;
    }

    // History, settings and the call counter in a private folder: the user's own stay untouched.
    QTemporaryDir home;
    ui::DashboardOptions options;
    options.connection.kubeconfig = sandbox.kubeconfigPath();
    options.connection.namespaceName = namespaceName;   // as --namespace bench
    options.runLoop = false;
    options.historyPath = home.filePath(QStringLiteral("history.sqlite"));
    options.settingsFile = home.filePath(QStringLiteral("settings.ini"));
    options.callCounterPath = home.filePath(QStringLiteral("coingecko-calls.json"));
    ui::SessionSecretStore keychain;
    ui::MainWindow window(options, &keychain);
    window.resize(1400, 900);
    window.show();

    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    window.start();
    QEventLoop loop;
    QTimer poll;
    // Polling the row count every 20 ms: coarse next to a load of seconds, and it needs no hook
    // into the window.
    connect(&poll, &QTimer::timeout, &loop, [&] {
        if (window.holdingsModel()->rowCount() >= objects)
            loop.quit();
    });
    poll.start(20);
    QTimer::singleShot(180000, &loop, &QEventLoop::quit);
    loop.exec();
    poll.stop();
    if (window.holdingsModel()->rowCount() < objects) {
        figures.problem = QStringLiteral("the window showed %1 of %2 CVCs after 180 s")
                              .arg(window.holdingsModel()->rowCount()).arg(objects);
        return figures;
    }
    figures.loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Let what the connection started (permission checks, namespaces, coins) finish first.
    IdleMeter::measure(1000);
    figures.idle = IdleMeter::measure(idleMilliseconds, sandbox.pid());
    window.close();
    return figures;
}

} // namespace cvc::bench
