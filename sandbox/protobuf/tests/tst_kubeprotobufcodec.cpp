// KubeProtobufCodec: every kind of the subset survives JSON → protobuf → JSON unchanged, the
// special mappings (meta.v1.Time, base64 bytes, FieldsV1, omitempty against pointer fields) give
// what Go's JSON of the same object gives, the bytes match the Kubernetes field numbers, and a
// field the message lacks is reported instead of dropped.
#include "core_v1.pb.h"
#include "protobuf/kubeprotobufcodec.h"
#include "protobuf/kubeprotobufregistry.h"
#include "runtime.pb.h"
#include "wirebytes.h"

#include <QJsonDocument>
#include <QTest>

using cvc::sandbox::KubeProtobufCodec;
using cvc::sandbox::KubeProtobufRegistry;

namespace {

QJsonObject parse(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

QString text(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

const QJsonObject decode(const QByteArray &wire, QString *error = nullptr)
{
    QString message;
    const auto object = KubeProtobufCodec::decode(wire, QString(), QString(), &message);
    if (error)
        *error = message;
    return object.value_or(QJsonObject{{QStringLiteral("decodeError"), message}});
}

QByteArray encode(const QJsonObject &object)
{
    QString error;
    const auto wire = KubeProtobufCodec::encode(object, &error);
    if (!wire)
        qWarning("encode failed: %s", qPrintable(error));
    return wire.value_or(QByteArray());
}

// The kind's own message (runtime.Unknown.raw) of a body.
QByteArray rawOf(const QByteArray &wire)
{
    k8s::io::apimachinery::pkg::runtime::Unknown envelope;
    if (!envelope.ParseFromArray(wire.constData() + 4, int(wire.size() - 4)))
        return {};
    return QByteArray::fromStdString(envelope.raw());
}

} // namespace

class TestKubeProtobufCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void goldenBytes();
    void decodesWhatGoWrites();
    void pointerFieldsKeepFalse();
    void timeMapping();
    void base64Mapping();
    void missingFieldsAreReported();
    void wrongTypesAreReported();
    void unsupportedKinds();
    void typeMetaFallsBackToTheRequest();
    void unknownFieldsAreDropped();
};

void TestKubeProtobufCodec::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("Namespace") << QByteArray(R"({"apiVersion":"v1","kind":"Namespace",
        "metadata":{"name":"team-a","uid":"0b4f3c1e-9d7a-4f0e-8a43-2f6e1d9c7b55","resourceVersion":"42",
                    "creationTimestamp":"2026-12-07T10:00:00Z","labels":{"kubernetes.io/metadata.name":"team-a"}},
        "spec":{"finalizers":["kubernetes"]},
        "status":{"phase":"Terminating","conditions":[{"type":"NamespaceDeletionContentFailure","status":"False",
                  "lastTransitionTime":"2026-12-07T10:05:00Z","reason":"ContentDeleted","message":"All content successfully deleted"}]}})");
    QTest::newRow("Namespace empty spec and status") << QByteArray(R"({"apiVersion":"v1","kind":"Namespace",
        "metadata":{"name":"team-b"},"spec":{},"status":{}})");
    QTest::newRow("ConfigMap") << QByteArray(R"({"apiVersion":"v1","kind":"ConfigMap",
        "metadata":{"name":"c","namespace":"default","annotations":{"note":"two\nlines"}},
        "data":{"a":"1","b":"2","empty":""},"binaryData":{"blob":"AAEC/w=="},"immutable":false})");
    QTest::newRow("Secret") << QByteArray(R"({"apiVersion":"v1","kind":"Secret",
        "metadata":{"name":"s","namespace":"default"},"type":"Opaque","data":{"k":"dg==","zero":""},
        "stringData":{"plain":"text"},"immutable":true})");
    QTest::newRow("ServiceAccount") << QByteArray(R"({"apiVersion":"v1","kind":"ServiceAccount",
        "metadata":{"name":"sa","namespace":"default"},
        "secrets":[{"kind":"Secret","name":"sa-token","namespace":"default","uid":"u1","apiVersion":"v1",
                    "resourceVersion":"7","fieldPath":"data"}],
        "imagePullSecrets":[{"name":"registry"}],"automountServiceAccountToken":false})");
    QTest::newRow("Role") << QByteArray(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role",
        "metadata":{"name":"r","namespace":"default"},
        "rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"],"resourceNames":["c"]}]})");
    QTest::newRow("RoleBinding") << QByteArray(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
        "metadata":{"name":"rb","namespace":"default"},
        "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},
                    {"kind":"ServiceAccount","name":"sa","namespace":"default"}],
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}})");
    QTest::newRow("ClusterRole") << QByteArray(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
        "metadata":{"name":"cr"},
        "rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["namespaces"]},{"verbs":["get"],"nonResourceURLs":["/healthz"]}],
        "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"agg":"yes"},
            "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},{"key":"x","operator":"Exists"}]}]}})");
    QTest::newRow("ClusterRoleBinding") << QByteArray(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
        "metadata":{"name":"crb"},"subjects":[{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"devs"}],
        "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cr"}})");
    QTest::newRow("every ObjectMeta field") << QByteArray(R"({"apiVersion":"v1","kind":"ConfigMap",
        "metadata":{"name":"full","generateName":"full-","namespace":"ns","selfLink":"/api/v1/namespaces/ns/configmaps/full",
                    "uid":"u","resourceVersion":"9","generation":3,"creationTimestamp":"2026-12-07T10:00:00Z",
                    "deletionTimestamp":"2026-12-07T11:00:00Z","deletionGracePeriodSeconds":0,
                    "labels":{"a":"b"},"annotations":{"c":"d"},
                    "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"d","uid":"ud","controller":true,"blockOwnerDeletion":false}],
                    "finalizers":["example.com/hold"],
                    "managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-12-07T10:00:00Z",
                                      "fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}},"subresource":"status"}]}})");
}

