#include "json/yamlconverter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using cvc::YamlConverter;
using cvc::YamlDocuments;

namespace {
QJsonValue json(const QString &text)
{
    const QByteArray wrapped = "{\"v\":" + text.toUtf8() + "}";
    return QJsonDocument::fromJson(wrapped).object().value(QStringLiteral("v"));
}

QJsonValue single(const QByteArray &yaml)
{
    const YamlDocuments docs = YamlConverter::parseDocuments(yaml);
    if (!docs.ok() || docs.documents.size() != 1)
        return QStringLiteral("<error: %1>").arg(docs.error);
    return docs.documents.first();
}

// The same YAML read by another implementation: PyYAML, which python3-kubernetes (installed by
// scripts/install-deps.sh) reads kubeconfigs and manifests with.
QJsonValue readWithPyYaml(const QByteArray &yaml, QString *error)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin.buffer), sys.stdout)")});
    if (!python.waitForStarted()) {
        *error = QStringLiteral("cannot start /usr/bin/python3: %1").arg(python.errorString());
        return {};
    }
    python.write(yaml);
    python.closeWriteChannel();
    if (!python.waitForFinished(60000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson("{\"v\":" + python.readAllStandardOutput() + "}").object().value(QStringLiteral("v"));
}

// Every kind of value under `key`, at the top and nested in a map and in a sequence.
QJsonObject underKey(const QString &key)
{
    const QJsonObject values{{QStringLiteral("scalar"), QJsonObject{{key, QStringLiteral("v")}}},
                             {QStringLiteral("map"), QJsonObject{{key, QJsonObject{{QStringLiteral("a"), QStringLiteral("1")},
                                                                                   {key, QStringLiteral("b")}}}}},
                             {QStringLiteral("list"), QJsonObject{{key, QJsonArray{QStringLiteral("x"), QJsonObject{{key, true}}}}}},
                             {QStringLiteral("text"), QJsonObject{{key, QStringLiteral("two\nlines\n")}}},
                             {QStringLiteral("empty"), QJsonObject{{key, QJsonObject()}, {QStringLiteral("z"), QJsonArray()}}}};
    return QJsonObject{{key, QStringLiteral("top")},
                       {QStringLiteral("nested"), values},
                       {QStringLiteral("items"), QJsonArray{values, QJsonObject{{key, 1}}}}};
}
} // namespace

