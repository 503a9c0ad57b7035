// cvc-operator: the reconcile loop, headless. Everything but flag handling, logging and signals
// lives in core (ClusterConnection and OperatorRuntime), which the dashboard runs too.
#include "operatorcommandline.h"
#include "operatorlog.h"

#include "cvc/cvccodec.h"
#include "kube/clusterconnection.h"
#include "kube/connectioncheck.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kube/objectcache.h"
#include "operator/operatorruntime.h"
#include "prices/coingeckoclient.h"
#include "prices/pricefeed.h"
#include "reconcile/reconciler.h"
#include "util/operatordefaults.h"
#include "util/signalwatcher.h"
#include "util/version.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

using namespace cvc;

namespace {

QString intervalText(std::chrono::milliseconds ms)
{
    return ms.count() % 1000 == 0 ? QStringLiteral("%1s").arg(ms.count() / 1000) : QStringLiteral("%1ms").arg(ms.count());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(OperatorDefaults::operatorName);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(cvc::version));

    OperatorCommandLine cl = OperatorCommandLine::parse(QCoreApplication::arguments());
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (cl.helpShown) {
        out << cl.helpText;
        return 0;
    }
    if (!cl.error.isEmpty()) {
        err << "cvc-operator: " << cl.error << Qt::endl;
        return 2;
    }
    if (cl.check)
        return ConnectionCheck::run(cl.connection, cl.verbose, out, err);

    OperatorLog::setFormat(cl.logFormat);
    OperatorLog::setLevel(cl.logLevel);

    QString error;
    const auto config = KubeConfig::load(cl.connection, &error);
    if (!config) {
        OperatorLog::write(QStringLiteral("error"), error);
        return 1;
    }
    for (const QString &w : config->warnings)
        OperatorLog::write(QStringLiteral("warning"), w);

    // One connection: the client, discovery and the one watch of the CVCs the runtime reads.
    ClusterConnection connection(*config, cl.options.connectionOptions());
    KubeClient &client = *connection.client();
    client.setRateLimit(cl.rate);
    // Months in a small pod with every CVC held: only what the loop reads, typed, repeated
    // strings shared.
    connection.cvcs()->cache()->setCodec(std::make_shared<CvcCodec>());
    QObject::connect(&client, &KubeClient::warningReceived, [](const QString &w) {
        OperatorLog::write(QStringLiteral("warning"), QStringLiteral("server: %1").arg(w));
    });
    QObject::connect(&connection, &ClusterConnection::discoveryFailed, [](const QString &message) {
        OperatorLog::write(QStringLiteral("warning"), message + QStringLiteral("; retrying"));
    });

    // The Lease's namespace (--lease-namespace, else cvc-system when it exists, else config->namespaceName)
    // is settled by the runtime at start, which logs the Lease it uses.
    const OperatorOptions &options = cl.options;
    OperatorRuntime runtime(connection.cvcs(), options);
    const QString configError = runtime.configurationError();
    if (!configError.isEmpty()) {
        OperatorLog::write(QStringLiteral("error"), configError);
        return 2;
    }

    OperatorLog::write(QStringLiteral("info"),
                       QStringLiteral("cvc-operator %1: server %2, context %3, auth %4; valuing CVCs in %5; CoinGecko %6 plan "
                                      "(%7, key %8), every %9; %10")
                           .arg(QCoreApplication::applicationVersion(), config->server.toString(QUrl::RemoveUserInfo),
                                config->contextName.isEmpty() ? QStringLiteral("(in-cluster)") : config->contextName,
                                config->authDescription(),
                                cl.allNamespaces ? QStringLiteral("all namespaces") : QStringLiteral("namespace ") + options.namespaceName,
                                options.coingecko.plan.name(), runtime.feed()->client()->root().toString(QUrl::RemoveUserInfo),
                                cl.apiKeySource.isEmpty() ? QStringLiteral("none") : QStringLiteral("from ") + cl.apiKeySource,
                                intervalText(runtime.feed()->interval()),
                                options.leaderElection
                                    ? (options.lease.namespaceName.isEmpty()
                                           ? QStringLiteral("leader election as %1 on Lease %2 in cvc-system if that namespace exists, else in %3")
                                                 .arg(runtime.identity(), options.lease.name, config->namespaceName)
                                           : QStringLiteral("leader election as %1 on Lease %2/%3")
                                                 .arg(runtime.identity(), options.lease.namespaceName, options.lease.name))
                                                       : QStringLiteral("leader election off (--no-leader-election)")));

    QObject::connect(&runtime, &OperatorRuntime::logMessage, [](const QString &level, const QString &message) {
        OperatorLog::write(level, message);
    });
    QObject::connect(runtime.reconciler(), &Reconciler::reconcileFinished,
                     [](const QString &key, const QString &reconcileId, const ReconcileResult &result) {
        OperatorLog::reconcileFinished(OperatorDefaults::controllerName, key, reconcileId, result);
    });

    int exitCode = 0;
    auto shutdown = [&](int code) {
        exitCode = code;
        // Hard stop: writes in flight get at most OperatorRuntime::drainTimeout (10 s), releasing
        // the Lease 1.5 s; never hang past 15 s, even if the server does not answer (the
        // Deployment's terminationGracePeriodSeconds is 30).
        QTimer::singleShot(OperatorRuntime::drainTimeout + std::chrono::seconds(5), &app, [&] { app.exit(exitCode); });
        runtime.stop([&] { app.exit(exitCode); });
    };
    QObject::connect(&runtime, &OperatorRuntime::leaseForbidden, [&](const QString &) {
        OperatorLog::write(QStringLiteral("error"),
                           QStringLiteral("refusing to write without the lease (another instance could be writing too). "
                                          "Fix RBAC or restart with --no-leader-election if this is the only writer."));
        shutdown(3);
    });

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, [&](int) {
        OperatorLog::write(QStringLiteral("info"), QStringLiteral("stopping: releasing the lease"));
        shutdown(0);
    });
    if (!signalWatcher.install())
        OperatorLog::write(QStringLiteral("warning"), QStringLiteral("cannot handle SIGTERM: the lease will expire instead of being released"));

    connection.start();
    runtime.start();
    const int rc = app.exec();
    OperatorLog::write(QStringLiteral("info"), QStringLiteral("stopped"));
    return rc;
}