void TestKubeProtobufCodec::roundTrip()
{
    QFETCH(QByteArray, json);
    const QJsonObject object = parse(json.constData());
    const QByteArray wire = encode(object);
    QVERIFY(wire.startsWith(QByteArrayLiteral("k8s\0")));
    QCOMPARE(text(decode(wire)), text(object));
}

// The bytes Go writes for a small ConfigMap, field by field from k8s.io/api core/v1 and
// apimachinery meta/v1 generated.proto: ConfigMap.metadata 1, data 2, binaryData 3, immutable 4;
// ObjectMeta.name 1, namespace 3; map entries in key order.
void TestKubeProtobufCodec::goldenBytes()
{
    using namespace wirebytes;
    const QByteArray raw = bytes(1, bytes(1, "c") + bytes(3, "default")) + mapEntry(2, "a", "1") + mapEntry(2, "b", "2")
        + mapEntry(3, "bin", QByteArray("\x00\xff", 2)) + integer(4, 1);
    const QByteArray expected = envelope("v1", "ConfigMap", raw);
    const QJsonObject object = parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},
                                         "data":{"b":"2","a":"1"},"binaryData":{"bin":"AP8="},"immutable":true})");
    QCOMPARE(encode(object).toHex(' '), expected.toHex(' '));
    QCOMPARE(text(decode(expected)), text(object));

    // RoleBinding.subjects 2, roleRef 3; Subject.kind 1, apiGroup 2, name 3; RoleRef.apiGroup 1, kind 2, name 3.
    const QByteArray binding = bytes(1, bytes(1, "rb")) + bytes(2, bytes(1, "User") + bytes(2, "rbac.authorization.k8s.io") + bytes(3, "alice"))
        + bytes(3, bytes(1, "rbac.authorization.k8s.io") + bytes(2, "Role") + bytes(3, "r"));
    QCOMPARE(text(decode(envelope("rbac.authorization.k8s.io/v1", "RoleBinding", binding))),
             QStringLiteral(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb"},)"
                            R"("roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},)"
                            R"("subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]})"));
}

// What kubectl create namespace sends: Go writes every non-pointer field, empty or not, so the
// body has empty strings, a zero generation, an empty creationTimestamp and an empty status phase.
void TestKubeProtobufCodec::decodesWhatGoWrites()
{
    using namespace wirebytes;
    const QByteArray meta = bytes(1, "team-a") + bytes(2, {}) + bytes(3, {}) + bytes(4, {}) + bytes(5, {}) + bytes(6, {})
        + integer(7, 0) + bytes(8, {});
    const QByteArray raw = bytes(1, meta) + bytes(2, {}) + bytes(3, bytes(1, {}));
    QCOMPARE(text(decode(envelope("v1", "Namespace", raw))),
             QStringLiteral(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}})"));

    // An embedded message that is absent stays absent (ClusterRole.aggregationRule is a Go pointer).
    QCOMPARE(text(decode(envelope("rbac.authorization.k8s.io/v1", "ClusterRole", bytes(1, bytes(1, "cr"))))),
             QStringLiteral(R"({"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"cr"}})"));
}

