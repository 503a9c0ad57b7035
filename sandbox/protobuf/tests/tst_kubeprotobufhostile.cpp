// KubeProtobufCodec on bytes nobody should send: wrong magic, truncation at every length, lengths
// far beyond the body, nesting beyond any limit, random garbage. Every one must give an error (or
// a harmless object), never a crash or a hang.
#include "protobuf/kubeprotobufcodec.h"
#include "wirebytes.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using cvc::sandbox::KubeProtobufCodec;

namespace {

std::optional<QJsonObject> decode(const QByteArray &wire, QString *error)
{
    return KubeProtobufCodec::decode(wire, QStringLiteral("v1"), QStringLiteral("ConfigMap"), error);
}

QByteArray validConfigMap()
{
    QString error;
    const QJsonObject object = QJsonDocument::fromJson(R"({"apiVersion":"v1","kind":"ConfigMap",
        "metadata":{"name":"c","namespace":"default","labels":{"a":"b"},"creationTimestamp":"2026-12-07T10:00:00Z",
                    "managedFields":[{"manager":"m","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]},
        "data":{"a":"1"},"binaryData":{"b":"AAE="},"immutable":true})").object();
    return KubeProtobufCodec::encode(object, &error).value_or(QByteArray());
}

} // namespace

class TestKubeProtobufHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejected_data();
    void rejected();
    void everyTruncation();
    void deepNesting();
    void randomBytes();
};

void TestKubeProtobufHostile::rejected_data()
{
    using namespace wirebytes;
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "magic bytes";
    QTest::newRow("JSON") << QByteArray(R"({"kind":"ConfigMap"})") << "magic bytes";
    QTest::newRow("magic cut short") << QByteArray("k8s") << "magic bytes";
    QTest::newRow("wrong magic") << QByteArray("k9s\0\x0a\x00", 6) << "magic bytes";
    QTest::newRow("length beyond the body") << QByteArray("k8s\0\x0a\xff\xff\xff\xff\x0f", 10) << "not a valid runtime.Unknown";
    QTest::newRow("varint of 11 bytes") << QByteArray("k8s\0\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 16)
                                        << "not a valid runtime.Unknown";
    QTest::newRow("field number 0") << QByteArray("k8s\0\x02\x00", 6) << "not a valid runtime.Unknown";
    QTest::newRow("raw with a length beyond it") << envelope("v1", "ConfigMap", QByteArray("\x0a\xff\xff\xff\x7f", 5))
                                                 << "ConfigMap in the body is truncated or corrupt";
    QTest::newRow("contentType set") << QByteArray("k8s\0", 4) + bytes(2, {}) + bytes(4, "application/json")
                                     << "contentType set is not supported";
    QTest::newRow("kind without a message") << envelope("apps/v1", "Deployment", {}) << "no protobuf message for Deployment (apps/v1)";
    QTest::newRow("FieldsV1 not JSON") << envelope("v1", "ConfigMap", bytes(1, bytes(17, bytes(7, bytes(1, "{not json")))))
                                       << "metadata.managedFields[0].fieldsV1: FieldsV1 does not hold a JSON object";
}

void TestKubeProtobufHostile::rejected()
{
    QFETCH(QByteArray, wire);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!decode(wire, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

// Every prefix of a valid body: each either decodes (a shorter message is still a message) or is
// refused; the full body decodes to the original.
void TestKubeProtobufHostile::everyTruncation()
{
    const QByteArray wire = validConfigMap();
    QVERIFY(wire.size() > 100);
    int refused = 0;
    for (qsizetype size = 0; size < wire.size(); ++size) {
        QString error;
        if (!decode(wire.left(size), &error)) {
            QVERIFY(!error.isEmpty());
            ++refused;
        }
    }
    QVERIFY(refused > wire.size() / 2);
    QString error;
    const auto full = decode(wire, &error);
    QVERIFY2(full, qPrintable(error));
    QCOMPARE(full->value(QStringLiteral("data")).toObject().value(QStringLiteral("a")).toString(), QStringLiteral("1"));
}

// Unknown groups nest without bound on the wire; libprotobuf's recursion limit must stop them.
void TestKubeProtobufHostile::deepNesting()
{
    using namespace wirebytes;
    constexpr int kDepth = 200000;
    QByteArray groups;
    groups.reserve(kDepth * 4);
    for (int i = 0; i < kDepth; ++i)
        groups.append(varint(quint64(50) << 3 | 3));   // start group 50
    for (int i = 0; i < kDepth; ++i)
        groups.append(varint(quint64(50) << 3 | 4));   // end group 50
    QString error;
    QVERIFY(!decode(envelope("v1", "ConfigMap", groups), &error));
    QVERIFY2(error.contains(QStringLiteral("truncated or corrupt")), qPrintable(error));
    QVERIFY(!decode(QByteArrayLiteral("k8s\0") + groups, &error));

    // Length-delimited nesting of a known message is bounded by the .proto (no recursive types),
    // so deep bytes in it are unknown fields, skipped without recursion.
    QByteArray nested = bytes(1, "c");
    for (int i = 0; i < 1000; ++i)
        nested = bytes(1, nested);
    error.clear();
    QVERIFY(decode(envelope("v1", "ConfigMap", nested), &error) || !error.isEmpty());
}

// Fixed seed so a failure can be replayed; flips and garbage around a valid body.
void TestKubeProtobufHostile::randomBytes()
{
    QRandomGenerator random(20261207);
    const QByteArray valid = validConfigMap();
    for (int round = 0; round < 3000; ++round) {
        QByteArray wire = valid;
        const int flips = 1 + int(random.bounded(8));
        for (int i = 0; i < flips; ++i)
            wire[4 + random.bounded(int(wire.size() - 4))] = char(random.bounded(256));
        QString error;
        const auto object = decode(wire, &error);
        QVERIFY(object || !error.isEmpty());
    }
    for (int round = 0; round < 1000; ++round) {
        QByteArray wire = QByteArrayLiteral("k8s\0");
        const int size = int(random.bounded(200));
        for (int i = 0; i < size; ++i)
            wire.append(char(random.bounded(256)));
        QString error;
        const auto object = decode(wire, &error);
        QVERIFY(object || !error.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestKubeProtobufHostile)
#include "tst_kubeprotobufhostile.moc"
