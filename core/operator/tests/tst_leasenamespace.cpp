// Which Lease the operator and the dashboard compete for. Against a real kube-sandbox: with
// namespace cvc-system present, an operator runtime and a dashboard runtime whose contexts say
// "default" elect one leader on cvc-system/cvc-operator and only that one writes; without
// cvc-system the context's namespace is used; an explicit --lease-namespace wins. Against a local
// HTTP server (the sandbox has no RBAC): a 403 on reading the namespace falls back sensibly.
#include "kube/clusterconnection.h"
#include "lease/leasenamespaceresolver.h"
#include "operator/operatorruntime.h"

#include "fakecoingecko.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "sandboxprocess.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using cvc::LeaseNamespaceResolver;
using cvc::OperatorOptions;
using cvc::OperatorRuntime;
using cvc::testsupport::SandboxProcess;

namespace {

void fastLease(OperatorOptions &o)
{
    o.lease.leaseDurationMs = 2000;
    o.lease.renewDeadlineMs = 1500;
    o.lease.retryPeriodMs = 200;
    o.interval = std::chrono::seconds(1);
    o.discoveryRetryMs = 200;
}

QJsonObject status(int code, const QString &reason)
{
    return {{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("status"), QStringLiteral("Failure")}, {QStringLiteral("reason"), reason},
            {QStringLiteral("message"), reason}, {QStringLiteral("code"), code}};
}

} // namespace

class TestLeaseNamespace : public QObject
{
    Q_OBJECT
private:
    cvc::FakeCoinGecko m_prices;