// immutable, automountServiceAccountToken, controller and blockOwnerDeletion are *bool in Go:
// false on the wire means false was set, and Go's JSON prints it.
void TestKubeProtobufCodec::pointerFieldsKeepFalse()
{
    using namespace wirebytes;
    QCOMPARE(text(decode(envelope("v1", "ConfigMap", bytes(1, bytes(1, "c")) + integer(4, 0)))),
             QStringLiteral(R"({"apiVersion":"v1","immutable":false,"kind":"ConfigMap","metadata":{"name":"c"}})"));
    QCOMPARE(text(decode(envelope("v1", "ServiceAccount", bytes(1, bytes(1, "sa")) + integer(4, 0)))),
             QStringLiteral(R"({"apiVersion":"v1","automountServiceAccountToken":false,"kind":"ServiceAccount","metadata":{"name":"sa"}})"));
    // OwnerReference: kind 1, name 3, uid 4, apiVersion 5, controller 6, blockOwnerDeletion 7.
    const QByteArray owner = bytes(1, "Deployment") + bytes(3, "d") + bytes(4, "u") + bytes(5, "apps/v1") + integer(6, 0) + integer(7, 0);
    QCOMPARE(text(decode(envelope("v1", "ConfigMap", bytes(1, bytes(1, "c") + bytes(13, owner))))),
             QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","ownerReferences":)"
                            R"([{"apiVersion":"apps/v1","blockOwnerDeletion":false,"controller":false,"kind":"Deployment","name":"d","uid":"u"}]}})"));
    // deletionGracePeriodSeconds is *int64: 0 is "delete now", not absent.
    QCOMPARE(text(decode(envelope("v1", "ConfigMap", bytes(1, bytes(1, "c") + integer(10, 0))))),
             QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"deletionGracePeriodSeconds":0,"name":"c"}})"));
}

void TestKubeProtobufCodec::timeMapping()
{
    using namespace wirebytes;
    const QJsonObject object = parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"t","creationTimestamp":"2026-12-07T10:00:00Z"}})");
    k8s::io::api::core::v1::Namespace ns;
    QVERIFY(ns.ParseFromString(rawOf(encode(object)).toStdString()));
    QCOMPARE(ns.metadata().creationtimestamp().seconds(), 1796637600);
    QCOMPARE(ns.metadata().creationtimestamp().nanos(), 0);

    // Time is seconds 1, nanos 2; Go's JSON has whole seconds only.
    const QByteArray withNanos = bytes(1, bytes(1, "t") + bytes(8, integer(1, 1796637600) + integer(2, 500000000)));
    QCOMPARE(decode(envelope("v1", "Namespace", withNanos))["metadata"]["creationTimestamp"].toString(),
             QStringLiteral("2026-12-07T10:00:00Z"));
    // Seconds and nanos 0 are Go's zero time: no creationTimestamp at all.
    const QByteArray zero = bytes(1, bytes(1, "t") + bytes(8, integer(1, 0) + integer(2, 0)));
    QVERIFY(!decode(envelope("v1", "Namespace", zero))["metadata"].toObject().contains(QStringLiteral("creationTimestamp")));
    // Other offsets are converted to UTC.
    const QJsonObject offset = parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"t","creationTimestamp":"2026-12-07T12:00:00+02:00"}})");
    QCOMPARE(decode(encode(offset))["metadata"]["creationTimestamp"].toString(), QStringLiteral("2026-12-07T10:00:00Z"));
    // A time RFC 3339 cannot print is an error, not a garbled string.
    QString error;
    const QByteArray farFuture = bytes(1, bytes(1, "t") + bytes(8, integer(1, 400000000000)));
    decode(envelope("v1", "Namespace", farFuture), &error);
    QVERIFY2(error.contains(QStringLiteral("metadata.creationTimestamp")), qPrintable(error));
}

void TestKubeProtobufCodec::base64Mapping()
{
    using namespace wirebytes;
    const QByteArray secret = bytes(1, bytes(1, "s")) + mapEntry(2, "k", QByteArray("v\x00\xff", 3)) + bytes(3, "Opaque");
    const QJsonObject decoded = decode(envelope("v1", "Secret", secret));
    QCOMPARE(decoded["data"]["k"].toString(), QStringLiteral("dgD/"));
    QCOMPARE(decoded["type"].toString(), QStringLiteral("Opaque"));
    QCOMPARE(rawOf(encode(decoded)).toHex(), secret.toHex());

    QString error;
    const auto bad = KubeProtobufCodec::encode(parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"k":"not base64!"}})"),
                                               &error);
    QVERIFY(!bad);
    QVERIFY2(error.contains(QStringLiteral("data.k: expected base64 data")), qPrintable(error));

    // FieldsV1.Raw holds JSON text; the object is the JSON form.
    const QByteArray entry = bytes(1, "kubectl") + bytes(6, "FieldsV1") + bytes(7, bytes(1, R"({"f:data":{"f:a":{}}})"));
    const QJsonObject managed = decode(envelope("v1", "ConfigMap", bytes(1, bytes(1, "c") + bytes(17, entry))));
    QCOMPARE(text(managed["metadata"]["managedFields"][0].toObject()),
             QStringLiteral(R"({"fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}},"manager":"kubectl"})"));
}

