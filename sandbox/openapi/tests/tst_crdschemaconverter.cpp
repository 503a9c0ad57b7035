// CRD openAPIV3Schema → published definition: the ToStructuralOpenAPIV2 rules for Swagger 2.0
// (apiextensions-apiserver pkg/controller/openapi/v2/conversion.go), the kube-native properties
// and extensions of buildKubeNative, the list kind, and the OpenAPI 3 form that keeps the schema.
#include "openapi/crdschemaconverter.h"
#include "openapi/kindschemas.h"
#include "testresources.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cvc::sandbox;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QJsonObject fieldOf(const QJsonObject &schema, const QString &name)
{
    return schema.value(QStringLiteral("properties")).toObject().value(name).toObject();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

OpenApiResource cvcResource(const QJsonObject &schema)
{
    OpenApiResource r = testing::resource(QStringLiteral("crypto.tools"), QStringLiteral("cryptovaluecalculators"),
                                          QStringLiteral("CryptoValueCalculator"), true, true);
    r.custom = true;
    r.schema = schema;
    return r;
}

} // namespace

class TestCrdSchemaConverter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void swaggerRules_data();
    void swaggerRules();
    void projectCrd_data();
    void projectCrd();
    void preservingRoot();
    void embeddedResource();
    void emptySchema();
    void listKind();
    void definitionName();
};

void TestCrdSchemaConverter::swaggerRules_data()
{
    QTest::addColumn<QJsonObject>("schema");
    QTest::addColumn<QJsonObject>("expected");

    // kubectl's v2 validator has no null: a nullable field accepts anything, and null is not "missing".
    QTest::newRow("nullable: untyped, out of the parent's required")
        << json(R"({"type":"object","required":["a","b"],"properties":{
                     "a":{"type":"object","nullable":true,"description":"A","properties":{"x":{"type":"string"}}},
                     "b":{"type":"array","nullable":false,"items":{"type":"string"}}}})")
        << json(R"({"type":"object","required":["b"],"properties":{
                     "a":{"description":"A"},
                     "b":{"type":"array","items":{"type":"string"}}}})");
    QTest::newRow("nullable additionalProperties clears required")
        << json(R"({"type":"object","required":["a"],"additionalProperties":{"type":"string","nullable":true}})")
        << json(R"({"type":"object","additionalProperties":{}})");
    // Unfolded to anyOf integer|string by kube, then dropped: one v2 type cannot say both.
    QTest::newRow("int-or-string")
        << json(R"({"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true,
                     "anyOf":[{"type":"integer"},{"type":"string"}]}}})")
        << json(R"({"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true}}})");
    // Properties would close the object for kubectl; the server keeps the unknown fields.
    QTest::newRow("preserve-unknown-fields object")
        << json(R"({"type":"object","properties":{"spec":{"type":"object","description":"S","required":["coin"],
                     "x-kubernetes-preserve-unknown-fields":true,"properties":{"coin":{"type":"string"}}}}})")
        << json(R"({"type":"object","properties":{"spec":{"description":"S","required":["coin"],
                     "x-kubernetes-preserve-unknown-fields":true}}})");
    QTest::newRow("preserve-unknown-fields array loses items, then its type")
        << json(R"({"type":"array","x-kubernetes-preserve-unknown-fields":true,"items":{"type":"string"}})")
        << json(R"({"x-kubernetes-preserve-unknown-fields":true})");
    QTest::newRow("false flags are not published")
        << json(R"({"type":"object","x-kubernetes-preserve-unknown-fields":false,"properties":{
                     "a":{"type":"string","x-kubernetes-int-or-string":false}}})")
        << json(R"({"type":"object","properties":{"a":{"type":"string"}}})");
    QTest::newRow("junctors dropped at every depth")
        << json(R"({"type":"object","oneOf":[{"required":["a"]},{"required":["b"]}],"properties":{
                     "a":{"type":"string","not":{"pattern":"x"}},
                     "b":{"type":"array","items":{"type":"string","allOf":[{"minLength":1}],"anyOf":[{"maxLength":3}]}}}})")
        << json(R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"array","items":{"type":"string"}}}})");
    QTest::newRow("defaults pruned, validations kept")
        << json(R"({"type":"object","default":{},"properties":{"n":{"type":"integer","default":3,"minimum":1,
                     "maximum":9,"format":"int32"},"e":{"type":"string","enum":["a","b"],"pattern":"^[ab]$"}}})")
        << json(R"({"type":"object","properties":{"n":{"type":"integer","minimum":1,"maximum":9,"format":"int32"},
                     "e":{"type":"string","enum":["a","b"],"pattern":"^[ab]$"}}})");
    QTest::newRow("map values converted")
        << json(R"({"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"integer","nullable":true}}}})")
        << json(R"({"type":"object","additionalProperties":{"type":"object","properties":{"v":{}}}})");
}

