// Fidelity check 40 of kube-api.md §7: the HTTPS auth matrix with real kubectl — token, tokenFile,
// basic, client certificate, exec v1 (provideClusterInfo, interactiveMode Never) and exec v1beta1 —
// and the exact 401 Status for bad credentials. Tokens are random per run and never printed.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"
#include "tempkubeconfig.h"

#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>
#include <QVersionNumber>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
QByteArray randomToken()
{
    return QUuid::createUuid().toByteArray(QUuid::Id128);
}

const QJsonObject kUnauthorized{{"kind", "Status"},      {"apiVersion", "v1"},           {"metadata", QJsonObject()},
                                {"status", "Failure"},   {"message", "Unauthorized"},    {"reason", "Unauthorized"},
                                {"code", 401}};

// The first kubectl that speaks client.authentication.k8s.io/v1 to exec plugins.
const QVersionNumber kExecV1Since(1, 22);
} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void kubectlWithEachKind_data();
    void kubectlWithEachKind();
    void execClusterInfo();
    void unauthorized_data();
    void unauthorized();
    void kubectlWithWrongToken();
    void adminEndpointNeedsAdmin();

private:
    TempKubeconfig::Exec execPlugin(const QString &apiVersion, const QString &infoFile) const;
    QString path(const QString &name) const { return m_sandbox.tempPath() + QLatin1Char('/') + name; }

    SandboxProcess m_sandbox;
    QByteArray m_aliceToken = randomToken();
    QByteArray m_execToken = randomToken();
    QByteArray m_bobPassword = randomToken();
};

void TestAuth::initTestCase()
{
    // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    QVERIFY(CvcFixtures::writeFile(path("tokens.csv"), m_aliceToken + ",alice,1001,\"devs,ops\"\n" + m_execToken + ",exec-user,1003\n", true));
    QVERIFY(CvcFixtures::writeFile(path("basic.csv"), m_bobPassword + ",bob,1002,\"devs\"\n", true));
    QVERIFY(CvcFixtures::writeFile(path("alice.token"), m_aliceToken + "\n", true));
    QVERIFY(CvcFixtures::writeFile(path("exec.token"), m_execToken, true));
    // A data file, because client certificates are issued by the CA kept beside it.
    m_sandbox.setDataFile(path("state.db"));
    QVERIFY2(m_sandbox.start({"--token-auth-file", path("tokens.csv"), "--basic-auth-file", path("basic.csv")}),
             qPrintable(m_sandbox.errorString()));
    // RBAC is on: every user here may read (the bootstrap role view), so `get namespaces` shows
    // authentication alone. tst_rbacfidelity checks what they may not do.
    const HttpReply bound = m_sandbox.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                                              R"({"metadata":{"name":"all-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},)"
                                              R"("subjects":[{"kind":"Group","name":"system:authenticated"}]})",
                                              "application/json");
    QVERIFY2(bound.status == 201, bound.body.constData());
}