class TestYamlConverter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scalars_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("int") << QByteArray("v: 42") << R"({"v":42})";
        QTest::newRow("negative") << QByteArray("v: -7") << R"({"v":-7})";
        QTest::newRow("float") << QByteArray("v: 0.0023") << R"({"v":0.0023})";
        QTest::newRow("exponent") << QByteArray("v: 1e3") << R"({"v":1000})";
        QTest::newRow("leading dot") << QByteArray("v: .5") << R"({"v":0.5})";
        QTest::newRow("hex") << QByteArray("v: 0x1F") << R"({"v":31})";
        QTest::newRow("octal") << QByteArray("v: 017") << R"({"v":15})";
        QTest::newRow("underscores") << QByteArray("v: 1_000") << R"({"v":1000})";
        QTest::newRow("true") << QByteArray("v: true") << R"({"v":true})";
        QTest::newRow("False") << QByteArray("v: False") << R"({"v":false})";
        QTest::newRow("yes (YAML 1.1)") << QByteArray("v: yes") << R"({"v":true})";
        QTest::newRow("off (YAML 1.1)") << QByteArray("v: off") << R"({"v":false})";
        QTest::newRow("null") << QByteArray("v: null") << R"({"v":null})";
        QTest::newRow("tilde") << QByteArray("v: ~") << R"({"v":null})";
        QTest::newRow("empty") << QByteArray("v:") << R"({"v":null})";
        QTest::newRow("quoted number") << QByteArray("v: \"42\"") << R"({"v":"42"})";
        QTest::newRow("single quoted bool") << QByteArray("v: 'true'") << R"({"v":"true"})";
        QTest::newRow("string") << QByteArray("v: bitcoin") << R"({"v":"bitcoin"})";
        QTest::newRow("dollar string") << QByteArray("v: $94.8106") << R"({"v":"$94.8106"})";
        QTest::newRow("version-like") << QByteArray("v: 1.2.3") << R"({"v":"1.2.3"})";
        QTest::newRow("timestamp stays string") << QByteArray("v: 2026-11-24T01:02:03Z")
                                                << R"({"v":"2026-11-24T01:02:03Z"})";
        QTest::newRow("block scalar") << QByteArray("v: |\n  line1\n  line2\n") << R"({"v":"line1\nline2\n"})";
        QTest::newRow("explicit str tag") << QByteArray("v: !!str 12") << R"({"v":"12"})";
        QTest::newRow("flow") << QByteArray("{a: [1, two], b: {c: null}}") << R"({"a":[1,"two"],"b":{"c":null}})";
        QTest::newRow("numeric key") << QByteArray("1: x") << R"({"1":"x"})";
    }
    void scalars()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QCOMPARE(single(yaml), json(expected));
    }

    void multipleDocumentsSkipEmptyOnes()
    {
        const QByteArray yaml = "---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n"
                                "  name: a\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n...\n";
        const YamlDocuments docs = YamlConverter::parseDocuments(yaml);
        QVERIFY2(docs.ok(), qPrintable(docs.error));
        QCOMPARE(docs.documents.size(), 2);
        QCOMPARE(docs.documents.at(1).toObject().value("metadata").toObject().value("name").toString(),
                 QStringLiteral("b"));
    }

    void projectManifests()
    {
        QFile crd(QStringLiteral(CVC_SOURCE_DIR "/crds/cryptovaluecalculators.yaml"));
        QVERIFY(crd.open(QIODevice::ReadOnly));
        const YamlDocuments docs = YamlConverter::parseDocuments(crd.readAll());
        QVERIFY2(docs.ok(), qPrintable(docs.error));
        QCOMPARE(docs.documents.size(), 1);
        const QJsonObject object = docs.documents.first().toObject();
        QCOMPARE(object.value("kind").toString(), QStringLiteral("CustomResourceDefinition"));
        const QJsonObject version = object.value("spec").toObject().value("versions").toArray().at(0).toObject();
        QCOMPARE(version.value("served"), QJsonValue(true));
        const QJsonArray coins = version.value("schema").toObject().value("openAPIV3Schema").toObject()
                                     .value("properties").toObject().value("spec").toObject()
                                     .value("properties").toObject().value("coin").toObject().value("enum").toArray();
        QCOMPARE(coins, QJsonArray({"bitcoin", "ethereum", "dogecoin", "shiba-inu"}));
    }

    void errorsCarryLineAndColumn()
    {
        const YamlDocuments docs = YamlConverter::parseDocuments("a: 1\nb: [1, 2\nc: 3\n");
        QVERIFY(!docs.ok());
        QVERIFY(docs.documents.isEmpty());
        QVERIFY(docs.errorLine >= 2);
        QVERIFY(docs.errorColumn >= 1);
        QVERIFY2(docs.error.startsWith(QStringLiteral("yaml: line %1, column %2: ").arg(docs.errorLine).arg(docs.errorColumn)),
                 qPrintable(docs.error));

        const YamlDocuments bad = YamlConverter::parseDocuments("a:\n  b: 1\n c: 2\n");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.errorLine, 3);

        const YamlDocuments inf = YamlConverter::parseDocuments("a: .inf\n");
        QVERIFY(!inf.ok());
        QCOMPARE(inf.errorLine, 1);
    }

    void toYamlBlockStyle()
    {
        const QJsonValue object = json(R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",
            "metadata":{"name":"my-btc","labels":{},"annotations":{"value":"$94.8106","n":"42","b":"true",
            "last":"x"}},
            "spec":{"coin":"bitcoin","amount":0.5,"count":3,"list":[1,{"x":"y","z":[]}],"nothing":null,"empty":""}})");
        // A JSON text with a newline, like kubectl's last-applied annotation, is double-quoted.
        QJsonObject withLast = object.toObject();
        QJsonObject metadata = withLast.value("metadata").toObject();
        QJsonObject annotations = metadata.value("annotations").toObject();
        annotations.insert("last", QStringLiteral("{\"a\":1}\n"));
        metadata.insert("annotations", annotations);
        withLast.insert("metadata", metadata);
        const QByteArray expected =
            "apiVersion: crypto.tools/v1\n"
            "kind: CryptoValueCalculator\n"
            "metadata:\n"
            "  annotations:\n"
            "    b: \"true\"\n"
            "    last: |\n"
            "      {\"a\":1}\n"
            "    \"n\": \"42\"\n"
            "    value: $94.8106\n"
            "  labels: {}\n"
            "  name: my-btc\n"
            "spec:\n"
            "  amount: 0.5\n"
            "  coin: bitcoin\n"
            "  count: 3\n"
            "  empty: \"\"\n"
            "  list:\n"
            "  - 1\n"
            "  - x: \"y\"\n"
            "    z: []\n"
            "  nothing: null\n";
        const QByteArray yaml = YamlConverter::toYaml(withLast);
        QCOMPARE(yaml, expected);
        // And it reads back to the same JSON.
        QCOMPARE(single(yaml), QJsonValue(withLast));
    }

    void toYamlRoundTripsTrickyStrings_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *s : {"yes", "No", "~", "null", "", " lead", "trail ", "a: b", "#x", "- x", "0x10", "1e3",
                              "it's", "multi\nline", "tab\there", "{json}", "[1]", "*ref", "&anchor", "!tag", ".5",
                              "key:", "a #b", "ünïcode", "... x", "--- x", "---", "..."})
            QTest::newRow(s) << QString::fromUtf8(s);
    }
    void toYamlRoundTripsTrickyStrings()
    {
        QFETCH(QString, text);
        const QJsonValue value = QJsonObject{{QStringLiteral("k"), text}, {text.isEmpty() ? QStringLiteral("e") : text, 1}};
        QCOMPARE(single(YamlConverter::toYaml(value)), value);
    }

    // YAML readers give up on an implicit key ("key: value") after 1024 characters, so longer keys
    // must be written in another form; whatever the form, they read back here and in PyYAML.
    void toYamlLongKeysReadBack_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("1025 plain") << QString(1025, QLatin1Char('k'));
        QTest::newRow("20000 plain") << QString(20000, QLatin1Char('k'));
        QTest::newRow("2000 single-quoted") << QStringLiteral("it's: ") + QString(2000, QLatin1Char('q'));
        QTest::newRow("2000 double-quoted") << QStringLiteral("tab\t") + QString(2000, QLatin1Char('d')) + QStringLiteral("\u0001");
        QTest::newRow("number-like") << QString(1500, QLatin1Char('7'));
        QTest::newRow("600 two-byte characters") << QString(600, QChar(0x00fc));
        QTest::newRow("129 plain") << QString(129, QLatin1Char('k'));
        QTest::newRow("128 plain") << QString(128, QLatin1Char('k'));
    }
    void toYamlLongKeysReadBack()
    {
        QFETCH(QString, key);
        const QJsonObject document = underKey(key);
        const QByteArray yaml = YamlConverter::toYaml(document);
        QCOMPARE(single(yaml), QJsonValue(document));
        QString error;
        const QJsonValue python = readWithPyYaml(yaml, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error.left(2000)));
        QCOMPARE(python, QJsonValue(document));
    }

    // Past 128 bytes a key is written as go-yaml writes it, which is what kubectl -o yaml shows.
    void toYamlLongKeysLikeKubectl()
    {
        const QString key(129, QLatin1Char('k'));
        const QString shortKey(128, QLatin1Char('s'));
        const QJsonObject object{{QStringLiteral("data"), QJsonObject{{key, QStringLiteral("v")}, {shortKey, QStringLiteral("w")}}},
                                 {QStringLiteral("spec"), QJsonObject{{key, QJsonObject{{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}}}}},
                                 {QStringLiteral("list"), QJsonObject{{key, QJsonArray{1, 2}}}}};
        const QByteArray k = key.toUtf8();
        const QByteArray expected = "data:\n"
                                    "  ? " + k + "\n"
                                    "  : v\n"
                                    "  " + shortKey.toUtf8() + ": w\n"
                                    "list:\n"
                                    "  ? " + k + "\n"
                                    "  : - 1\n"
                                    "    - 2\n"
                                    "spec:\n"
                                    "  ? " + k + "\n"
                                    "  : a: 1\n"
                                    "    b: 2\n";
        QCOMPARE(YamlConverter::toYaml(object), expected);
    }

    void toYamlQuotingLikeKubectl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("plain") << "bitcoin" << QByteArray("k: bitcoin\n");
        QTest::newRow("number-like") << "0.5" << QByteArray("k: \"0.5\"\n");
        QTest::newRow("json") << "{\"a\":1}" << QByteArray("k: '{\"a\":1}'\n");
        QTest::newRow("colon space") << "a: b" << QByteArray("k: 'a: b'\n");
        QTest::newRow("quote") << "it's: x" << QByteArray("k: 'it''s: x'\n");
        QTest::newRow("no trailing newline") << "a\nb" << QByteArray("k: |-\n  a\n  b\n");
        QTest::newRow("two trailing newlines") << "a\n\n" << QByteArray("k: |+\n  a\n\n");
        QTest::newRow("empty line inside") << "a\n\nb\n" << QByteArray("k: |\n  a\n\n  b\n");
        QTest::newRow("leading space multi-line") << " a\nb" << QByteArray("k: \" a\\nb\"\n");
        QTest::newRow("control char") << "a\u0001" << QByteArray("k: \"a\\x01\"\n");
    }
    void toYamlQuotingLikeKubectl()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, expected);
        const QJsonObject object{{QStringLiteral("k"), text}};
        QCOMPARE(YamlConverter::toYaml(object), expected);
        QCOMPARE(single(expected), QJsonValue(object));
    }

    void strayTokensDoNotHang()
    {
        // yaml-cpp 0.7's LoadAll loops forever on these; we must answer with an error.
        for (const char *text : {",", "---\n,", "a: 1\n---\n,\n"}) {
            const YamlDocuments docs = YamlConverter::parseDocuments(text);
            QVERIFY2(!docs.ok(), text);
            QVERIFY2(docs.error.endsWith(QStringLiteral("did not find expected node content")), qPrintable(docs.error));
        }
    }

    void anchorsAndAliases()
    {
        QCOMPARE(single("base: &b {coin: bitcoin}\ncopy: *b\nlist: [&n 1, *n]\n"),
                 json(R"({"base":{"coin":"bitcoin"},"copy":{"coin":"bitcoin"},"list":[1,1]})"));
        // A few lines must not expand into billions of nodes.
        QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        char previous = 'a';
        for (char name = 'b'; name <= 'j'; ++name) {
            bomb += QByteArray(1, name) + ": &" + QByteArray(1, name) + " [";
            for (int i = 0; i < 10; ++i)
                bomb += (i ? ", *" : "*") + QByteArray(1, previous);
            bomb += "]\n";
            previous = name;
        }
        const YamlDocuments docs = YamlConverter::parseDocuments(bomb);
        QVERIFY(!docs.ok());
        QVERIFY2(docs.error.endsWith(QStringLiteral("document contains excessive aliasing")), qPrintable(docs.error));
    }

    void duplicateKeysAreErrors()
    {
        const YamlDocuments docs = YamlConverter::parseDocuments("a: 1\nb: 2\na: 3\n");
        QVERIFY(!docs.ok());
        QCOMPARE(docs.error, QStringLiteral("yaml: line 3, column 1: mapping key \"a\" already defined at line 1"));
    }

    void toYamlDocuments()
    {
        const QByteArray yaml = YamlConverter::toYaml(QList<QJsonValue>{json(R"({"a":1})"), json(R"({"b":[]})")});
        QCOMPARE(yaml, QByteArray("a: 1\n---\nb: []\n"));
        QCOMPARE(YamlConverter::parseDocuments(yaml).documents.size(), 2);
    }
};

QTEST_APPLESS_MAIN(TestYamlConverter)
#include "tst_yamlconverter.moc"
