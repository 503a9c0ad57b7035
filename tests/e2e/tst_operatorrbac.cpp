// cvc-operator with exactly the RBAC deploy/ installs (`kubectl kustomize deploy/overlays/operator-only
// | kubectl apply -f -`), as its ServiceAccount (a token from kube-sandbox --service-account-token,
// read from a file like a pod's), against a sandbox that authorizes as kube-apiserver does: it
// values CVCs, holds its Lease and posts Events with no 403. Each rule deploy/base/rbac.yaml grants
// is then removed in turn: the test shows what breaks and that the operator's log names the
// missing permission.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include "tempkubeconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace cvc::e2e;
using cvc::testsupport::TempKubeconfig;

namespace {

const QString kServiceAccount = QStringLiteral("system:serviceaccount:cvc-system:cvc-operator");

// A running sandbox with deploy/ installed as its operator-only overlay renders it (namespace,
// ServiceAccount, RBAC and the rest), two CVCs, and a kubeconfig that authenticates as the
// operator's ServiceAccount.
struct DeployedSandbox
{
    SandboxProcess sandbox;
    QString operatorKubeconfig;

    bool start(const QStringList &rbacPatch, QString *error)
    {
        const QString tokenFile = sandbox.tempPath() + QStringLiteral("/cvc-operator.token");
        if (!sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                            QStringLiteral("--service-account-token"), QStringLiteral("cvc-system/cvc-operator=") + tokenFile})) {
            *error = sandbox.errorString();
            return false;
        }
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kustomize(QStringLiteral("operator-only"));
        if (r.succeeded())
            r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, r.standardOutput.toUtf8());
        if (r.succeeded())
            r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml")),
                             QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/ethereum.yaml"))});
        if (r.succeeded() && !rbacPatch.isEmpty())
            r = kubectl.run(rbacPatch);
        if (!r.succeeded()) {
            *error = r.describe();
            return false;
        }
        TempKubeconfig config = TempKubeconfig::forSandbox(sandbox);
        config.setTokenFile(tokenFile);
        operatorKubeconfig = sandbox.tempPath() + QStringLiteral("/cvc-operator.kubeconfig");
        if (!config.writeTo(operatorKubeconfig)) {
            *error = QStringLiteral("cannot write %1").arg(operatorKubeconfig);
            return false;
        }
        return true;
    }
};

// As deploy/base/deployment.yaml runs it.
QStringList operatorArgs()
{
    return {QStringLiteral("--all-namespaces"), QStringLiteral("--lease-namespace"), QStringLiteral("cvc-system")};
}

QJsonObject cvcObject(SandboxProcess &sandbox, const QString &name)
{
    return sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/") + name).json();
}

QString annotationValue(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject().value(QStringLiteral("value")).toString();
}

double statusValue(const QJsonObject &object)
{
    return object.value(QStringLiteral("status")).toObject().value(QStringLiteral("value")).toDouble();
}

QString leaseHolder(SandboxProcess &sandbox)
{
    return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/cvc-system/leases/cvc-operator"))
        .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString();
}

QStringList eventReasons(SandboxProcess &sandbox)
{
    QStringList reasons;
    for (const QJsonValue &event : sandbox.request("GET", QStringLiteral("/api/v1/events")).json().value(QStringLiteral("items")).toArray())
        reasons << event.toObject().value(QStringLiteral("reason")).toString();
    return reasons;
}

bool makeInvalid(SandboxProcess &sandbox, const QString &name)
{
    return sandbox.request("PATCH", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/") + name,
                           R"({"spec":{"amount":-1}})", "application/merge-patch+json")
               .status
        == 200;
}

} // namespace

class TestOperatorRbac : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void deployRbacIsEnough();
    void missingRuleIsNamed_data();
    void missingRuleIsNamed();
};