void TestAuth::cleanupTestCase()
{
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

TempKubeconfig::Exec TestAuth::execPlugin(const QString &apiVersion, const QString &infoFile) const
{
    TempKubeconfig::Exec exec;
    exec.command = SandboxProcess::sourcePath("tests/sandbox/exec-plugin.sh");
    exec.apiVersion = apiVersion;
    exec.env = {{"CVC_EXEC_API_VERSION", apiVersion}, {"CVC_EXEC_TOKEN_FILE", path("exec.token")}, {"CVC_EXEC_INFO_OUT", infoFile}};
    return exec;
}

void TestAuth::kubectlWithEachKind_data()
{
    QTest::addColumn<QString>("kind");
    for (const char *kind : {"admin", "token", "tokenFile", "basic", "clientCertificate", "execV1", "execV1beta1"})
        QTest::newRow(kind) << QString::fromLatin1(kind);
}

// Check 40: each kind of credential gets `kubectl get ns` through.
void TestAuth::kubectlWithEachKind()
{
    QFETCH(QString, kind);
    TempKubeconfig config = TempKubeconfig::forSandbox(m_sandbox);
    if (kind == QLatin1String("admin")) {
        config.setToken(m_sandbox.adminToken());
    } else if (kind == QLatin1String("token")) {
        config.setToken(m_aliceToken);
    } else if (kind == QLatin1String("tokenFile")) {
        config.setTokenFile(path("alice.token"));
    } else if (kind == QLatin1String("basic")) {
        config.setBasicAuth("bob", QString::fromLatin1(m_bobPassword));
    } else if (kind == QLatin1String("clientCertificate")) {
        QByteArray certificate, key;
        QVERIFY2(m_sandbox.issueClientCertificate("carol", {"devs"}, &certificate, &key), qPrintable(m_sandbox.errorString()));
        config.setClientCertificate(certificate, key);
    } else if (kind == QLatin1String("execV1")) {
        if (KubectlRunner::clientVersion() < kExecV1Since)
            QSKIP("client.authentication.k8s.io/v1 exec plugins came in kubectl 1.22; v1beta1 is checked");
        TempKubeconfig::Exec exec = execPlugin("client.authentication.k8s.io/v1", path("exec-v1.json"));
        exec.provideClusterInfo = true;
        exec.clusterConfig = QJsonObject{{"audience", "cvc-test"}};
        config.setExec(exec);
    } else {
        TempKubeconfig::Exec exec = execPlugin("client.authentication.k8s.io/v1beta1", path("exec-v1beta1.json"));
        exec.interactiveMode.clear();   // defaulted to IfAvailable for v1beta1
        config.setExec(exec);
    }
    const QString kubeconfig = path(kind + ".kubeconfig");
    QVERIFY(config.writeTo(kubeconfig));
    KubectlRunner kubectl(kubeconfig);
    const KubectlResult result = kubectl.run({"get", "namespaces"});
    QVERIFY2(result.succeeded(), qPrintable(result.describe()));
    QVERIFY2(result.standardOutput.contains("kube-system"), qPrintable(result.describe()));
    QVERIFY2(result.standardOutput.contains("default"), qPrintable(result.describe()));
}

// Check 40: what the exec plugin was told.
void TestAuth::execClusterInfo()
{
    QFile v1beta1(path("exec-v1beta1.json"));
    QVERIFY2(v1beta1.open(QIODevice::ReadOnly), "the v1beta1 exec plugin never ran");
    const QJsonObject beta = QJsonDocument::fromJson(v1beta1.readAll()).object();
    QCOMPARE(beta.value("apiVersion").toString(), QStringLiteral("client.authentication.k8s.io/v1beta1"));
    QVERIFY(!beta.value("spec").toObject().contains("cluster"));

    if (KubectlRunner::clientVersion() < kExecV1Since)
        QSKIP("client.authentication.k8s.io/v1 exec plugins came in kubectl 1.22; v1beta1 is checked");
    QFile v1(path("exec-v1.json"));
    QVERIFY2(v1.open(QIODevice::ReadOnly), "the v1 exec plugin never ran");
    const QJsonObject info = QJsonDocument::fromJson(v1.readAll()).object();
    QCOMPARE(info.value("kind").toString(), QStringLiteral("ExecCredential"));
    QCOMPARE(info.value("apiVersion").toString(), QStringLiteral("client.authentication.k8s.io/v1"));
    const QJsonObject cluster = info.value("spec").toObject().value("cluster").toObject();
    QCOMPARE(cluster.value("server").toString(), m_sandbox.url().toString());
    QCOMPARE(cluster.value("config").toObject(), (QJsonObject{{"audience", "cvc-test"}}));
    QCOMPARE(QByteArray::fromBase64(cluster.value("certificate-authority-data").toString().toLatin1()), m_sandbox.caCertificatePem());
    QCOMPARE(info.value("spec").toObject().value("interactive").toBool(true), false);
}

void TestAuth::unauthorized_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("wrong token") << QByteArray("Bearer not-a-token");
    QTest::newRow("no credentials") << QByteArray();
    QTest::newRow("wrong password") << QByteArray("Basic " + QByteArray("bob:wrong").toBase64());
    QTest::newRow("unknown scheme") << QByteArray("Negotiate abc");
}

// Check 40: the 401 body, exactly.
void TestAuth::unauthorized()
{
    QFETCH(QByteArray, authorization);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    const HttpReply reply = m_sandbox.request("GET", "/api/v1/namespaces", {}, {}, "application/json", headers, false);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.json(), kUnauthorized);
}

// How kubectl reports a rejected token. With a fresh discovery cache the first 401 comes from
// discovery, which newer client-go reads raw and reports with its generic text; with discovery cached,
// the 401 on the resource request is decoded from the Status body ("Unauthorized").
void TestAuth::kubectlWithWrongToken()
{
    TempKubeconfig config = TempKubeconfig::forSandbox(m_sandbox);
    config.setToken("not-a-token");
    QVERIFY(config.writeTo(path("wrong.kubeconfig")));
    KubectlRunner kubectl(path("wrong.kubeconfig"));
    const KubectlResult fresh = kubectl.run({"get", "cvc"});
    QCOMPARE(fresh.exitCode, 1);
    // kubectl 1.20's discovery still decodes the Status body, so it prints the server's "Unauthorized".
    const QString freshReason = KubectlRunner::clientVersion() < QVersionNumber(1, 27)
        ? QStringLiteral("Unauthorized")
        : QStringLiteral("the server has asked for the client to provide credentials");
    // Newer kubectls log each failed discovery attempt first; the verdict is the last line.
    QCOMPARE(fresh.standardError.trimmed().split(QLatin1Char('\n')).last(), QStringLiteral("error: You must be logged in to the server (%1)").arg(freshReason));

    kubectl.setKubeconfig(m_sandbox.kubeconfigPath());
    QVERIFY(kubectl.run({"get", "namespaces"}).succeeded());   // fills the discovery cache
    kubectl.setKubeconfig(path("wrong.kubeconfig"));
    const KubectlResult cached = kubectl.run({"get", "namespaces"});
    QCOMPARE(cached.exitCode, 1);
    QCOMPARE(cached.standardError.trimmed(), QStringLiteral("error: You must be logged in to the server (Unauthorized)"));
}

// The fault and stats endpoints are for the admin only.
void TestAuth::adminEndpointNeedsAdmin()
{
    const HttpReply reply = m_sandbox.request("GET", "/sandbox/stats", {}, {}, "application/json",
                                              {{"Authorization", "Bearer " + m_aliceToken}}, false);
    CVC_VERIFY_STATUS(reply, 403, QStringLiteral("Forbidden"));
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
