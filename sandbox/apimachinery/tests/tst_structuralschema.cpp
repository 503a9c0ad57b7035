#include "apimachinery/structuralschema.h"

#include "testjson.h"

#include <QTest>

using namespace cvc::sandbox;

namespace {
const QString root = QStringLiteral("spec.versions[0].schema.openAPIV3Schema");

QStringList check(const QByteArray &yaml)
{
    QStringList out;
    for (const FieldError &e : StructuralSchema::validate(testjson::yaml(yaml), root))
        out.append(e.toString());
    return out;
}
} // namespace

class TestStructuralSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void projectCrdIsStructural()
    {
        QCOMPARE(StructuralSchema::validate(testjson::cvcSchema(), root).size(), 0);
    }

    void rules_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("root not object") << QByteArray("type: string")
            << QStringList{root + ".type: Invalid value: \"string\": must be object at the root"};
        QTest::newRow("root without type") << QByteArray("properties: {spec: {type: object}}")
            << QStringList{root + ".type: Required value: must not be empty at the root"};
        QTest::newRow("untyped property") << QByteArray("type: object\nproperties:\n  spec:\n    properties:\n      a: {type: string}\n")
            << QStringList{root + ".properties[spec].type: Required value: must not be empty for specified object fields"};
        QTest::newRow("preserve without type is fine")
            << QByteArray("type: object\nproperties:\n  spec: {x-kubernetes-preserve-unknown-fields: true}\n") << QStringList();
        QTest::newRow("int-or-string without type is fine")
            << QByteArray("type: object\nproperties:\n  port: {x-kubernetes-int-or-string: true}\n") << QStringList();
        QTest::newRow("properties and additionalProperties")
            << QByteArray("type: object\nproperties:\n  spec:\n    type: object\n    properties: {a: {type: string}}\n    additionalProperties: {type: string}\n")
            << QStringList{root + ".properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"};
        QTest::newRow("array without items") << QByteArray("type: object\nproperties:\n  list: {type: array}\n")
            << QStringList{root + ".properties[list].items: Required value: must be specified"};
        QTest::newRow("untyped item")
            << QByteArray("type: object\nproperties:\n  list:\n    type: array\n    items: {properties: {a: {type: string}}}\n")
            << QStringList{root + ".properties[list].items.type: Required value: must not be empty for specified object fields"};
        QTest::newRow("metadata beyond name")
            << QByteArray("type: object\nproperties:\n  metadata:\n    type: object\n    properties:\n      name: {type: string, maxLength: 10}\n      labels: {type: object}\n")
            << QStringList{root + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"};
        QTest::newRow("metadata name only")
            << QByteArray("type: object\nproperties:\n  metadata:\n    type: object\n    properties:\n      name: {type: string, maxLength: 10}\n")
            << QStringList();
        QTest::newRow("kind must be string") << QByteArray("type: object\nproperties:\n  kind: {type: integer}\n")
            << QStringList{root + ".properties[kind].type: Invalid value: \"integer\": must be string"};
        QTest::newRow("ref forbidden") << QByteArray("type: object\nproperties:\n  spec: {type: object, $ref: '#/x'}\n")
            << QStringList{root + ".properties[spec].$ref: Forbidden: $ref is not supported"};
        QTest::newRow("good default") << QByteArray("type: object\nproperties:\n  currency: {type: string, default: USD}\n")
            << QStringList();
        QTest::newRow("default of wrong type") << QByteArray("type: object\nproperties:\n  interval: {type: integer, default: soon}\n")
            << QStringList{root + ".properties[interval].default: Invalid value: \"string\":  in body must be of type integer: \"string\""};
        QTest::newRow("default not in enum") << QByteArray("type: object\nproperties:\n  coin: {type: string, enum: [bitcoin], default: litecoin}\n")
            << QStringList{root + ".properties[coin].default: Unsupported value: \"litecoin\": supported values: \"bitcoin\""};
        QTest::newRow("default with unknown fields")
            << QByteArray("type: object\nproperties:\n  s:\n    type: object\n    properties: {a: {type: string}}\n    default: {a: x, b: z}\n")
            << QStringList{root + ".properties[s].default: Invalid value: {\"a\":\"x\",\"b\":\"z\"}: must not have unknown fields: b"};
        // kube-apiserver compiles every pattern with Go's regexp (RE2 syntax) at CRD admission
        // (validateValueValidation); Perl-only syntax makes the schema non-structural.
        QTest::newRow("pattern with lookahead")
            << QByteArray("type: object\nproperties:\n  a: {type: string, pattern: '^(?=x)x$'}\n")
            << QStringList{root + ".properties[a].pattern: Invalid value: \"^(?=x)x$\": must be a valid regular expression, "
                                  "but isn't: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"};
        QTest::newRow("pattern with backreference in items")
            << QByteArray("type: object\nproperties:\n  l:\n    type: array\n    items: {type: string, pattern: '(a)\\1'}\n")
            << QStringList{root + ".properties[l].items.pattern: Invalid value: \"(a)\\\\1\": must be a valid regular expression, "
                                  "but isn't: error parsing regexp: invalid escape sequence: `\\1`"};
        QTest::newRow("pattern inside anyOf")
            << QByteArray("type: object\nproperties:\n  a:\n    type: string\n    anyOf: [{pattern: '+'}]\n")
            << QStringList{root + ".properties[a].anyOf[0].pattern: Invalid value: \"+\": must be a valid regular expression, "
                                  "but isn't: error parsing regexp: missing argument to repetition operator: `+`"};
        QTest::newRow("pattern of metadata name")
            << QByteArray("type: object\nproperties:\n  metadata:\n    type: object\n    properties:\n      name: {type: string, pattern: '[a'}\n")
            << QStringList{root + ".properties[metadata].properties[name].pattern: Invalid value: \"[a\": must be a valid regular "
                                  "expression, but isn't: error parsing regexp: missing closing ]: `[a`"};
        QTest::newRow("exponential pattern is valid RE2")
            << QByteArray("type: object\nproperties:\n  a: {type: string, pattern: '^(a|aa)+$'}\n") << QStringList();
        QTest::newRow("unknown type") << QByteArray("type: object\nproperties:\n  a: {type: map}\n")
            << QStringList{root + ".properties[a].type: Unsupported value: \"map\": supported values: \"object\", \"array\", \"string\", \"number\", \"integer\", \"boolean\""};
    }
    void rules()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QStringList, expected);
        QCOMPARE(check(schema), expected);
    }
};

QTEST_APPLESS_MAIN(TestStructuralSchema)
#include "tst_structuralschema.moc"