void TestCrdSchemaConverter::swaggerRules()
{
    QFETCH(QJsonObject, schema);
    QFETCH(QJsonObject, expected);
    const QJsonObject converted = CrdSchemaConverter::toSwagger(schema);
    QVERIFY2(converted == expected, qPrintable(compact(converted) + QStringLiteral("\n  expected ") + compact(expected)));
}

// The project CRD both ways, whichever crds/ has chosen: spec open (unknown fields kept) or closed.
void TestCrdSchemaConverter::projectCrd_data()
{
    QTest::addColumn<bool>("specOpen");
    QTest::newRow("spec keeps unknown fields") << true;
    QTest::newRow("spec closed") << false;
}

void TestCrdSchemaConverter::projectCrd()
{
    QFETCH(bool, specOpen);
    const QList<OpenApiResource> resources = testing::crdResources(testing::crdObject(testing::projectCrdPath()));
    QCOMPARE(resources.size(), 1);
    OpenApiResource r = resources.first();
    QJsonObject properties = r.schema.value("properties").toObject();
    QJsonObject specSchema = properties.value("spec").toObject();
    if (specOpen)
        specSchema.insert("x-kubernetes-preserve-unknown-fields", true);
    else
        specSchema.remove("x-kubernetes-preserve-unknown-fields");
    properties.insert("spec", specSchema);
    r.schema.insert("properties", properties);

    const QJsonObject v2 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::Swagger2);
    QCOMPARE(v2.value("type").toString(), QStringLiteral("object"));
    QVERIFY(v2.value("description").toString().startsWith(QLatin1String("A holding of one crypto coin.")));
    QCOMPARE(v2.value("required").toArray(), QJsonArray{QStringLiteral("spec")});
    QCOMPARE(v2.value("x-kubernetes-group-version-kind").toArray(),
             (QJsonArray{QJsonObject{{"group", "crypto.tools"}, {"kind", "CryptoValueCalculator"}, {"version", "v1"}}}));
    QCOMPARE(fieldOf(v2, "metadata").value("$ref").toString(),
             QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    QCOMPARE(fieldOf(v2, "apiVersion").value("type").toString(), QStringLiteral("string"));
    QCOMPARE(fieldOf(v2, "kind").value("type").toString(), QStringLiteral("string"));
    const QJsonObject spec = fieldOf(v2, "spec");
    QCOMPARE(spec.value("description").toString(), QStringLiteral("What is held."));
    QCOMPARE(spec.value("required").toArray(), (QJsonArray{QStringLiteral("coin"), QStringLiteral("amount")}));
    if (specOpen) {
        // Open for kubectl 1.20 (no type, no properties), as kube publishes it: kubectl must not
        // refuse the unknown spec fields the server keeps, and explains spec for spec.amount.
        QVERIFY2(!spec.contains("properties") && !spec.contains("type"), qPrintable(compact(spec)));
        QCOMPARE(spec.value("x-kubernetes-preserve-unknown-fields").toBool(), true);
    } else {
        QCOMPARE(spec.value("type").toString(), QStringLiteral("object"));
        QCOMPARE(fieldOf(spec, "amount").value("type").toString(), QStringLiteral("number"));
        QVERIFY(fieldOf(spec, "amount").value("description").toString().startsWith(QLatin1String("How much of the coin is held")));
        QCOMPARE(fieldOf(spec, "coin").value("enum").toArray().size(), 4);
    }
    QVERIFY(fieldOf(v2, "status").value("description").toString().startsWith(QLatin1String("The last valuation and the conditions")));
    QVERIFY(!fieldOf(v2, "status").contains("type"));

    // OpenAPI 3 keeps the schema as written (kubectl 1.27+ validates on the server, explains from here).
    const QJsonObject v3 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::OpenApi3);
    const QJsonObject amount = fieldOf(fieldOf(v3, "spec"), "amount");
    QCOMPARE(amount.value("type").toString(), QStringLiteral("number"));
    QVERIFY(amount.value("description").toString().startsWith(QLatin1String("How much of the coin is held")));
    QCOMPARE(fieldOf(v3, "spec").value("type").toString(), QStringLiteral("object"));
    // status.conditions is a list-map keyed by type (cvc-contract.md), for server-side apply and kubectl.
    const QJsonObject conditions = fieldOf(fieldOf(v3, "status"), "conditions");
    QCOMPARE(conditions.value("x-kubernetes-list-type").toString(), QStringLiteral("map"));
    QCOMPARE(conditions.value("x-kubernetes-list-map-keys").toArray(), QJsonArray{QStringLiteral("type")});
    QCOMPARE(conditions.value("items").toObject().value("required").toArray(), (QJsonArray{QStringLiteral("type"), QStringLiteral("status")}));
    QCOMPARE(fieldOf(v3, "metadata").value("$ref").toString(),
             QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
}

