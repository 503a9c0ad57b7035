#include "apimachinery/schemadefaulter.h"

#include "testjson.h"

#include <QJsonArray>
#include <QTest>

using namespace cvc::sandbox;

namespace {
QJsonObject schema()
{
    return testjson::yaml(R"(
type: object
properties:
  spec:
    type: object
    properties:
      currency: {type: string, default: USD}
      interval: {type: integer, default: 300}
      note: {type: string}
      maybe: {type: string, nullable: true, default: x}
      settings:
        type: object
        default: {}
        properties:
          precision: {type: integer, default: 4}
      lines:
        type: array
        items:
          type: object
          properties:
            kind: {type: string, default: plain}
  status:
    type: object
    properties:
      phase: {type: string, default: Pending}
)");
}
} // namespace

class TestSchemaDefaulter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appliesDefaultsInsideExistingObjects()
    {
        const QJsonObject object = testjson::object(R"({
            "apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "a"},
            "spec": {"interval": 60, "note": null, "maybe": null, "lines": [{}, {"kind": "bold"}]}})");
        const QJsonObject result = SchemaDefaulter::apply(object, schema());
        QCOMPARE(result, testjson::object(R"({
            "apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "a"},
            "spec": {"currency": "USD", "interval": 60, "maybe": null, "settings": {"precision": 4},
                     "lines": [{"kind": "plain"}, {"kind": "bold"}]}})"));
        // No status object, so no status.phase.
        QVERIFY(!result.contains("status"));
    }

    void nonNullableNullGetsDefault()
    {
        const QJsonObject result = SchemaDefaulter::apply(
            testjson::object(R"({"spec": {"currency": null}})"), schema());
        QCOMPARE(result.value("spec").toObject().value("currency"), QJsonValue("USD"));
    }

    void noSpecNoDefaults()
    {
        const QJsonObject object = testjson::object(R"({"metadata": {"name": "a"}})");
        QCOMPARE(SchemaDefaulter::apply(object, schema()), object);
    }

    // A long list of strings and a wide map (a 3 MiB body) used to be copied once per element
    // while defaulting (minutes). Asserts the result; the ctest timeout catches a relapse.
    void largeListsAndMapsAreDefaultedInOnePass()
    {
        const QJsonObject schema = testjson::object(R"({"type":"object","properties":{"spec":{"type":"object","properties":{
            "list":{"type":"array","items":{"type":"string","default":"d"}},
            "map":{"type":"object","additionalProperties":{"type":"string","default":"d"}}}}}})");
        QJsonArray list;
        QJsonObject map;
        for (int i = 0; i < 100000; ++i) {
            list.append(i == 5 ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("item-%1-of-the-list").arg(i)));
            map.insert(QStringLiteral("key-%1").arg(i), i == 7 ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("v%1").arg(i)));
        }
        const QJsonObject object{{"metadata", QJsonObject{{"name", "t"}}}, {"spec", QJsonObject{{"list", list}, {"map", map}}}};
        const QJsonObject result = SchemaDefaulter::apply(object, schema);
        const QJsonObject spec = result.value("spec").toObject();
        QCOMPARE(spec.value("list").toArray().size(), 100000);
        QCOMPARE(spec.value("list").toArray().at(5).toString(), QStringLiteral("d"));
        QCOMPARE(spec.value("list").toArray().at(6).toString(), QStringLiteral("item-6-of-the-list"));
        QCOMPARE(spec.value("map").toObject().value("key-7").toString(), QStringLiteral("d"));
        QCOMPARE(spec.value("map").toObject().value("key-99999").toString(), QStringLiteral("v99999"));
    }
};

QTEST_APPLESS_MAIN(TestSchemaDefaulter)
#include "tst_schemadefaulter.moc"
