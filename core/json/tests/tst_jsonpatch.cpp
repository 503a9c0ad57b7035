#include "json/jsonpatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using cvc::JsonPatch;
using cvc::JsonPatchResult;

namespace {
QJsonValue json(const QString &text)
{
    const QByteArray wrapped = "{\"v\":" + text.toUtf8() + "}";
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(text));
    return doc.object().value(QStringLiteral("v"));
}
} // namespace

class TestJsonPatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc6902Examples_data()
    {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected"); // empty: the patch must fail with OperationFailed
        // RFC 6902 Appendix A.
        QTest::newRow("A.1 add object member") << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/baz","value":"qux"}])" << R"({"baz":"qux","foo":"bar"})";
        QTest::newRow("A.2 add array element") << R"({"foo":["bar","baz"]})"
            << R"([{"op":"add","path":"/foo/1","value":"qux"}])" << R"({"foo":["bar","qux","baz"]})";
        QTest::newRow("A.3 remove object member") << R"({"baz":"qux","foo":"bar"})"
            << R"([{"op":"remove","path":"/baz"}])" << R"({"foo":"bar"})";
        QTest::newRow("A.4 remove array element") << R"({"foo":["bar","qux","baz"]})"
            << R"([{"op":"remove","path":"/foo/1"}])" << R"({"foo":["bar","baz"]})";
        QTest::newRow("A.5 replace") << R"({"baz":"qux","foo":"bar"})"
            << R"([{"op":"replace","path":"/baz","value":"boo"}])" << R"({"baz":"boo","foo":"bar"})";
        QTest::newRow("A.6 move value") << R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})"
            << R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])"
            << R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})";
        QTest::newRow("A.7 move array element") << R"({"foo":["all","grass","cows","eat"]})"
            << R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])" << R"({"foo":["all","cows","eat","grass"]})";
        QTest::newRow("A.8 test success") << R"({"baz":"qux","foo":["a",2,"c"]})"
            << R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])"
            << R"({"baz":"qux","foo":["a",2,"c"]})";
        QTest::newRow("A.9 test failure") << R"({"baz":"qux"})"
            << R"([{"op":"test","path":"/baz","value":"bar"}])" << QString();
        QTest::newRow("A.10 add nested member") << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])"
            << R"({"foo":"bar","child":{"grandchild":{}}})";
        QTest::newRow("A.11 ignore unrecognized elements") << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])" << R"({"foo":"bar","baz":"qux"})";
        QTest::newRow("A.12 add to nonexistent target") << R"({"foo":"bar"})"
            << R"([{"op":"add","path":"/baz/bat","value":"qux"}])" << QString();
        QTest::newRow("A.14 ~ escape ordering") << R"({"/":9,"~1":10})"
            << R"([{"op":"test","path":"/~01","value":10}])" << R"({"/":9,"~1":10})";
        QTest::newRow("A.15 comparing strings and numbers") << R"({"/":9,"~1":10})"
            << R"([{"op":"test","path":"/~01","value":"10"}])" << QString();
        QTest::newRow("A.16 add array value") << R"({"foo":["bar"]})"
            << R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])" << R"({"foo":["bar",["abc","def"]]})";
        // More.
        QTest::newRow("~1 in path") << R"({"metadata":{"annotations":{}}})"
            << R"([{"op":"add","path":"/metadata/annotations/crypto.tools~1owner","value":"me"}])"
            << R"({"metadata":{"annotations":{"crypto.tools/owner":"me"}}})";
        QTest::newRow("copy") << R"({"a":{"x":1}})" << R"([{"op":"copy","from":"/a","path":"/b"}])"
            << R"({"a":{"x":1},"b":{"x":1}})";
        QTest::newRow("replace missing fails") << R"({"a":1})"
            << R"([{"op":"replace","path":"/b","value":2}])" << QString();
        QTest::newRow("remove missing fails") << R"({"a":1})" << R"([{"op":"remove","path":"/b"}])" << QString();
        QTest::newRow("index out of range fails") << R"({"a":[1]})"
            << R"([{"op":"add","path":"/a/5","value":2}])" << QString();
        QTest::newRow("replace root") << R"({"a":1})" << R"([{"op":"replace","path":"","value":[1]}])" << R"([1])";
        QTest::newRow("move into own child fails") << R"({"a":{"b":1}})"
            << R"([{"op":"move","from":"/a","path":"/a/b/c"}])" << QString();
        QTest::newRow("failure applies nothing") << R"({"spec":{"coin":"bitcoin"}})"
            << R"([{"op":"replace","path":"/spec/coin","value":"dogecoin"},{"op":"test","path":"/spec/coin","value":"ethereum"}])"
            << QString();
        QTest::newRow("kube-api check 22") << R"({"spec":{"coin":"bitcoin","amount":1}})"
            << R"([{"op":"test","path":"/spec/coin","value":"bitcoin"},{"op":"replace","path":"/spec/amount","value":2}])"
            << R"({"spec":{"coin":"bitcoin","amount":2}})";
    }
    void rfc6902Examples()
    {
        QFETCH(QString, document);
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        const JsonPatchResult result = JsonPatch::apply(json(document), json(patch));
        if (expected.isEmpty()) {
            QCOMPARE(result.error, JsonPatchResult::Error::OperationFailed);
            QVERIFY(!result.message.isEmpty());
        } else {
            QVERIFY2(result.ok(), qPrintable(result.message));
            QCOMPARE(result.document, json(expected));
        }
    }

    void invalidPatches_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("not json") << QByteArray("[{");
        QTest::newRow("not an array") << QByteArray(R"({"op":"add"})");
        QTest::newRow("unknown op") << QByteArray(R"([{"op":"frobnicate","path":"/a"}])");
        QTest::newRow("missing value") << QByteArray(R"([{"op":"add","path":"/a"}])");
        QTest::newRow("bad pointer") << QByteArray(R"([{"op":"add","path":"a","value":1}])");
        QTest::newRow("bad escape") << QByteArray(R"([{"op":"add","path":"/a~2","value":1}])");
        QTest::newRow("missing from") << QByteArray(R"([{"op":"move","path":"/a"}])");
    }
    void invalidPatches()
    {
        QFETCH(QByteArray, patch);
        const JsonPatchResult result = JsonPatch::apply(json(R"({"a":1})"), patch);
        QCOMPARE(result.error, JsonPatchResult::Error::InvalidPatch);
    }

    void tooManyOperations()
    {
        QJsonArray ops;
        for (int i = 0; i < JsonPatch::MaxOperations + 1; ++i)
            ops.append(QJsonObject{{"op", "test"}, {"path", "/a"}, {"value", 1}});
        const JsonPatchResult result = JsonPatch::apply(json(R"({"a":1})"), QJsonValue(ops));
        QCOMPARE(result.error, JsonPatchResult::Error::TooManyOperations);
        QCOMPARE(result.message, QStringLiteral("The allowed maximum operations in a JSON patch is 10000, got 10001"));

        ops.removeLast();
        QVERIFY(JsonPatch::apply(json(R"({"a":1})"), QJsonValue(ops)).ok());
    }
};

QTEST_APPLESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
