// kubectl's generator commands against kube-sandbox (kube-api.md §1.6): kubectl 1.27 and later send
// `kubectl create namespace|configmap|secret generic|serviceaccount|role|rolebinding|clusterrole|
// clusterrolebinding` as protobuf and ask for protobuf back; 1.20 uses JSON. Whatever the wire, the
// object kubectl prints after creating must be the one it would have sent (--dry-run=client) plus
// what the server sets, with no field dropped, and `kubectl get` must show that same object. Run it
// with CVC_KUBECTL=<path> for each kubectl; objects are compared, not text, since versions print
// keys in different orders.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

const QByteArray kProtobuf = "application/vnd.kubernetes.protobuf";

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// What the sandbox adds to what the client sent, as kube-apiserver does: identity, version, time;
// the request's namespace; for a Namespace its name label, the kubernetes finalizer and phase Active.
QJsonObject withServerFields(const QJsonObject &sent, const QJsonObject &created, bool namespaced)
{
    QJsonObject expected = sent;
    QJsonObject metadata = sent.value(QStringLiteral("metadata")).toObject();
    const QJsonObject createdMetadata = created.value(QStringLiteral("metadata")).toObject();
    for (const char *key : {"uid", "resourceVersion", "creationTimestamp"})
        metadata.insert(QLatin1String(key), createdMetadata.value(QLatin1String(key)));
    if (namespaced)
        metadata.insert(QStringLiteral("namespace"), QStringLiteral("default"));
    if (sent.value(QStringLiteral("kind")).toString() == QLatin1String("Namespace")) {
        metadata.insert(QStringLiteral("labels"),
                        QJsonObject{{QStringLiteral("kubernetes.io/metadata.name"), metadata.value(QStringLiteral("name"))}});
        expected.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}});
        expected.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}});
    }
    // kube-apiserver's defaulting; kubectl sends no type unless --type is given.
    if (sent.value(QStringLiteral("kind")).toString() == QLatin1String("Secret") && !sent.contains(QStringLiteral("type")))
        expected.insert(QStringLiteral("type"), QStringLiteral("Opaque"));
    expected.insert(QStringLiteral("metadata"), metadata);
    return expected;
}

// Empty when the server-set metadata looks like kube-apiserver's, else what is wrong.
QString serverMetadataProblem(const QJsonObject &created)
{
    const QJsonObject metadata = created.value(QStringLiteral("metadata")).toObject();
    if (QUuid::fromString(metadata.value(QStringLiteral("uid")).toString()).isNull())
        return QStringLiteral("uid is not a UUID: ") + compact(metadata);
    bool numeric = false;
    metadata.value(QStringLiteral("resourceVersion")).toString().toULongLong(&numeric);
    if (!numeric)
        return QStringLiteral("resourceVersion is not a number: ") + compact(metadata);
    const QString timestamp = metadata.value(QStringLiteral("creationTimestamp")).toString();
    const QDateTime time = QDateTime::fromString(timestamp, Qt::ISODate);
    static const QRegularExpression rfc3339(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
    if (!rfc3339.match(timestamp).hasMatch() || !time.isValid()
        || qAbs(time.secsTo(QDateTime::currentDateTimeUtc())) > 600)
        return QStringLiteral("creationTimestamp is not a recent RFC 3339 time: ") + timestamp;
    return QString();
}

QJsonObject parseObject(const KubectlResult &result)
{
    return QJsonDocument::fromJson(result.standardOutput.toUtf8()).object();
}

} // namespace

class TestKubectlCreate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void generators_data();
    void generators();
    void getAnswersProtobufWhenPreferred();
    void protobufBodyOfOtherKindIsRefused();
    void malformedProtobufIsBadRequest();
    void secretDefaults();

private:
    SandboxProcess m_sandbox;
};

