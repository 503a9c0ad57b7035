#include "apimachinery/tableconvertor.h"

#include "testjson.h"

#include <QTest>

using namespace cvc::sandbox;

class TestTableConvertor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnsFromTheProjectCrd();
    void ageOnlyWithoutColumns();
    void columnsStopAtTheFirstUnparsablePath();
    void cellsOfAValuedAndAnUnvaluedCvc();
    void cellTypes_data();
    void cellTypes();
    void listTableWithMetadataRows();
    void includeObjectVariants();
    void parseIncludeObject();
    void builtinDefault();
};

namespace {
const QDateTime now(QDate(2026, 11, 24), QTime(1, 0, 0), Qt::UTC);

QJsonObject cvcObject(const QString &name, const QString &extra)
{
    return testjson::object(QStringLiteral(R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",
        "metadata":{"name":"%1","namespace":"default","resourceVersion":"7","creationTimestamp":"2026-11-24T00:55:00Z",
                    "labels":{"app":"cvc"}},
        "spec":{"coin":"bitcoin","amount":0.5}%2})").arg(name, extra));
}
} // namespace

void TestTableConvertor::columnsFromTheProjectCrd()
{
    const TableConvertor convertor = TableConvertor::forCustomResource(testjson::cvcVersion());
    const QJsonArray columns = convertor.columnDefinitions();
    QStringList names;
    for (const QJsonValue &c : columns)
        names.append(c.toObject().value("name").toString());
    QCOMPARE(names, QStringList({"Name", "Coin", "Amount", "Value", "Change", "Updated", "Price", "Source", "Ready", "P&L"}));
    const QJsonObject name = columns.at(0).toObject();
    QCOMPARE(name.value("type").toString(), QStringLiteral("string"));
    QCOMPARE(name.value("format").toString(), QStringLiteral("name"));
    QVERIFY(name.value("description").toString().startsWith("Name must be unique within a namespace."));
    QCOMPARE(columns.at(3).toObject(),
             (QJsonObject{{"name", "Value"}, {"type", "string"}, {"format", ""},
                          {"description", "Custom resource definition column (in JSONPath format): .metadata.annotations.value"},
                          {"priority", 0}}));
    QCOMPARE(columns.at(6).toObject().value("priority").toInt(), 1);
}

void TestTableConvertor::ageOnlyWithoutColumns()
{
    const TableConvertor convertor = TableConvertor::forCustomResource(testjson::object(R"({"name":"v1"})"));
    const QJsonArray columns = convertor.columnDefinitions();
    QCOMPARE(columns.size(), 2);
    QCOMPARE(columns.at(1).toObject().value("name").toString(), QStringLiteral("Age"));
    QCOMPARE(columns.at(1).toObject().value("type").toString(), QStringLiteral("date"));
    QCOMPARE(convertor.cells(cvcObject("a", ""), now), (QJsonArray{"a", "5m"}));
}

// kube-apiserver's tableconvertor.New keeps the columns it parsed before the first bad jsonPath
// and drops the rest. The review's crafted path (C3) is such a column; it used to crash the server.
void TestTableConvertor::columnsStopAtTheFirstUnparsablePath()
{
    const QString hostile = QStringLiteral(".spec.a") + QStringLiteral("[?(@").repeated(60000);
    const QJsonObject version{
        {"name", "v1"},
        {"additionalPrinterColumns",
         QJsonArray{QJsonObject{{"name", "Coin"}, {"type", "string"}, {"jsonPath", ".spec.coin"}},
                    QJsonObject{{"name", "Evil"}, {"type", "string"}, {"jsonPath", hostile}},
                    QJsonObject{{"name", "Amount"}, {"type", "number"}, {"jsonPath", ".spec.amount"}}}}};
    const TableConvertor convertor = TableConvertor::forCustomResource(version);
    QStringList names;
    for (const QJsonValue &c : convertor.columnDefinitions())
        names.append(c.toObject().value("name").toString());
    QCOMPARE(names, QStringList({"Name", "Coin"}));
    QCOMPARE(convertor.cells(cvcObject("a", ""), now), (QJsonArray{"a", "bitcoin"}));
}

