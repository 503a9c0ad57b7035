#include "json/jsonduplicatekeys.h"

#include <QTest>

using cvc::JsonDuplicateKeys;

class TestJsonDuplicateKeys : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void find_data();
    void find();
};

void TestJsonDuplicateKeys::find_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << QByteArray(R"({"spec":{"coin":"bitcoin","amount":1}})") << QStringList();
    QTest::newRow("nested") << QByteArray(R"({"spec":{"amount":1,"coin":"x","amount":2}})") << QStringList{"spec.amount"};
    QTest::newRow("top level") << QByteArray(R"({"kind":"A","kind":"B"})") << QStringList{"kind"};
    QTest::newRow("in arrays") << QByteArray(R"({"items":[{"a":1},{"a":1,"a":2}]})") << QStringList{"items[1].a"};
    QTest::newRow("same key in siblings is fine") << QByteArray(R"({"a":{"x":1},"b":{"x":2}})") << QStringList();
    QTest::newRow("escaped keys") << QByteArray(R"({"a\u0062":1,"ab":2})") << QStringList{"ab"};
    QTest::newRow("reported once") << QByteArray(R"({"a":1,"a":2,"a":3})") << QStringList{"a"};
    QTest::newRow("whitespace") << QByteArray("{ \"a\" : [ 1 , 2 ] ,\n \"a\" : null }") << QStringList{"a"};
    QTest::newRow("strings with braces") << QByteArray(R"({"a":"{\"a\":1,\"a\":2}","b":1})") << QStringList();
}

void TestJsonDuplicateKeys::find()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    QCOMPARE(JsonDuplicateKeys::find(json), expected);
}

QTEST_APPLESS_MAIN(TestJsonDuplicateKeys)
#include "tst_jsonduplicatekeys.moc"
