#include "apimachinery/schemapruner.h"

#include "testjson.h"

#include <QJsonArray>
#include <QTest>

using namespace cvc::sandbox;

namespace {
// A throw-away CRD schema whose spec does NOT preserve unknown fields (kube-api.md §7 check 15).
QJsonObject strictSchema()
{
    return testjson::yaml(R"(
type: object
properties:
  spec:
    type: object
    properties:
      currency: {type: string}
      items:
        type: array
        items:
          type: object
          properties:
            name: {type: string}
      labels:
        type: object
        additionalProperties: {type: string}
      free:
        type: object
        x-kubernetes-preserve-unknown-fields: true
        properties:
          nested:
            type: object
            properties:
              known: {type: string}
)");
}
} // namespace

class TestSchemaPruner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void prunesUnknownFieldsAndReportsPaths()
    {
        const QJsonObject object = testjson::object(R"({
            "apiVersion": "example.com/v1", "kind": "Thing",
            "metadata": {"name": "a", "namespace": "default", "bogus": 1, "labels": {"x": "y"}},
            "spec": {"currency": "USD", "foo": 1,
                     "items": [{"name": "a", "x": 1}, {"name": "b"}],
                     "labels": {"any": "thing"},
                     "free": {"anything": {"deep": true}, "nested": {"known": "k", "unknown": 2}}},
            "foo": "top"})");
        const PruneResult result = SchemaPruner::prune(object, strictSchema());
        QCOMPARE(result.unknownFields,
                 QStringList({"foo", "spec.foo", "spec.free.nested.unknown", "spec.items[0].x", "metadata.bogus"}));
        QCOMPARE(result.object, testjson::object(R"({
            "apiVersion": "example.com/v1", "kind": "Thing",
            "metadata": {"name": "a", "namespace": "default", "labels": {"x": "y"}},
            "spec": {"currency": "USD",
                     "items": [{"name": "a"}, {"name": "b"}],
                     "labels": {"any": "thing"},
                     "free": {"anything": {"deep": true}, "nested": {"known": "k"}}}})"));
    }

    // spec is closed in the project CRD; status keeps unknown fields.
    void cvcSchemaDropsUnknownSpecAndTopLevelFields()
    {
        const QJsonObject object = testjson::object(R"({
            "apiVersion": "crypto.tools/v1", "kind": "CryptoValueCalculator",
            "metadata": {"name": "my-btc"},
            "spec": {"coin": "bitcoin", "amount": 0.5, "foo": 1},
            "status": {"change": "+1%", "anything": {"x": 1}},
            "foo": 2})");
        const PruneResult result = SchemaPruner::prune(object, testjson::cvcSchema());
        QCOMPARE(result.unknownFields, (QStringList{"foo", "spec.foo"}));
        QVERIFY(!result.object.contains("foo"));
        QVERIFY(!result.object.value("spec").toObject().contains("foo"));
        QCOMPARE(result.object.value("status").toObject().value("anything"), testjson::parse(R"({"x":1})"));
    }

    void nothingUnknownNothingReported()
    {
        const QJsonObject object = testjson::object(
            R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":"a"},"spec":{"coin":"bitcoin","amount":1}})");
        const PruneResult result = SchemaPruner::prune(object, testjson::cvcSchema());
        QVERIFY(result.unknownFields.isEmpty());
        QCOMPARE(result.object, object);
    }

    // A 3 MiB body may be one long list of strings or one wide map; pruning it used to copy the
    // whole list once per element (minutes). Asserts the result; the ctest timeout catches a relapse.
    void largeListsAndMapsArePrunedInOnePass()
    {
        const QJsonObject schema = testjson::object(R"({"type":"object","properties":{"spec":{"type":"object","properties":{
            "list":{"type":"array","items":{"type":"string"}},
            "map":{"type":"object","additionalProperties":{"type":"string"}},
            "open":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"x":{"type":"string"}}}}}}})");
        QJsonArray list;
        QJsonObject map;
        for (int i = 0; i < 100000; ++i) {
            list.append(QStringLiteral("item-%1-of-the-list").arg(i));
            map.insert(QStringLiteral("key-%1").arg(i), QStringLiteral("value-%1").arg(i));
        }
        QJsonObject object{{"apiVersion", "demo.example/v1"}, {"kind", "Thing"}, {"metadata", QJsonObject{{"name", "t"}}},
                           {"spec", QJsonObject{{"list", list}, {"map", map}, {"open", map}}}};
        const PruneResult result = SchemaPruner::prune(object, schema);
        QCOMPARE(result.unknownFields, QStringList());
        QCOMPARE(result.object, object);
    }
};

QTEST_APPLESS_MAIN(TestSchemaPruner)
#include "tst_schemapruner.moc"