void TestTableConvertor::cellsOfAValuedAndAnUnvaluedCvc()
{
    const TableConvertor convertor = TableConvertor::forCustomResource(testjson::cvcVersion());
    // Not valued yet (kube-api.md §7 check 9): empty VALUE/CHANGE/UPDATED are nulls.
    QCOMPARE(convertor.cells(cvcObject("my-btc", ""), now),
             (QJsonArray{"my-btc", "bitcoin", 0.5, QJsonValue::Null, QJsonValue::Null, QJsonValue::Null, QJsonValue::Null,
                         QJsonValue::Null, QJsonValue::Null, QJsonValue::Null}));

    QJsonObject valued = cvcObject("my-btc", R"(,"status":{"change":"+1.2%","lastUpdated":"2026-11-24T00:56:40Z","price":41234.5,"priceSource":"defillama",)"
                                             R"("conditions":[{"type":"PriceStale","status":"True"},{"type":"Ready","status":"True"}]})");
    QJsonObject metadata = valued.value("metadata").toObject();
    metadata.insert("annotations", QJsonObject{{"value", "$94.8106"}});
    valued.insert("metadata", metadata);
    QCOMPARE(convertor.cells(valued, now),
             (QJsonArray{"my-btc", "bitcoin", 0.5, "$94.8106", "+1.2%", "3m20s", 41234.5, "defillama", "True", QJsonValue::Null}));
}

void TestTableConvertor::cellTypes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("value"); // JSON, empty for no match
    QTest::addColumn<QString>("expected");
    QTest::newRow("string of string") << "string" << R"("x")" << R"("x")";
    QTest::newRow("string of number") << "string" << "1.5" << R"("1.5")";
    QTest::newRow("string of integer") << "string" << "3" << R"("3")";
    QTest::newRow("string of bool") << "string" << "true" << R"("true")";
    QTest::newRow("string of object") << "string" << R"({"a":1})" << R"("{\"a\":1}")";
    QTest::newRow("string missing") << "string" << "" << "null";
    QTest::newRow("integer of float") << "integer" << "2.9" << "2";
    QTest::newRow("integer of string") << "integer" << R"("2")" << "null";
    QTest::newRow("number of int") << "number" << "4" << "4";
    QTest::newRow("number of string") << "number" << R"("4")" << "null";
    QTest::newRow("boolean") << "boolean" << "false" << "false";
    QTest::newRow("boolean of string") << "boolean" << R"("true")" << "null";
    QTest::newRow("date") << "date" << R"("2026-11-23T19:57:00Z")" << R"("5h3m")";
    QTest::newRow("date future") << "date" << R"("2026-11-24T01:00:05Z")" << R"("<invalid>")";
    QTest::newRow("date unparsable") << "date" << R"("soon")" << R"("<invalid>")";
    QTest::newRow("date not a string") << "date" << "5" << "null";
    QTest::newRow("null value") << "string" << "null" << "null";
}

void TestTableConvertor::cellTypes()
{
    QFETCH(QString, type);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const std::optional<QJsonValue> input = value.isEmpty() ? std::nullopt : std::optional<QJsonValue>(testjson::parse(value));
    QCOMPARE(TableConvertor::cellFor(type, input, now), testjson::parse(expected));
}