void TestKubeProtobufCodec::missingFieldsAreReported()
{
    QString error;
    const QJsonObject object = parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","clusterName":"old"},
                                         "spec":{"finalizers":["kubernetes"],"extra":true},"topLevel":1})");
    QVERIFY(!KubeProtobufCodec::encode(object, &error));
    QVERIFY2(error.contains(QStringLiteral("metadata.clusterName: no such field in k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta")),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("spec.extra: no such field in k8s.io.api.core.v1.NamespaceSpec")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("topLevel: no such field in k8s.io.api.core.v1.Namespace")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("Namespace n")), qPrintable(error));
}

void TestKubeProtobufCodec::wrongTypesAreReported()
{
    QString error;
    QVERIFY(!KubeProtobufCodec::encode(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":1},"generation":1.5},
                                                "data":["x"],"immutable":"yes"})"),
                                       &error));
    for (const char *expected : {"metadata.labels.a: expected a string, got a number", "metadata.generation: expected an integer",
                                 "data: expected an object, got an array", "immutable: expected a boolean, got a string"})
        QVERIFY2(error.contains(QLatin1String(expected)), qPrintable(error));
    QVERIFY(!KubeProtobufCodec::encode(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","creationTimestamp":"yesterday"}})"),
                                       &error));
    QVERIFY2(error.contains(QStringLiteral("metadata.creationTimestamp: expected an RFC 3339 time")), qPrintable(error));
    // null is Go's zero value: left out, not an error.
    QVERIFY(KubeProtobufCodec::encode(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","creationTimestamp":null}})"),
                                      &error));
}

void TestKubeProtobufCodec::unsupportedKinds()
{
    QVERIFY(KubeProtobufCodec::supports(QStringLiteral("v1"), QStringLiteral("Namespace")));
    QVERIFY(KubeProtobufCodec::supports(QStringLiteral("rbac.authorization.k8s.io/v1"), QStringLiteral("ClusterRoleBinding")));
    QVERIFY(!KubeProtobufCodec::supports(QStringLiteral("coordination.k8s.io/v1"), QStringLiteral("Lease")));
    QVERIFY(!KubeProtobufCodec::supports(QStringLiteral("v1"), QStringLiteral("Role")));
    QCOMPARE(KubeProtobufRegistry::kinds().join(QLatin1Char(' ')),
             QStringLiteral("Namespace ConfigMap Secret ServiceAccount Role RoleBinding ClusterRole ClusterRoleBinding "
                            "SelfSubjectAccessReview SelfSubjectRulesReview TokenRequest"));

    QString error;
    QVERIFY(!KubeProtobufCodec::encode(parse(R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":"x"}})"),
                                       &error));
    QVERIFY2(error.contains(QStringLiteral("CryptoValueCalculator (crypto.tools/v1)")), qPrintable(error));
    QVERIFY(!KubeProtobufCodec::decode(wirebytes::envelope("coordination.k8s.io/v1", "Lease", {}), QString(), QString(), &error));
    QVERIFY2(error.contains(QStringLiteral("Lease (coordination.k8s.io/v1)")), qPrintable(error));
}

// A client that leaves typeMeta empty: the request's kind decides.
void TestKubeProtobufCodec::typeMetaFallsBackToTheRequest()
{
    using namespace wirebytes;
    const QByteArray wire = QByteArrayLiteral("k8s\0") + bytes(2, bytes(1, bytes(1, "sa")));
    QString error;
    const auto object = KubeProtobufCodec::decode(wire, QStringLiteral("v1"), QStringLiteral("ServiceAccount"), &error);
    QVERIFY2(object, qPrintable(error));
    QCOMPARE(text(*object), QStringLiteral(R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa"}})"));
}

// kubectl 1.20 still sends ObjectMeta.clusterName (15); newer fields may come from newer clients.
void TestKubeProtobufCodec::unknownFieldsAreDropped()
{
    using namespace wirebytes;
    const QByteArray raw = bytes(1, bytes(1, "c") + bytes(15, {}) + integer(99, 7)) + bytes(42, "future");
    QCOMPARE(text(decode(envelope("v1", "ConfigMap", raw))),
             QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}})"));
}

QTEST_GUILESS_MAIN(TestKubeProtobufCodec)
#include "tst_kubeprotobufcodec.moc"
