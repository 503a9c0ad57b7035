#include "json/jsonpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using cvc::JsonPath;

namespace {
QJsonValue cvc1()
{
    return QJsonDocument::fromJson(R"({
      "apiVersion": "crypto.tools/v1", "kind": "CryptoValueCalculator",
      "metadata": {"name": "my-btc", "namespace": "default",
        "annotations": {"value": "$94.8106",
          "kubectl.kubernetes.io/last-applied-configuration": "{spec:{}}\n"}},
      "spec": {"coin": "bitcoin", "amount": 0.5, "count": 3, "active": true, "tags": ["a", "b"]},
      "status": {"conditions": [
        {"type": "PriceStale", "status": "False"},
        {"type": "Ready", "status": "True", "reason": "Valued"}]}
    })").object();
}

QJsonValue list()
{
    return QJsonDocument::fromJson(R"({"items": [
      {"metadata": {"name": "a"}, "x": 1},
      {"metadata": {"name": "b"}, "x": 2},
      {"metadata": {"name": "c"}, "x": 3}]})").object();
}

QString render(const QString &path, const QJsonValue &document)
{
    QString error;
    const std::optional<JsonPath> parsed = JsonPath::parse(path, &error);
    if (!parsed)
        return QStringLiteral("<parse error: %1>").arg(error);
    return parsed->render(document);
}
} // namespace

class TestJsonPath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void render_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("printer column") << ".spec.coin" << "bitcoin";
        QTest::newRow("template") << "{.metadata.annotations.value}" << "$94.8106";
        QTest::newRow("number") << "{.spec.amount}" << "0.5";
        QTest::newRow("integer") << "{.spec.count}" << "3";
        QTest::newRow("bool") << "{.spec.active}" << "true";
        QTest::newRow("array as json") << "{.spec.tags}" << R"(["a","b"])";
        QTest::newRow("index") << "{.spec.tags[1]}" << "b";
        QTest::newRow("bracket key") << "{.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']}"
                                     << "{spec:{}}\n";
        QTest::newRow("filter") << R"({.status.conditions[?(@.type=="Ready")].status})" << "True";
        QTest::newRow("filter single quotes") << R"({.status.conditions[?(@.type=='PriceStale')].status})" << "False";
        QTest::newRow("filter no match") << R"({.status.conditions[?(@.type=="Nope")].status})" << "";
        QTest::newRow("missing key") << "{.status.nothing.here}" << "";
        QTest::newRow("literal text") << R"({.metadata.name}={.spec.coin}{"\n"})" << "my-btc=bitcoin\n";
        QTest::newRow("dollar root") << "{$.metadata.name}" << "my-btc";
        QTest::newRow("wildcard") << "{.spec.tags[*]}" << "a b";
    }
    void render()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(::render(path, cvc1()), expected);
    }

    void lists_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("first item") << ".items[0].x" << "1";
        QTest::newRow("last item") << ".items[-1].metadata.name" << "c";
        QTest::newRow("all names") << "{.items[*].metadata.name}" << "a b c";
        QTest::newRow("slice") << "{.items[0:2].metadata.name}" << "a b";
        QTest::newRow("numeric filter") << "{.items[?(@.x>1)].metadata.name}" << "b c";
        QTest::newRow("recursive") << "{..name}" << "a b c";
        QTest::newRow("out of range") << "{.items[7].x}" << "";
    }
    void lists()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QCOMPARE(::render(path, list()), expected);
    }

    void firstGivesNoValueForMissingKeys()
    {
        const std::optional<JsonPath> path = JsonPath::parse(QStringLiteral(".status.change"));
        QVERIFY(path);
        QVERIFY(!path->first(cvc1()));
        QCOMPARE(path->evaluate(cvc1()), QList<QJsonValue>());

        const std::optional<JsonPath> amount = JsonPath::parse(QStringLiteral(".spec.amount"));
        QCOMPARE(amount->first(cvc1()), std::optional<QJsonValue>(QJsonValue(0.5)));
    }

    void syntaxErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("unclosed bracket") << ".items[0";
        QTest::newRow("unclosed action") << "{.metadata.name";
        QTest::newRow("bad index") << ".items[x]";
        QTest::newRow("bad filter") << ".items[?@.x==1]";
        QTest::newRow("unterminated key") << ".metadata.annotations['abc]";
    }
    void syntaxErrors()
    {
        QFETCH(QString, path);
        QString error;
        QVERIFY(!JsonPath::parse(path, &error));
        QVERIFY(!error.isEmpty());
    }

    // The review's crafted printer column (C3): 60,000 unclosed filters, 240 KB. The parser used
    // to recurse once per filter until the stack ran out.
    void hostileFilterNestingIsAnError()
    {
        const QString path = QStringLiteral(".spec.a") + QStringLiteral("[?(@").repeated(60000);
        QString error;
        QVERIFY(!JsonPath::parse(path, &error));
        QVERIFY2(error.contains(QStringLiteral("filters nested deeper than 32 levels")), qPrintable(error));
        QVERIFY2(error.size() < 400, "the error quotes a short prefix of the path, not all of it");
    }

    void filterNestingUpToTheLimitParses()
    {
        auto nested = [](int levels) {
            QString path = QStringLiteral(".items");
            for (int i = 0; i < levels; ++i)
                path += QStringLiteral("[?(@.a");
            for (int i = 0; i < levels; ++i)
                path += QStringLiteral(")]");
            return path;
        };
        QVERIFY(JsonPath::parse(nested(JsonPath::MaxFilterNesting)));
        QString error;
        QVERIFY(!JsonPath::parse(nested(JsonPath::MaxFilterNesting + 1), &error));
        QVERIFY2(error.contains(QStringLiteral("nested deeper")), qPrintable(error));

        // Nested filters still select: items whose `a` holds an array with an element with `a`.
        const QJsonValue document = QJsonDocument::fromJson(R"({"items":[{"a":[{"a":1}]},{"a":[{"b":1}]},{"a":2}]})").object();
        QCOMPARE(JsonPath::parse(nested(2))->evaluate(document).size(), 1);
    }

    // Repeated recursive descent multiplies results with every step; evaluation stops at the
    // budget instead of running for minutes.
    void recursiveDescentIsBounded()
    {
        QJsonArray wide;
        for (int i = 0; i < 200; ++i)
            wide.append(QJsonObject{{QStringLiteral("x"), QJsonArray{1, 2, 3, QJsonObject{{QStringLiteral("y"), i}}}}});
        const QJsonValue document = QJsonObject{{QStringLiteral("items"), wide}};
        const std::optional<JsonPath> path = JsonPath::parse(QStringLiteral("{..*..*..*..*..*}"));
        QVERIFY(path);
        const QList<QJsonValue> results = path->evaluate(document);
        QVERIFY(!results.isEmpty());
        QVERIFY(results.size() <= JsonPath::MaxVisitedValues);
        // An ordinary recursive lookup is far below the budget and complete.
        QCOMPARE(JsonPath::parse(QStringLiteral("{..y}"))->evaluate(document).size(), 200);
    }
};

QTEST_APPLESS_MAIN(TestJsonPath)
#include "tst_jsonpath.moc"