void TestTableConvertor::listTableWithMetadataRows()
{
    const TableConvertor convertor = TableConvertor::forCustomResource(testjson::cvcVersion());
    const QJsonObject table = convertor.tableForList(QJsonArray{cvcObject("a", ""), cvcObject("b", "")}, "42", "",
                                                     IncludeObject::Metadata, true, now);
    QCOMPARE(table.value("kind").toString(), QStringLiteral("Table"));
    QCOMPARE(table.value("apiVersion").toString(), QStringLiteral("meta.k8s.io/v1"));
    QCOMPARE(table.value("metadata").toObject(), (QJsonObject{{"resourceVersion", "42"}}));
    QCOMPARE(table.value("columnDefinitions").toArray().size(), 10);
    const QJsonArray rows = table.value("rows").toArray();
    QCOMPARE(rows.size(), 2);
    const QJsonObject object = rows.at(1).toObject().value("object").toObject();
    QCOMPARE(object.value("kind").toString(), QStringLiteral("PartialObjectMetadata"));
    QCOMPARE(object.value("apiVersion").toString(), QStringLiteral("meta.k8s.io/v1"));
    QCOMPARE(object.value("metadata").toObject().value("namespace").toString(), QStringLiteral("default"));
    QCOMPARE(object.value("metadata").toObject().value("labels").toObject().value("app").toString(), QStringLiteral("cvc"));
    QVERIFY(!object.contains("spec"));
}

void TestTableConvertor::includeObjectVariants()
{
    const TableConvertor convertor = TableConvertor::forCustomResource(testjson::cvcVersion());
    const QJsonObject full = convertor.tableForObject(cvcObject("a", ""), IncludeObject::Object, true, now);
    QCOMPARE(full.value("metadata").toObject().value("resourceVersion").toString(), QStringLiteral("7"));
    QCOMPARE(full.value("rows").toArray().size(), 1);
    QCOMPARE(full.value("rows").toArray().at(0).toObject().value("object").toObject().value("kind").toString(),
             QStringLiteral("CryptoValueCalculator"));
    const QJsonObject none = convertor.tableForObject(cvcObject("a", ""), IncludeObject::None, false, now);
    QVERIFY(!none.value("rows").toArray().at(0).toObject().contains("object"));
    QVERIFY(!none.contains("columnDefinitions"));
    const QJsonObject paged = convertor.tableForList({}, "9", "token", IncludeObject::None, true, now,
                                                     "meta.k8s.io/v1beta1");
    QCOMPARE(paged.value("metadata").toObject(), (QJsonObject{{"resourceVersion", "9"}, {"continue", "token"}}));
    QCOMPARE(paged.value("apiVersion").toString(), QStringLiteral("meta.k8s.io/v1beta1"));
    QCOMPARE(paged.value("rows").toArray().size(), 0);
}

void TestTableConvertor::parseIncludeObject()
{
    QCOMPARE(TableConvertor::parseIncludeObject(""), std::optional<IncludeObject>(IncludeObject::Metadata));
    QCOMPARE(TableConvertor::parseIncludeObject("Metadata"), std::optional<IncludeObject>(IncludeObject::Metadata));
    QCOMPARE(TableConvertor::parseIncludeObject("None"), std::optional<IncludeObject>(IncludeObject::None));
    QCOMPARE(TableConvertor::parseIncludeObject("Object"), std::optional<IncludeObject>(IncludeObject::Object));
    QString error;
    QVERIFY(!TableConvertor::parseIncludeObject("object", &error));
    QCOMPARE(error, QStringLiteral("includeObject: Unsupported value: \"object\": supported values: \"None\", \"Metadata\", \"Object\""));
}

void TestTableConvertor::builtinDefault()
{
    const TableConvertor convertor = TableConvertor::forBuiltin();
    const QJsonArray columns = convertor.columnDefinitions();
    QCOMPARE(columns.size(), 2);
    QCOMPARE(columns.at(1).toObject().value("name").toString(), QStringLiteral("Created At"));
    QCOMPARE(columns.at(1).toObject().value("type").toString(), QStringLiteral("date"));
    QCOMPARE(convertor.cells(cvcObject("crd", ""), now), (QJsonArray{"crd", "2026-11-24T00:55:00Z"}));
}

QTEST_APPLESS_MAIN(TestTableConvertor)
#include "tst_tableconvertor.moc"
