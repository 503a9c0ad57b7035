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

    // The review's C4 request: 14 copies of the whole object into new keys of itself doubled a
    // 200-byte ConfigMap into a 6.8 MB one. kube-apiserver stops it at JSONPatchMaxCopyBytes.
    void copyAmplificationHitsTheCopyLimit()
    {
        const QJsonValue configMap = json(QStringLiteral(R"({"apiVersion":"v1","kind":"ConfigMap",
            "metadata":{"name":"amp","namespace":"default"},"data":{"k":"%1"}})").arg(QString(200, QLatin1Char('x'))));
        QJsonArray ops;
        for (int i = 0; i < 14; ++i)
            ops.append(QJsonObject{{"op", "copy"}, {"from", ""}, {"path", QStringLiteral("/a%1").arg(i)}});
        const JsonPatchResult result = JsonPatch::apply(configMap, QJsonValue(ops));
        QCOMPARE(result.error, JsonPatchResult::Error::OperationFailed);
        QVERIFY2(result.message.startsWith(QStringLiteral("Unable to complete the copy, the accumulated size increase of copy is ")),
                 qPrintable(result.message));
        QVERIFY2(result.message.endsWith(QStringLiteral(", exceeding the limit 3145728")), qPrintable(result.message));
        QCOMPARE(result.document, QJsonValue());
    }

    // Each copy adds the copied value's serialized size, as Go writes it: a string of N plain
    // characters costs N + 2 bytes; <, > and & are escaped by Go's encoder and cost 6.
    void copySizeIsAccountedLikeKube()
    {
        const QString million(1048574, QLatin1Char('a')); // 1,048,576 bytes with its quotes
        const QJsonValue document = QJsonObject{{"s", million}, {"t", QJsonArray()}};
        auto copies = [](int n) {
            QJsonArray ops;
            for (int i = 0; i < n; ++i)
                ops.append(QJsonObject{{"op", "copy"}, {"from", "/s"}, {"path", "/t/-"}});
            return QJsonValue(ops);
        };
        QVERIFY(JsonPatch::apply(document, copies(3)).ok()); // exactly 3 MiB is allowed
        const JsonPatchResult over = JsonPatch::apply(document, copies(4));
        QCOMPARE(over.message, QStringLiteral("Unable to complete the copy, the accumulated size increase of copy is "
                                              "4194304, exceeding the limit 3145728"));

        const QJsonValue html = QJsonObject{{"s", QString(524287, QLatin1Char('<'))}, {"t", QJsonArray()}};
        QVERIFY(JsonPatch::apply(html, copies(1)).ok());
        QCOMPARE(JsonPatch::apply(html, copies(2)).message,
                 QStringLiteral("Unable to complete the copy, the accumulated size increase of copy is "
                                "6291448, exceeding the limit 3145728"));
    }

    // The review's C10 request: a 1021-level value added six levels down made a 1027-level object
    // that the store wrote but could not read back after a restart.
    void resultsDeeperThanTheReaderAreRefused()
    {
        auto nested = [](int levels) {
            QByteArray text = QByteArray(levels, '[') + QByteArray(levels, ']');
            return QJsonDocument::fromJson("{\"v\":" + text + "}").object().value("v");
        };
        const QJsonValue document = json(R"({"p":{"q":{"r":{"s":{"t":{}}}}}})");
        auto add = [](const QJsonValue &value) {
            return QJsonValue(QJsonArray{QJsonObject{{"op", "add"}, {"path", "/p/q/r/s/t/u"}, {"value", value}}});
        };
        const JsonPatchResult deep = JsonPatch::apply(document, add(nested(1021)));
        QCOMPARE(deep.error, JsonPatchResult::Error::OperationFailed);
        QVERIFY2(deep.message.contains(QStringLiteral("would nest deeper than 1024 levels")), qPrintable(deep.message));

        // Six containers above the value and 1018 in it: 1024 levels, which QJsonDocument reads back.
        const JsonPatchResult fits = JsonPatch::apply(document, add(nested(1018)));
        QVERIFY2(fits.ok(), qPrintable(fits.message));
        QJsonParseError error;
        QJsonDocument::fromJson(QJsonDocument(fits.document.toObject()).toJson(QJsonDocument::Compact), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    // Copies and moves build depth without sending it: each copy of the root one level further
    // down doubles nothing but deepens everything.
    void copiesAndMovesCannotStackDepth()
    {
        QJsonArray copies;
        QString path;
        for (int i = 0; i < 1100; ++i) {
            path += QStringLiteral("/n");
            copies.append(QJsonObject{{"op", "add"}, {"path", path}, {"value", QJsonObject()}});
        }
        const JsonPatchResult chain = JsonPatch::apply(json("{}"), QJsonValue(copies));
        QCOMPARE(chain.error, JsonPatchResult::Error::OperationFailed);
        QVERIFY2(chain.message.startsWith(QStringLiteral("add operation at")), qPrintable(chain.message));

        QString half;
        for (int i = 0; i < 600; ++i)
            half += QStringLiteral("/n");
        QJsonArray build;
        QString p;
        for (int i = 0; i < 600; ++i) {
            p += QStringLiteral("/n");
            build.append(QJsonObject{{"op", "add"}, {"path", p}, {"value", QJsonObject()}});
        }
        const JsonPatchResult built = JsonPatch::apply(json("{}"), QJsonValue(build));
        QVERIFY2(built.ok(), qPrintable(built.message));
        const QJsonValue copyDown = QJsonArray{QJsonObject{{"op", "copy"}, {"from", "/n"}, {"path", QString(half + QStringLiteral("/m"))}}};
        QCOMPARE(JsonPatch::apply(built.document, copyDown).error, JsonPatchResult::Error::OperationFailed);
        QJsonObject twoChains = built.document.toObject();
        twoChains.insert("o", twoChains.value("n"));
        const QJsonValue moveDown = QJsonArray{QJsonObject{{"op", "move"}, {"from", "/o"}, {"path", QString(half + QStringLiteral("/m"))}}};
        QCOMPARE(JsonPatch::apply(twoChains, moveDown).error, JsonPatchResult::Error::OperationFailed);
        const QJsonValue moveUp = QJsonArray{QJsonObject{{"op", "move"}, {"from", "/n/n"}, {"path", "/up"}}};
        QVERIFY(JsonPatch::apply(twoChains, moveUp).ok());
    }

    // Moving a wide subtree deeper and back thousands of times costs a depth check each time;
    // the patch gives up at the budget instead of running for minutes.
    void depthChecksHaveABudget()
    {
        QJsonObject wide;
        for (int i = 0; i < 2500; ++i)
            wide.insert(QStringLiteral("k%1").arg(i), i);
        const QJsonValue document = QJsonObject{{"a", wide}, {"b", QJsonObject()}};
        QJsonArray ops;
        for (int i = 0; i < JsonPatch::MaxOperations / 2; ++i) {
            ops.append(QJsonObject{{"op", "move"}, {"from", "/a"}, {"path", "/b/x"}});
            ops.append(QJsonObject{{"op", "move"}, {"from", "/b/x"}, {"path", "/a"}});
        }
        const JsonPatchResult result = JsonPatch::apply(document, QJsonValue(ops));
        QCOMPARE(result.error, JsonPatchResult::Error::OperationFailed);
        QVERIFY2(result.message.contains(QStringLiteral("inspects more than 10000000 values")), qPrintable(result.message));
    }
};

QTEST_APPLESS_MAIN(TestJsonPatch)
#include "tst_jsonpatch.moc"