void TestOperatorRbac::deployRbacIsEnough()
{
    DeployedSandbox deployed;
    QString error;
    QVERIFY2(deployed.start({}, &error), qPrintable(error));
    SandboxProcess &sandbox = deployed.sandbox;
    FakeCoinGeckoProcess prices;
    QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222"), QStringLiteral("--price"), QStringLiteral("ethereum=3095.76")}),
             qPrintable(prices.errorString()));
    OperatorProcess op;
    QVERIFY2(op.start(deployed.operatorKubeconfig, prices.rootUrl(), operatorArgs(), QStringLiteral("2s")), qPrintable(op.errorString()));

    // Values: the annotation on the object and status through /status.
    QTRY_VERIFY2_WITH_TIMEOUT(statusValue(cvcObject(sandbox, QStringLiteral("bitcoin-stash"))) == 94.8106, qPrintable(op.output()), 20000);
    QCOMPARE(annotationValue(cvcObject(sandbox, QStringLiteral("bitcoin-stash"))), QStringLiteral("$94.8106"));
    QTRY_COMPARE_WITH_TIMEOUT(annotationValue(cvcObject(sandbox, QStringLiteral("lump-of-ethereum"))), QStringLiteral("$4550.7672"), 10000);
    // The Lease, held and renewed.
    QVERIFY2(!leaseHolder(sandbox).isEmpty(), qPrintable(op.output()));
    // Events: the leader's, and a Warning for an invalid spec.
    QVERIFY(makeInvalid(sandbox, QStringLiteral("lump-of-ethereum")));
    QTRY_VERIFY2_WITH_TIMEOUT(eventReasons(sandbox).contains(QStringLiteral("InvalidSpec")), qPrintable(op.output()), 10000);
    QVERIFY(eventReasons(sandbox).contains(QStringLiteral("LeaderElection")));

    // All of it as the ServiceAccount (the Lease renewed too), and no request refused.
    const auto written = [&sandbox] {
        QUrlQuery filter;
        filter.addQueryItem(QStringLiteral("user"), kServiceAccount);
        QStringList out;
        for (const QJsonValue &write : sandbox.writes(filter))
            out << write.toObject().value(QStringLiteral("verb")).toString() + QLatin1Char(' ') + write.toObject().value(QStringLiteral("resource")).toString();
        return out;
    };
    QTRY_VERIFY_WITH_TIMEOUT(written().contains(QStringLiteral("update leases")), 10000);
    for (const char *expected : {"patch cryptovaluecalculators", "create events", "create leases"})
        QVERIFY2(written().contains(QLatin1String(expected)), qPrintable(written().join(QStringLiteral(", "))));
    QVERIFY2(!op.output().contains(QStringLiteral("Forbidden")) && !op.output().contains(QStringLiteral("forbidden")), qPrintable(op.output()));
    QCOMPARE(op.terminate(), 0);
}

void TestOperatorRbac::missingRuleIsNamed_data()
{
    QTest::addColumn<QStringList>("rbacPatch");
    QTest::addColumn<QString>("logged");
    const QString json = QStringLiteral("--type=json");
    // deploy/base/rbac.yaml: ClusterRole rules 0 CVCs, 1 CVC status, 2 events; Role rule 0 leases.
    QTest::newRow("status patch")
        << QStringList{QStringLiteral("patch"), QStringLiteral("clusterrole"), QStringLiteral("cvc-operator"), json, QStringLiteral("-p"),
                       QStringLiteral(R"([{"op":"test","path":"/rules/1/resources/0","value":"cryptovaluecalculators/status"},{"op":"remove","path":"/rules/1"}])")}
        << QStringLiteral(R"(User "system:serviceaccount:cvc-system:cvc-operator" cannot patch resource "cryptovaluecalculators/status" in API group "crypto.tools" in the namespace "default")");
    QTest::newRow("lease")
        << QStringList{QStringLiteral("patch"), QStringLiteral("role"), QStringLiteral("cvc-operator-leader-election"), QStringLiteral("-n"),
                       QStringLiteral("cvc-system"), json, QStringLiteral("-p"),
                       QStringLiteral(R"([{"op":"test","path":"/rules/0/resources/0","value":"leases"},{"op":"remove","path":"/rules/0"}])")}
        << QStringLiteral("not allowed to use Lease cvc-system/cvc-operator for leader election");
    QTest::newRow("events")
        << QStringList{QStringLiteral("patch"), QStringLiteral("clusterrole"), QStringLiteral("cvc-operator"), json, QStringLiteral("-p"),
                       QStringLiteral(R"([{"op":"test","path":"/rules/2/resources/0","value":"events"},{"op":"remove","path":"/rules/2"}])")}
        << QStringLiteral(R"(cannot create resource "events" in API group "" in the namespace)");
    QTest::newRow("CVC list, watch and patch")
        << QStringList{QStringLiteral("patch"), QStringLiteral("clusterrole"), QStringLiteral("cvc-operator"), json, QStringLiteral("-p"),
                       QStringLiteral(R"([{"op":"test","path":"/rules/0/resources/0","value":"cryptovaluecalculators"},{"op":"remove","path":"/rules/0"}])")}
        << QStringLiteral(R"(cannot read CVCs, so none is valued: listing cryptovaluecalculators.crypto.tools failed: )");
}