void TestKubectlCreate::initTestCase()
{
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestKubectlCreate::cleanupTestCase()
{
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

void TestKubectlCreate::generators_data()
{
    QTest::addColumn<QStringList>("generator");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("namespaced");
    QTest::newRow("namespace") << QStringList{"namespace", "team-a"} << "namespace" << "team-a" << false;
    QTest::newRow("configmap") << QStringList{"configmap", "c", "--from-literal=a=1", "--from-literal=b=2"} << "configmap" << "c" << true;
    QTest::newRow("secret generic") << QStringList{"secret", "generic", "s", "--from-literal=k=v"} << "secret" << "s" << true;
    QTest::newRow("serviceaccount") << QStringList{"serviceaccount", "sa"} << "serviceaccount" << "sa" << true;
    QTest::newRow("role") << QStringList{"role", "r", "--verb=get", "--resource=configmaps"} << "role" << "r" << true;
    QTest::newRow("rolebinding") << QStringList{"rolebinding", "rb", "--role=r", "--user=alice"} << "rolebinding" << "rb" << true;
    QTest::newRow("clusterrole") << QStringList{"clusterrole", "cr", "--verb=get,list", "--resource=namespaces"} << "clusterrole"
                                 << "cr" << false;
    QTest::newRow("clusterrolebinding") << QStringList{"clusterrolebinding", "crb", "--clusterrole=cr", "--group=devs"}
                                        << "clusterrolebinding" << "crb" << false;
}

void TestKubectlCreate::generators()
{
    QFETCH(QStringList, generator);
    QFETCH(QString, resource);
    QFETCH(QString, name);
    QFETCH(bool, namespaced);
    KubectlRunner kubectl(m_sandbox);

    const KubectlResult dryRun = kubectl.run(QStringList{"create"} + generator + QStringList{"--dry-run=client", "-o", "json"});
    QVERIFY2(dryRun.succeeded(), qPrintable(dryRun.describe()));
    const KubectlResult create = kubectl.run(QStringList{"create"} + generator + QStringList{"-o", "json"});
    QVERIFY2(create.succeeded(), qPrintable(create.describe()));
    const QJsonObject sent = parseObject(dryRun);
    const QJsonObject created = parseObject(create);
    QVERIFY2(!sent.isEmpty(), qPrintable(dryRun.describe()));
    QCOMPARE(created.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(), name);

    const QString problem = serverMetadataProblem(created);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(compact(created), compact(withServerFields(sent, created, namespaced)));

    const KubectlResult get = kubectl.run({"get", resource, name, "-o", "json"});
    QVERIFY2(get.succeeded(), qPrintable(get.describe()));
    QCOMPARE(compact(parseObject(get)), compact(created));
}

// A typed client's single-object GET gets protobuf for these kinds, JSON for the others; Accept
// without protobuf gets JSON as before.
void TestKubectlCreate::getAnswersProtobufWhenPreferred()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("proto-get")));
    const HttpReply protobuf = m_sandbox.request("GET", "/api/v1/namespaces/proto-get", {}, {}, kProtobuf + ",application/json");
    CVC_VERIFY_HTTP(protobuf, 200);
    QCOMPARE(protobuf.header("Content-Type"), kProtobuf);
    QVERIFY2(protobuf.body.startsWith(QByteArrayLiteral("k8s\0")), qPrintable(protobuf.describe()));
    QVERIFY(protobuf.body.contains("Namespace"));
    QVERIFY(protobuf.body.contains("proto-get"));

    const HttpReply json = m_sandbox.request("GET", "/api/v1/namespaces/proto-get");
    CVC_VERIFY_HTTP(json, 200);
    QCOMPARE(json.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(json.json().value(QStringLiteral("status")).toObject().value(QStringLiteral("phase")).toString(), QStringLiteral("Active"));

    const QJsonObject lease{{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"}, {"metadata", QJsonObject{{"name", "l"}}},
                            {"spec", QJsonObject{{"holderIdentity", "me"}}}};
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", lease), 201);
    const HttpReply leaseReply = m_sandbox.request("GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases/l", {}, {},
                                                   kProtobuf + ",application/json");
    CVC_VERIFY_HTTP(leaseReply, 200);
    QCOMPARE(leaseReply.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(leaseReply.json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString(),
             QStringLiteral("me"));
}

// Kinds without a protobuf form here are refused with 415, and the message says which kind and
// what to send instead; nothing is stored.
void TestKubectlCreate::protobufBodyOfOtherKindIsRefused()
{
    const QString leases = QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases");
    const qsizetype leasesBefore = m_sandbox.request("GET", leases).json().value(QStringLiteral("items")).toArray().size();
    // "k8s\0" + runtime.Unknown{typeMeta{apiVersion: coordination.k8s.io/v1, kind: Lease}}
    const QByteArray typeMeta = QByteArray("\x0a\x16", 2) + "coordination.k8s.io/v1" + QByteArray("\x12\x05", 2) + "Lease";
    const QByteArray body = QByteArrayLiteral("k8s\0") + QByteArray("\x0a", 1) + char(typeMeta.size()) + typeMeta;
    const HttpReply reply = m_sandbox.request("POST", leases, body, kProtobuf);
    CVC_VERIFY_STATUS(reply, 415, QStringLiteral("UnsupportedMediaType"));
    const QString message = reply.json().value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QStringLiteral("not for Lease.coordination.k8s.io")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("accepted media types include: application/json, application/yaml")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Namespace")), qPrintable(message));

    const HttpReply deployment = m_sandbox.request("POST", "/apis/apps/v1/namespaces/default/deployments", body, kProtobuf);
    CVC_VERIFY_STATUS(deployment, 415, QStringLiteral("UnsupportedMediaType"));
    QVERIFY2(deployment.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("not for Deployment.apps")),
             qPrintable(deployment.describe()));
    QCOMPARE(m_sandbox.request("GET", leases).json().value(QStringLiteral("items")).toArray().size(), leasesBefore);
}

// Bytes that claim to be protobuf but are not get 400, and the server goes on serving.
void TestKubectlCreate::malformedProtobufIsBadRequest()
{
    const QByteArray truncated = QByteArrayLiteral("k8s\0") + QByteArray("\x0a\xff\xff\xff\x0f", 5);
    const HttpReply reply = m_sandbox.request("POST", "/api/v1/namespaces", truncated, kProtobuf);
    CVC_VERIFY_STATUS(reply, 400, QStringLiteral("BadRequest"));
    QVERIFY2(reply.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("protobuf")), qPrintable(reply.describe()));
    const HttpReply noMagic = m_sandbox.request("POST", "/api/v1/namespaces/default/configmaps", "{\"kind\":\"ConfigMap\"}", kProtobuf);
    CVC_VERIFY_STATUS(noMagic, 400, QStringLiteral("BadRequest"));
    CVC_VERIFY_HTTP(m_sandbox.request("GET", "/api/v1/namespaces/default"), 200);
}

// What a Secret written without kubectl's help becomes: stringData folded into data, type Opaque.
void TestKubectlCreate::secretDefaults()
{
    const QJsonObject secret{{"apiVersion", "v1"}, {"kind", "Secret"},
                             {"metadata", QJsonObject{{"name", "plain"}}},
                             {"stringData", QJsonObject{{"api-key", "not-a-real-key"}}}};
    const HttpReply created = m_sandbox.requestJson("POST", "/api/v1/namespaces/default/secrets", secret);
    CVC_VERIFY_HTTP(created, 201);
    const QJsonObject stored = m_sandbox.request("GET", "/api/v1/namespaces/default/secrets/plain").json();
    QCOMPARE(stored.value("type").toString(), QStringLiteral("Opaque"));
    QCOMPARE(stored.value("data").toObject().value("api-key").toString(), QStringLiteral("bm90LWEtcmVhbC1rZXk="));
    QVERIFY(!stored.contains("stringData"));
}

QTEST_GUILESS_MAIN(TestKubectlCreate)
#include "tst_kubectlcreate.moc"