    // A started connection, as cvc-operator and the dashboard build one; runtimes read its informer.
    std::unique_ptr<cvc::ClusterConnection> connect(SandboxProcess &sandbox)
    {
        cvc::ConnectionOptions options;
        options.kubeconfig = sandbox.kubeconfigPath();
        QString error;
        const auto config = cvc::KubeConfig::load(options, &error);
        if (!config)
            qFatal("%s", qPrintable(error));
        auto connection = std::make_unique<cvc::ClusterConnection>(*config, operatorOptions().connectionOptions());
        connection->start();
        return connection;
    }
    OperatorOptions operatorOptions()
    {
        OperatorOptions o;  // as cvc-operator without --lease-namespace
        o.lease.identity = QStringLiteral("operator-1");
        o.coingecko.rootOverride = m_prices.rootUrl().toString();
        fastLease(o);
        return o;
    }
    OperatorOptions dashboardOptions()
    {
        OperatorOptions o = OperatorOptions::forDashboard();
        o.coingecko.rootOverride = m_prices.rootUrl().toString();
        fastLease(o);
        return o;
    }
    bool startSandbox(SandboxProcess &sandbox, bool withSharedNamespace)
    {
        if (!sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}))
            return false;
        if (withSharedNamespace) {
            const auto r = sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"),
                                               {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("cvc-system")}}}});
            if (r.status != 201)
                return false;
        }
        const auto cvc = sandbox.requestJson("POST", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators"),
                                             {{QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1")},
                                              {QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator")},
                                              {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("bitcoin-stash")}}},
                                              {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), QStringLiteral("bitcoin")},
                                                                                   {QStringLiteral("amount"), 0.0023}}}});
        return cvc.status == 201;
    }
    QString holder(SandboxProcess &sandbox, const QString &ns)
    {
        const auto r = sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/%1/leases/cvc-operator").arg(ns));
        return r.status == 200 ? r.json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString()
                               : QString();
    }
    int leaseStatus(SandboxProcess &sandbox, const QString &ns)
    {
        return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/%1/leases/cvc-operator").arg(ns)).status;
    }
    int writesBy(SandboxProcess &sandbox, const QString &manager)
    {
        return sandbox.stats().value(QStringLiteral("writesByFieldManager")).toObject().value(manager).toInt();
    }
    void stopBoth(OperatorRuntime &a, OperatorRuntime &b)
    {
        bool aDone = false, bDone = false;
        a.stop([&] { aDone = true; });
        b.stop([&] { bDone = true; });
        QTRY_VERIFY_WITH_TIMEOUT(aDone && bDone, 5000);
    }

    // A server where reading namespaces is forbidden; the Lease in cvc-system answers `leaseCode`.
    LeaseNamespaceResolver::Result resolveForbidden(int namespaceCode, int leaseCode)
    {
        cvc::HttpServer server;
        server.setHandler([namespaceCode, leaseCode](cvc::HttpExchange *ex) {
            const bool lease = ex->request().path.contains(QStringLiteral("/leases/"));
            const int code = lease ? leaseCode : namespaceCode;
            const QJsonObject body = code == 200 ? QJsonObject{{QStringLiteral("kind"), lease ? QStringLiteral("Lease") : QStringLiteral("Namespace")}}
                                   : status(code, code == 403 ? QStringLiteral("Forbidden") : code == 404 ? QStringLiteral("NotFound")
                                                                                                          : QStringLiteral("InternalError"));
            ex->respond(code, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
        });
        if (!server.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen");
        cvc::ClientConfig config;
        config.server = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
        config.namespaceName = QStringLiteral("team-a");
        cvc::KubeClient c(config);
        LeaseNamespaceResolver resolver(&c);
        std::optional<LeaseNamespaceResolver::Result> result;
        resolver.resolve(QString(), config.namespaceName, QStringLiteral("cvc-operator"),
                         [&](const LeaseNamespaceResolver::Result &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 5000))
            qFatal("no answer");
        return *result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_prices.setDefaultPrices();
        QVERIFY2(m_prices.listen(), qPrintable(m_prices.errorString()));
    }

    void operatorAndDashboardShareTheLeaseInCvcSystem()
    {
        SandboxProcess sandbox;
        QVERIFY2(startSandbox(sandbox, true), qPrintable(sandbox.errorString()));
        auto operatorConnection = connect(sandbox);
        auto dashboardConnection = connect(sandbox);
        QCOMPARE(operatorConnection->config().namespaceName, QStringLiteral("default"));
        QCOMPARE(dashboardConnection->config().namespaceName, QStringLiteral("default"));
        OperatorRuntime op(operatorConnection->cvcs(), operatorOptions());
        OperatorRuntime dash(dashboardConnection->cvcs(), dashboardOptions());
        QVERIFY(op.configurationError().isEmpty());
        QVERIFY(dash.configurationError().isEmpty());
        QSignalSpy chosen(&op, &OperatorRuntime::leaseChosen);
        op.start();
        dash.start();

        QTRY_VERIFY_WITH_TIMEOUT(op.isLeader() || dash.isLeader(), 10000);
        QCOMPARE(op.leaseText(), QStringLiteral("cvc-system/cvc-operator"));
        QCOMPARE(dash.leaseText(), QStringLiteral("cvc-system/cvc-operator"));
        QCOMPARE(chosen.count(), 1);
        QVERIFY2(chosen.first().at(1).toString().contains(QStringLiteral("cvc-system exists")), qPrintable(chosen.first().at(1).toString()));
        OperatorRuntime &leader = op.isLeader() ? op : dash;
        OperatorRuntime &follower = op.isLeader() ? dash : op;
        QCOMPARE(holder(sandbox, QStringLiteral("cvc-system")), leader.identity());
        QCOMPARE(leaseStatus(sandbox, QStringLiteral("default")), 404);

        // Only the leader writes the value.
        QTRY_COMPARE_WITH_TIMEOUT(sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash"))
                                      .json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                                      .value(QStringLiteral("value")).toString(),
                                  QStringLiteral("$94.8106"), 10000);
        m_prices.setPrice(QStringLiteral("bitcoin"), 42000);
        QTRY_COMPARE_WITH_TIMEOUT(sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash"))
                                      .json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                                      .value(QStringLiteral("value")).toString(),
                                  QStringLiteral("$96.6000"), 10000);
        m_prices.setDefaultPrices();
        QVERIFY(!follower.isLeader());
        QVERIFY(writesBy(sandbox, leader.options().fieldManager) > 0);
        QCOMPARE(writesBy(sandbox, follower.options().fieldManager), 0);
        QCOMPARE(follower.leaseHolder(), leader.identity());
        stopBoth(op, dash);
    }

    void withoutCvcSystemTheContextNamespace()
    {
        SandboxProcess sandbox;
        QVERIFY2(startSandbox(sandbox, false), qPrintable(sandbox.errorString()));
        auto operatorConnection = connect(sandbox);
        auto dashboardConnection = connect(sandbox);
        OperatorRuntime op(operatorConnection->cvcs(), operatorOptions());
        OperatorRuntime dash(dashboardConnection->cvcs(), dashboardOptions());
        op.start();
        dash.start();
        QTRY_VERIFY_WITH_TIMEOUT(op.isLeader() || dash.isLeader(), 10000);
        QCOMPARE(op.leaseText(), QStringLiteral("default/cvc-operator"));
        QCOMPARE(dash.leaseText(), QStringLiteral("default/cvc-operator"));
        QVERIFY(!(op.isLeader() && dash.isLeader()));
        QCOMPARE(holder(sandbox, QStringLiteral("default")), op.isLeader() ? op.identity() : dash.identity());
        QCOMPARE(leaseStatus(sandbox, QStringLiteral("cvc-system")), 404);
        stopBoth(op, dash);
    }

    void explicitLeaseNamespaceWins()
    {
        SandboxProcess sandbox;
        QVERIFY2(startSandbox(sandbox, true), qPrintable(sandbox.errorString()));
        auto c = connect(sandbox);
        OperatorOptions o = operatorOptions();
        o.lease.namespaceName = QStringLiteral("kube-public");  // --lease-namespace kube-public
        OperatorRuntime op(c->cvcs(), o);
        QSignalSpy chosen(&op, &OperatorRuntime::leaseChosen);
        op.start();
        QTRY_VERIFY_WITH_TIMEOUT(op.isLeader(), 10000);
        QCOMPARE(op.leaseText(), QStringLiteral("kube-public/cvc-operator"));
        QVERIFY(chosen.first().at(1).toString().contains(QStringLiteral("--lease-namespace")));
        QCOMPARE(holder(sandbox, QStringLiteral("kube-public")), QStringLiteral("operator-1"));
        QCOMPARE(leaseStatus(sandbox, QStringLiteral("cvc-system")), 404);
        bool done = false;
        op.stop([&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    }

    void namespaceReadForbidden()
    {
        // The Lease in cvc-system exists: an operator is there, so join it.
        LeaseNamespaceResolver::Result r = resolveForbidden(403, 200);
        QCOMPARE(r.namespaceName, QStringLiteral("cvc-system"));
        // No Lease there (or not readable): the connection's namespace, saying why.
        r = resolveForbidden(403, 404);
        QCOMPARE(r.namespaceName, QStringLiteral("team-a"));
        QVERIFY2(r.reason.contains(QStringLiteral("forbidden")), qPrintable(r.reason));
        r = resolveForbidden(403, 403);
        QCOMPARE(r.namespaceName, QStringLiteral("team-a"));
        QVERIFY2(r.reason.contains(QStringLiteral("forbidden")), qPrintable(r.reason));
        // A server that cannot answer decides nothing (the runtime retries rather than guessing).
        r = resolveForbidden(500, 200);
        QVERIFY(!r.resolved());
        QVERIFY2(r.reason.contains(QStringLiteral("cvc-system")), qPrintable(r.reason));
    }
};

QTEST_GUILESS_MAIN(TestLeaseNamespace)
#include "tst_leasenamespace.moc"