void TestOperatorRbac::missingRuleIsNamed()
{
    QFETCH(QStringList, rbacPatch);
    QFETCH(QString, logged);
    DeployedSandbox deployed;
    QString error;
    QVERIFY2(deployed.start(rbacPatch, &error), qPrintable(error));
    SandboxProcess &sandbox = deployed.sandbox;
    QVERIFY(makeInvalid(sandbox, QStringLiteral("lump-of-ethereum")));
    FakeCoinGeckoProcess prices;
    QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
    OperatorProcess op;
    QVERIFY2(op.start(deployed.operatorKubeconfig, prices.rootUrl(), operatorArgs(), QStringLiteral("2s")), qPrintable(op.output()));
    // As logged, with the escaping of quotes inside a logfmt or JSON field undone.
    QTRY_VERIFY2_WITH_TIMEOUT(op.output().remove(QLatin1Char('\\')).contains(logged), qPrintable(op.output()), 15000);

    // What breaks, as a user would see it.
    const QJsonObject bitcoin = cvcObject(sandbox, QStringLiteral("bitcoin-stash"));
    const QString row = QString::fromLatin1(QTest::currentDataTag());
    if (row == QLatin1String("status patch")) {
        // The value annotation is written, status never is.
        QTRY_COMPARE_WITH_TIMEOUT(annotationValue(cvcObject(sandbox, QStringLiteral("bitcoin-stash"))), QStringLiteral("$94.8106"), 5000);
        QVERIFY(!cvcObject(sandbox, QStringLiteral("bitcoin-stash")).value(QStringLiteral("status")).toObject().contains(QStringLiteral("value")));
    } else if (row == QLatin1String("lease")) {
        // No Lease, so no writes at all: the operator stops rather than write unelected.
        QTRY_VERIFY_WITH_TIMEOUT(!op.isRunning(), 10000);
        QVERIFY(annotationValue(bitcoin).isEmpty());
        QVERIFY(leaseHolder(sandbox).isEmpty());
        QVERIFY2(op.output().contains(QStringLiteral("Grant get/create/update on leases in namespace cvc-system")), qPrintable(op.output()));
    } else if (row == QLatin1String("events")) {
        // Values go on; the Warning for the invalid spec never reaches kubectl get events.
        QTRY_COMPARE_WITH_TIMEOUT(annotationValue(cvcObject(sandbox, QStringLiteral("bitcoin-stash"))), QStringLiteral("$94.8106"), 10000);
        QVERIFY(!eventReasons(sandbox).contains(QStringLiteral("InvalidSpec")));
    } else {
        // Without list and watch the operator never sees a CVC: nothing is valued.
        QVERIFY2(op.output().contains(QStringLiteral(R"(cannot list resource "cryptovaluecalculators" in API group "crypto.tools" at the cluster scope)")),
                 qPrintable(op.output()));
        QTest::qWait(3000);
        QVERIFY(annotationValue(cvcObject(sandbox, QStringLiteral("bitcoin-stash"))).isEmpty());
    }
    if (op.isRunning())
        op.terminate();
}

QTEST_GUILESS_MAIN(TestOperatorRbac)
#include "tst_operatorrbac.moc"
