// The test-only admin endpoints of a real kube-sandbox: only the admin token opens them (a user
// merely called sandbox-admin does not), faults can aim at one client, and the write log tells
// who wrote what and when.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>
#include <QUuid>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

const QByteArray kKubectlAgent = "kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07";
const QByteArray kOperatorAgent = "cvc-operator/0.1.0";
const QString kConfigMaps = QStringLiteral("/api/v1/namespaces/default/configmaps");

QByteArray configMap(const QString &name, const QString &value)
{
    return QJsonDocument(QJsonObject{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", name}}},
                                     {"data", QJsonObject{{"value", value}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestSandboxAdmin : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;
    QByteArray m_aliceToken = QUuid::createUuid().toByteArray(QUuid::Id128);
    QByteArray m_impostorToken = QUuid::createUuid().toByteArray(QUuid::Id128);

    HttpReply as(const QByteArray &token, const QByteArray &agent, const QByteArray &method, const QString &path,
                 const QByteArray &body = {}, const QByteArray &contentType = "application/json")
    {
        return m_sandbox.request(method, path, body, body.isEmpty() ? QByteArray() : contentType, "application/json",
                                 {{"Authorization", "Bearer " + token}, {"User-Agent", agent}}, false);
    }

    // A request authenticated by a client certificate only.
    HttpReply withCertificate(const QByteArray &certificatePem, const QByteArray &keyPem, const QByteArray &method,
                              const QString &path, const QByteArray &body = {})
    {
        QNetworkRequest request = m_sandbox.networkRequest(path, "application/json", false);
        QSslConfiguration tls = request.sslConfiguration();
        tls.setLocalCertificate(QSslCertificate(certificatePem, QSsl::Pem));
        tls.setPrivateKey(QSslKey(keyPem, QSsl::Ec, QSsl::Pem));
        request.setSslConfiguration(tls);
        if (!body.isEmpty())
            request.setRawHeader("Content-Type", "application/json");
        QNetworkAccessManager network;
        QNetworkReply *reply = network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        HttpReply result;
        if (!reply->isFinished() && !finished.wait(20000))
            return result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.errorString = reply->errorString();
        delete reply;
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString tokens = m_sandbox.tempPath() + QStringLiteral("/tokens.csv");
        // A token file line may call its user sandbox-admin; that must not make it the admin.
        QVERIFY(CvcFixtures::writeFile(tokens, m_aliceToken + ",alice,1001,\"devs\"\n" + m_impostorToken
                                                   + ",sandbox-admin,1002,\"system:masters\"\n",
                                       true));
        // A data file, because client certificates are issued by the CA kept beside it.
        m_sandbox.setDataFile(m_sandbox.tempPath() + QStringLiteral("/state.db"));
        QVERIFY2(m_sandbox.start({"--token-auth-file", tokens}), qPrintable(m_sandbox.errorString()));
        // RBAC is on: alice may read and write (the bootstrap role edit), so her requests reach
        // the faults and the write log.
        const HttpReply bound = m_sandbox.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
                                                  R"({"metadata":{"name":"alice-edit"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},)"
                                                  R"("subjects":[{"kind":"User","name":"alice"}]})",
                                                  "application/json");
        QVERIFY2(bound.status == 201, bound.body.constData());
    }

    void cleanupTestCase()
    {
        if (m_sandbox.isRunning())
            QCOMPARE(m_sandbox.stop(), 0);
    }

    void adminEndpointsNeedTheAdminTokenItself()
    {
        QByteArray certificate;
        QByteArray key;
        QVERIFY2(m_sandbox.issueClientCertificate(QStringLiteral("sandbox-admin"), {QStringLiteral("system:masters")}, &certificate, &key),
                 qPrintable(m_sandbox.errorString()));
        // The certificate is a valid login for the API...
        QCOMPARE(withCertificate(certificate, key, "GET", kConfigMaps).status, 200);
        // ...but not for the admin endpoints, whatever its CN says.
        for (const char *topic : {"faults", "stats", "writes"}) {
            const QString path = QStringLiteral("/sandbox/") + QLatin1String(topic);
            const HttpReply byCertificate = withCertificate(certificate, key, "GET", path);
            QVERIFY2(byCertificate.status == 403, qPrintable(path + QStringLiteral(": ") + byCertificate.describe()));
            CVC_VERIFY_STATUS(as(m_impostorToken, kKubectlAgent, "GET", path), 403, QStringLiteral("Forbidden"));
            CVC_VERIFY_STATUS(as(m_aliceToken, kKubectlAgent, "GET", path), 403, QStringLiteral("Forbidden"));
            QCOMPARE(m_sandbox.request("GET", path).status, 200);
        }
        const QByteArray latency = R"({"latencyMs":100})";
        QCOMPARE(withCertificate(certificate, key, "POST", QStringLiteral("/sandbox/faults"), latency).status, 403);
        QCOMPARE(as(m_impostorToken, kKubectlAgent, "POST", QStringLiteral("/sandbox/faults"), latency).status, 403);
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/sandbox/faults")).json()["latencyMs"].toInt(), 0);
    }

    void faultsAimedAtOneUserAgent()
    {
        QVERIFY2(m_sandbox.setFaultForUserAgent(QStringLiteral("cvc-operator"), {{"failRatio", 1}, {"failStatus", 503}, {"retryAfterSeconds", 3}}),
                 qPrintable(m_sandbox.errorString()));
        const HttpReply failed = as(m_aliceToken, kOperatorAgent, "GET", kConfigMaps);
        CVC_VERIFY_STATUS(failed, 503, QStringLiteral("ServiceUnavailable"));
        QCOMPARE(failed.header("Retry-After"), QByteArray("3"));
        // The same user with another client, and other clients, are not hit.
        QCOMPARE(as(m_aliceToken, kKubectlAgent, "GET", kConfigMaps).status, 200);
        QCOMPARE(m_sandbox.request("GET", kConfigMaps).status, 200);
        const QJsonObject settings = m_sandbox.request("GET", QStringLiteral("/sandbox/faults")).json();
        QCOMPARE(settings["failRatio"].toDouble(), 0.0);
        const QJsonArray targets = settings["targets"].toArray();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets[0]["target"].toObject(), (QJsonObject{{"userAgent", "cvc-operator"}}));
        QCOMPARE(targets[0]["injectedFailures"].toInt(), 1);
        QVERIFY(m_sandbox.setFault({{"reset", true}}));
        QCOMPARE(as(m_aliceToken, kOperatorAgent, "GET", kConfigMaps).status, 200);
    }

    void faultsAimedAtOneUser()
    {
        QVERIFY2(m_sandbox.setFaultForUser(QStringLiteral("alice"), {{"failRatio", 1}, {"failStatus", 429}}),
                 qPrintable(m_sandbox.errorString()));
        CVC_VERIFY_STATUS(as(m_aliceToken, kKubectlAgent, "GET", kConfigMaps), 429, QStringLiteral("TooManyRequests"));
        QCOMPARE(as(m_impostorToken, kKubectlAgent, "GET", kConfigMaps).status, 200);
        // The global settings still work beside a target, for everyone else.
        QVERIFY(m_sandbox.setFault({{"failRatio", 1}, {"failStatus", 500}}));
        QCOMPARE(m_sandbox.request("GET", kConfigMaps).status, 500);
        QCOMPARE(as(m_aliceToken, kKubectlAgent, "GET", kConfigMaps).status, 429);
        // A target cannot take one-shot actions that act on everyone.
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/faults"),
                                       {{"target", QJsonObject{{"user", "alice"}}}, {"dropWatches", true}})
                     .status,
                 400);
        QVERIFY(m_sandbox.setFault({{"reset", true}}));
        QCOMPARE(as(m_aliceToken, kKubectlAgent, "GET", kConfigMaps).status, 200);
    }

    void writeLogTellsWhoWroteWhat()
    {
        QVERIFY2(m_sandbox.clearWrites(), qPrintable(m_sandbox.errorString()));
        const HttpReply created = as(m_aliceToken, kKubectlAgent, "POST", kConfigMaps + QStringLiteral("?fieldManager=kubectl-client-side-apply"),
                                     configMap(QStringLiteral("logged"), QStringLiteral("1")));
        QCOMPARE(created.status, 201);
        const HttpReply patched = as(m_sandbox.adminToken(), kOperatorAgent, "PATCH", kConfigMaps + QStringLiteral("/logged"),
                                     R"({"data":{"value":"2"}})", "application/merge-patch+json");
        QCOMPARE(patched.status, 200);
        // Neither an unchanged write nor a refused one is a change.
        QCOMPARE(as(m_sandbox.adminToken(), kOperatorAgent, "PATCH", kConfigMaps + QStringLiteral("/logged"),
                    R"({"data":{"value":"2"}})", "application/merge-patch+json")
                     .status,
                 200);
        QCOMPARE(as(m_aliceToken, kKubectlAgent, "POST", kConfigMaps, configMap(QStringLiteral("logged"), QStringLiteral("3"))).status, 409);
        const HttpReply deleted = as(m_aliceToken, kKubectlAgent, "DELETE", kConfigMaps + QStringLiteral("/logged"));
        QCOMPARE(deleted.status, 200);

        const QJsonArray writes = m_sandbox.writes();
        QCOMPARE(writes.size(), 3);
        const QJsonObject create = writes[0].toObject();
        QCOMPARE(create["user"].toString(), QStringLiteral("alice"));
        QCOMPARE(create["userAgent"].toString(), QString::fromLatin1(kKubectlAgent));
        QCOMPARE(create["fieldManager"].toString(), QStringLiteral("kubectl-client-side-apply"));
        QCOMPARE(create["verb"].toString(), QStringLiteral("create"));
        QCOMPARE(create["resource"].toString(), QStringLiteral("configmaps"));
        QCOMPARE(create["apiGroup"].toString(), QString());
        QCOMPARE(create["namespace"].toString(), QStringLiteral("default"));
        QCOMPARE(create["name"].toString(), QStringLiteral("logged"));
        QCOMPARE(create["resourceVersion"].toString(), CvcFixtures::resourceVersion(created.json()));
        const QJsonObject patch = writes[1].toObject();
        QCOMPARE(patch["user"].toString(), QStringLiteral("sandbox-admin"));
        QCOMPARE(patch["fieldManager"].toString(), QStringLiteral("cvc-operator"));
        QCOMPARE(patch["verb"].toString(), QStringLiteral("patch"));
        QCOMPARE(patch["resourceVersion"].toString(), CvcFixtures::resourceVersion(patched.json()));
        const QJsonObject remove = writes[2].toObject();
        QCOMPARE(remove["user"].toString(), QStringLiteral("alice"));
        QCOMPARE(remove["verb"].toString(), QStringLiteral("delete"));
        QCOMPARE(remove["type"].toString(), QStringLiteral("DELETED"));
        QCOMPARE(remove["fieldManager"].toString(), QStringLiteral("kubectl"));
        // In the order they happened, to the millisecond.
        const QDateTime first = QDateTime::fromString(create["time"].toString(), Qt::ISODateWithMs);
        const QDateTime last = QDateTime::fromString(remove["time"].toString(), Qt::ISODateWithMs);
        QVERIFY(first.isValid() && last.isValid() && first <= last);

        QUrlQuery byAlice;
        byAlice.addQueryItem(QStringLiteral("user"), QStringLiteral("alice"));
        QCOMPARE(m_sandbox.writes(byAlice).size(), 2);
        QUrlQuery afterCreate;
        afterCreate.addQueryItem(QStringLiteral("sinceResourceVersion"), create["resourceVersion"].toString());
        QCOMPARE(m_sandbox.writes(afterCreate).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSandboxAdmin)
#include "tst_sandboxadmin.moc"
