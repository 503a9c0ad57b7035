#include "appidlebenchmark.h"

#include "cvcpopulation.h"
#include "dashboard/dashboardoptions.h"
#include "fakecoingecko.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/dashboardcontroller.h"
#include "mainwindow.h"
#include "operator/operatorruntime.h"
#include "prices/pricefeed.h"
#include "dashboard/reconcileloop.h"
#include "reconcile/reconciler.h"
#include "sandboxprocess.h"
#include "dashboard/sessionsecretstore.h"

#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <chrono>
#include <functional>

namespace cvc::bench {

namespace {

const QString kNamespace = QStringLiteral("bench");

// Runs the event loop until `done` holds, checking every 20 ms: coarse next to loads of seconds,
// and it needs no hook into the window. False on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(20);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!done())
        loop.exec();
    return done();
}

bool loopSettled(ui::MainWindow &window)
{
    const OperatorRuntime *runtime = window.controller()->loop()->runtime();
    return runtime && runtime->isLeader() && runtime->feed()->lastSuccessAt().isValid()
           && runtime->reconciler()->queueDepth() == 0 && runtime->reconciler()->queue()->inFlight() == 0;
}

} // namespace

AppIdleBenchmark::AppIdleBenchmark(Role role, int intervalSeconds, QObject *parent)
    : QObject(parent)
    , m_role(role)
    , m_intervalSeconds(intervalSeconds)
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
    CvcPopulation::createNamespace(sandbox, kNamespace);

    // CoinGecko's last_updated_at has whole seconds; the values written beforehand must use the
    // very time the fake will report, or the loop would revalue everything.
    const QDateTime priceTime = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    const QHash<QString, double> prices = CvcPopulation::prices();
    FakeCoinGecko fake;
    for (auto it = prices.begin(); it != prices.end(); ++it)
        fake.setPrice(it.key(), it.value(), 1.25, priceTime);
    if (m_role == Role::Writer && !fake.listen()) {
        figures.problem = QStringLiteral("fake CoinGecko cannot listen: ") + fake.errorString();
        return figures;
    }
    const int failed = CvcPopulation::createValued(sandbox, kNamespace, objects, prices, priceTime);
    if (failed > 0) {
        figures.problem = QStringLiteral("%1 requests failed while creating %2 CVCs").arg(failed).arg(objects);
        return figures;
    }

    // History, settings and the call counter in a private folder: the user's own stay untouched.
    QTemporaryDir home;
    ui::DashboardOptions options;
    options.connection.kubeconfig = sandbox.kubeconfigPath();
    options.connection.namespaceName = kNamespace;   // as --namespace bench
    options.runLoop = m_role == Role::Writer;
    options.coingeckoUrl = fake.rootUrl().toString();
    options.coingeckoPlan = QStringLiteral("public");
    options.interval = std::chrono::seconds(m_intervalSeconds);
    options.historyPath = home.filePath(QStringLiteral("history.sqlite"));
    options.settingsFile = home.filePath(QStringLiteral("settings.ini"));
    ui::SessionSecretStore keychain;
    ui::MainWindow window(options, &keychain);
    window.resize(1400, 900);
    window.show();

    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    window.start();
    if (!waitUntil([&] { return window.controller()->holdings()->rowCount() >= objects; }, 180000)) {
        figures.problem = QStringLiteral("the window showed %1 of %2 CVCs after 180 s")
                              .arg(window.controller()->holdings()->rowCount()).arg(objects);
        return figures;
    }
    figures.loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (m_role == Role::Writer && !waitUntil([&] { return loopSettled(window); }, 120000)) {
        figures.problem = QStringLiteral("the window's loop had not taken the lease, priced and reconciled every CVC "
                                         "after 120 s");
        return figures;
    }
    // Let what the connection started (permission checks, namespaces, coins, backfill) finish first.
    IdleMeter::measure(1000);
    const int callsBefore = fake.callCount(QStringLiteral("/simple/price"));
    figures.idle = IdleMeter::measure(idleMilliseconds, sandbox.pid());
    figures.priceCalls = fake.callCount(QStringLiteral("/simple/price")) - callsBefore;
    if (const OperatorRuntime *runtime = window.controller()->loop()->runtime())
        figures.loopWrites = runtime->reconciler()->counters().writes;
    window.close();
    return figures;
}

} // namespace cvc::bench