// buildKubeNative: a root that preserves unknown fields gets no property at all in v2, not even
// apiVersion, kind and metadata, or kubectl would refuse everything else.
void TestCrdSchemaConverter::preservingRoot()
{
    const OpenApiResource r = cvcResource(json(R"({"type":"object","x-kubernetes-preserve-unknown-fields":true,
                                                 "properties":{"spec":{"type":"object"}}})"));
    const QJsonObject v2 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::Swagger2);
    QCOMPARE(v2, (QJsonObject{{"type", "object"}, {"x-kubernetes-group-version-kind", KindSchemas::groupVersionKindList("crypto.tools", "v1", "CryptoValueCalculator")}}));
    const QJsonObject v3 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::OpenApi3);
    QVERIFY(v3.value("properties").toObject().contains("spec"));
    QVERIFY(v3.value("properties").toObject().contains("metadata"));
}

void TestCrdSchemaConverter::embeddedResource()
{
    const OpenApiResource r = cvcResource(json(R"({"type":"object","properties":{
        "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}},
        "raw":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}}})"));
    const QJsonObject v2 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::Swagger2);
    const QJsonObject templ = fieldOf(v2, "template");
    QCOMPARE(fieldOf(templ, "metadata").value("$ref").toString(),
             QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    QVERIFY(templ.value("properties").toObject().contains("apiVersion"));
    QCOMPARE(templ.value("required").toArray(), (QJsonArray{QStringLiteral("kind"), QStringLiteral("apiVersion")}));
    // Preserving unknown fields in v2: no properties may close it.
    QVERIFY2(!fieldOf(v2, "raw").contains("properties"), qPrintable(compact(fieldOf(v2, "raw"))));
    const QJsonObject v3 = CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::OpenApi3);
    QVERIFY(fieldOf(fieldOf(v3, "raw"), "metadata").contains("$ref"));
}

void TestCrdSchemaConverter::emptySchema()
{
    const QJsonObject v2 = CrdSchemaConverter::kindDefinition(cvcResource({}), CrdSchemaConverter::Flavour::Swagger2);
    QCOMPARE(v2.value("type").toString(), QStringLiteral("object"));
    QVERIFY(!v2.contains("properties"));
    QVERIFY(v2.contains("x-kubernetes-group-version-kind"));
}

void TestCrdSchemaConverter::listKind()
{
    const QJsonObject list = KindSchemas::listDefinition("tools.crypto.v1.CryptoValueCalculator", "crypto.tools", "v1",
                                                         "CryptoValueCalculator", "CryptoValueCalculatorList",
                                                         "cryptovaluecalculators");
    QCOMPARE(list.value("required").toArray(), QJsonArray{QStringLiteral("items")});
    QCOMPARE(fieldOf(list, "items").value("items").toObject().value("$ref").toString(),
             QStringLiteral("#/definitions/tools.crypto.v1.CryptoValueCalculator"));
    QCOMPARE(fieldOf(list, "metadata").value("$ref").toString(),
             QStringLiteral("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"));
    QCOMPARE(list.value("x-kubernetes-group-version-kind").toArray().first().toObject().value("kind").toString(),
             QStringLiteral("CryptoValueCalculatorList"));
    QVERIFY(list.value("properties").toObject().contains("apiVersion"));
}

void TestCrdSchemaConverter::definitionName()
{
    QCOMPARE(KindSchemas::crdDefinitionName("crypto.tools", "v1", "CryptoValueCalculator"),
             QStringLiteral("tools.crypto.v1.CryptoValueCalculator"));
    QCOMPARE(KindSchemas::crdDefinitionName("stable.example.com", "v1beta2", "CronTab"),
             QStringLiteral("com.example.stable.v1beta2.CronTab"));
}

QTEST_GUILESS_MAIN(TestCrdSchemaConverter)
#include "tst_crdschemaconverter.moc"
