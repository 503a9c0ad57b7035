#include "apimachinery/schemadefaulter.h"

#include "testjson.h"

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
};

QTEST_APPLESS_MAIN(TestSchemaDefaulter)
#include "tst_schemadefaulter.moc"
