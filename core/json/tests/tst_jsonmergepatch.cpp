#include "json/jsonmergepatch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using cvc::JsonMergePatch;

namespace {
QJsonValue json(const char *text)
{
    // Wrap so scalars and arrays parse too.
    const QByteArray wrapped = QByteArray("{\"v\":") + text + "}";
    return QJsonDocument::fromJson(wrapped).object().value(QStringLiteral("v"));
}
} // namespace

class TestJsonMergePatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc7386Examples_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("result");
        // RFC 7386 Appendix A, every row.
        QTest::newRow("1") << R"({"a":"b"})" << R"({"a":"c"})" << R"({"a":"c"})";
        QTest::newRow("2") << R"({"a":"b"})" << R"({"b":"c"})" << R"({"a":"b","b":"c"})";
        QTest::newRow("3") << R"({"a":"b"})" << R"({"a":null})" << R"({})";
        QTest::newRow("4") << R"({"a":"b","b":"c"})" << R"({"a":null})" << R"({"b":"c"})";
        QTest::newRow("5") << R"({"a":["b"]})" << R"({"a":"c"})" << R"({"a":"c"})";
        QTest::newRow("6") << R"({"a":"c"})" << R"({"a":["b"]})" << R"({"a":["b"]})";
        QTest::newRow("7") << R"({"a":{"b":"c"}})" << R"({"a":{"b":"d","c":null}})" << R"({"a":{"b":"d"}})";
        QTest::newRow("8") << R"({"a":[{"b":"c"}]})" << R"({"a":[1]})" << R"({"a":[1]})";
        QTest::newRow("9") << R"(["a","b"])" << R"(["c","d"])" << R"(["c","d"])";
        QTest::newRow("10") << R"({"a":"b"})" << R"(["c"])" << R"(["c"])";
        QTest::newRow("11") << R"({"a":"foo"})" << R"(null)" << R"(null)";
        QTest::newRow("12") << R"({"a":"foo"})" << R"("bar")" << R"("bar")";
        QTest::newRow("13") << R"({"e":null})" << R"({"a":1})" << R"({"e":null,"a":1})";
        QTest::newRow("14") << R"([1,2])" << R"({"a":"b","c":null})" << R"({"a":"b"})";
        QTest::newRow("15") << R"({})" << R"({"a":{"bb":{"ccc":null}}})" << R"({"a":{"bb":{}}})";
    }
    void rfc7386Examples()
    {
        QFETCH(QString, target);
        QFETCH(QString, patch);
        QFETCH(QString, result);
        QCOMPARE(JsonMergePatch::apply(json(target.toUtf8()), json(patch.toUtf8())), json(result.toUtf8()));
    }

    void createGivesMinimalPatch()
    {
        const QJsonValue from = json(R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",
            "metadata":{"name":"my-btc","annotations":{"a":"1","b":"2"}},"spec":{"coin":"bitcoin","amount":0.5}})");
        const QJsonValue to = json(R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",
            "metadata":{"name":"my-btc","annotations":{"a":"1","c":"3"}},"spec":{"coin":"bitcoin","amount":1.5}})");
        const QJsonValue patch = JsonMergePatch::create(from, to);
        QCOMPARE(patch, json(R"({"metadata":{"annotations":{"b":null,"c":"3"}},"spec":{"amount":1.5}})"));
        QCOMPARE(JsonMergePatch::apply(from, patch), to);
    }

    void createOfEqualValuesIsEmpty()
    {
        const QJsonValue value = json(R"({"spec":{"coin":"bitcoin","list":[1,2]}})");
        QCOMPARE(JsonMergePatch::create(value, value), QJsonValue(QJsonObject()));
    }

    void createSendsChangedArraysWhole()
    {
        const QJsonValue from = json(R"({"l":[1,2,3],"o":{"x":1}})");
        const QJsonValue to = json(R"({"l":[1,2],"o":"scalar"})");
        QCOMPARE(JsonMergePatch::create(from, to), json(R"({"l":[1,2],"o":"scalar"})"));
    }
};

QTEST_APPLESS_MAIN(TestJsonMergePatch)
#include "tst_jsonmergepatch.moc"
