#include "dashboardmemorybenchmark.h"

#include "cvcpopulation.h"
#include "fakecoingecko.h"
#include "sandboxprocess.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

namespace cvc::bench {

namespace {

const QString kNamespace = QStringLiteral("bench");

// A field of /proc/<pid>/status in KiB ("VmRSS", "VmHWM"), -1 when unreadable.
qint64 statusKiB(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Runs the event loop for `ms` (the fake CoinGecko answers from this process).
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

double watchesOfCvcs(testsupport::SandboxProcess &sandbox)
{
    return sandbox.stats().value(QStringLiteral("requestsByResource")).toObject()
        .value(QStringLiteral("watch cryptovaluecalculators.crypto.tools")).toDouble();
}

} // namespace

DashboardMemoryBenchmark::Figures DashboardMemoryBenchmark::run(int objects, int settleMilliseconds)
{
    Figures figures;
    figures.objects = objects;
    testsupport::SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--preload"),
                        testsupport::SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"))})) {
        figures.problem = QStringLiteral("kube-sandbox did not start: ") + sandbox.errorString();
        return figures;
    }
    CvcPopulation::createNamespace(sandbox, kNamespace);
    const QDateTime priceTime = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    const QHash<QString, double> prices = CvcPopulation::prices();
    FakeCoinGecko fake;
    for (auto it = prices.begin(); it != prices.end(); ++it)
        fake.setPrice(it.key(), it.value(), 1.25, priceTime);
    if (!fake.listen()) {
        figures.problem = QStringLiteral("fake CoinGecko cannot listen: ") + fake.errorString();
        return figures;
    }
    if (objects > 0) {
        const int failed = CvcPopulation::createValued(sandbox, kNamespace, objects, prices, priceTime);
        if (failed > 0) {
            figures.problem = QStringLiteral("%1 requests failed while creating %2 CVCs").arg(failed).arg(objects);
            return figures;
        }
    }

    // Settings, history and the call ledger in a HOME of its own: the user's stay untouched.
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess dashboard;
    dashboard.setProcessEnvironment(env);
    dashboard.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const double watchesBefore = watchesOfCvcs(sandbox);
    dashboard.start(qEnvironmentVariable("CVC_BIN_DIR", QStringLiteral(CVC_BIN_DIR)) + QStringLiteral("/cvc-dashboard"),
                    {QStringLiteral("--kubeconfig"), sandbox.kubeconfigPath(), QStringLiteral("--namespace"), kNamespace,
                     QStringLiteral("--coingecko-url"), fake.rootUrl().toString(), QStringLiteral("--coingecko-plan"),
                     QStringLiteral("public"), QStringLiteral("--interval"), QStringLiteral("60s")});
    if (!dashboard.waitForStarted(10000)) {
        figures.problem = QStringLiteral("cvc-dashboard did not start: ") + dashboard.errorString();
        return figures;
    }
    // The CVC watch opens once the LIST is in the store; then the table loads and settles.
    QDeadlineTimer deadline(180000);
    while (watchesOfCvcs(sandbox) <= watchesBefore && dashboard.state() == QProcess::Running && !deadline.hasExpired())
        spin(100);
    if (dashboard.state() != QProcess::Running || deadline.hasExpired()) {
        figures.problem = QStringLiteral("cvc-dashboard never watched the CVCs (exit %1)").arg(dashboard.exitCode());
        return figures;
    }
    spin(settleMilliseconds);
    figures.rssKiB = statusKiB(dashboard.processId(), "VmRSS");
    figures.peakKiB = statusKiB(dashboard.processId(), "VmHWM");
    dashboard.terminate();
    if (!dashboard.waitForFinished(10000))
        dashboard.kill();
    return figures;
}

} // namespace cvc::bench
