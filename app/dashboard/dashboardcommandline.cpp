#include "dashboardcommandline.h"

#include "prices/coingeckoplan.h"
#include "util/durationtext.h"

#include <QCommandLineParser>

DashboardCommandLine DashboardCommandLine::parse(const QStringList &args, const QProcessEnvironment &env)
{
    DashboardCommandLine cl;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "CVC Dashboard: CryptoValueCalculators of a Kubernetes cluster, valued live.\n"
        "Connects like kubectl (--kubeconfig, KUBECONFIG, ~/.kube/config). Without a kubeconfig, "
        "--sandbox starts a local kube-sandbox with the CRD and examples."));
    const QCommandLineOption help = p.addHelpOption();
    cvc::ConnectionOptions::addToParser(p);
    const QCommandLineOption url(QStringLiteral("coingecko-url"), QStringLiteral("CoinGecko API root (tests, proxies)."),
                                 QStringLiteral("url"));
    const QCommandLineOption plan(QStringLiteral("coingecko-plan"), QStringLiteral("public, demo or pro (default: saved choice, else public)."),
                                  QStringLiteral("plan"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Time between price calls, e.g. 60s, 5m (default: the plan's)."),
                                      QStringLiteral("duration"));
    const QCommandLineOption noElection(QStringLiteral("no-leader-election"),
                                        QStringLiteral("Write values without taking the Lease (only when nothing else writes)."));
    const QCommandLineOption verbose(QStringLiteral("v"), QStringLiteral("Verbose log on stderr."));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"),
                                     QStringLiteral("Start the built-in kube-sandbox (state in the data folder) and connect to it."));
    p.addOptions({url, plan, interval, noElection, verbose, sandbox});
    if (!p.parse(args)) {
        cl.error = p.errorText();
        return cl;
    }
    if (p.isSet(help)) {
        cl.helpShown = true;
        cl.helpText = p.helpText();
        return cl;
    }
    cl.options.connection = cvc::ConnectionOptions::fromParser(p);
    cl.options.connection.environment = env;
    cl.options.coingeckoUrl = p.value(url);
    if (p.isSet(plan)) {
        QString error;
        const auto parsed = cvc::CoinGeckoPlan::fromString(p.value(plan), &error);
        if (!parsed) {
            cl.error = QStringLiteral("--coingecko-plan: ") + error;
            return cl;
        }
        cl.options.coingeckoPlan = parsed->name();
    }
    if (p.isSet(interval)) {
        const auto parsed = cvc::DurationText::parse(p.value(interval));
        if (!parsed || parsed->count() <= 0) {
            cl.error = QStringLiteral("--interval: \"%1\" is not a duration like 60s, 5m or 1m30s").arg(p.value(interval));
            return cl;
        }
        cl.options.interval = *parsed;
    }
    cl.options.leaderElection = !p.isSet(noElection);
    cl.options.verbose = p.isSet(verbose);
    cl.sandbox = p.isSet(sandbox);
    if (cl.sandbox && !cl.options.connection.kubeconfig.isEmpty()) {
        cl.error = QStringLiteral("--sandbox writes its own kubeconfig; leave out --kubeconfig");
        return cl;
    }
    return cl;
}
