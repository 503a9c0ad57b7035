#include "apimachinery/fieldselector.h"
#include "apimachinery/labelselector.h"

#include "testjson.h"

#include <QTest>

using namespace cvc::sandbox;

namespace {
QJsonObject labels(const QString &json)
{
    return testjson::object(json);
}
} // namespace

class TestSelectors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void labelSelectors_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("labels");
        QTest::addColumn<bool>("matches");
        QTest::newRow("empty") << "" << "{}" << true;
        QTest::newRow("equals") << "app=x" << R"({"app":"x"})" << true;
        QTest::newRow("equals other") << "app=x" << R"({"app":"y"})" << false;
        QTest::newRow("double equals") << "app==x" << R"({"app":"x"})" << true;
        QTest::newRow("not equals missing") << "app!=x" << "{}" << true;
        QTest::newRow("not equals same") << "app!=x" << R"({"app":"x"})" << false;
        QTest::newRow("in") << "coin in (bitcoin, ethereum)" << R"({"coin":"ethereum"})" << true;
        QTest::newRow("in missing") << "coin in (bitcoin,ethereum)" << "{}" << false;
        QTest::newRow("notin") << "coin notin (dogecoin)" << R"({"coin":"bitcoin"})" << true;
        QTest::newRow("notin hit") << "coin notin (dogecoin)" << R"({"coin":"dogecoin"})" << false;
        QTest::newRow("exists") << "tier" << R"({"tier":""})" << true;
        QTest::newRow("exists missing") << "tier" << "{}" << false;
        QTest::newRow("not exists") << "!tier" << "{}" << true;
        QTest::newRow("not exists present") << "!tier" << R"({"tier":"a"})" << false;
        QTest::newRow("and") << "app=x,tier,!old" << R"({"app":"x","tier":"1"})" << true;
        QTest::newRow("and fails") << "app=x,tier,!old" << R"({"app":"x","tier":"1","old":"y"})" << false;
        QTest::newRow("prefixed key") << "crypto.tools/owner=me" << R"({"crypto.tools/owner":"me"})" << true;
        QTest::newRow("empty value") << "app=" << R"({"app":""})" << true;
        QTest::newRow("spaces") << " app = x , tier " << R"({"app":"x","tier":"1"})" << true;
        QTest::newRow("in empty parens") << "app in ()" << R"({"app":""})" << true;
        QTest::newRow("greater") << "replicas>2" << R"({"replicas":"3"})" << true;
        QTest::newRow("greater equal fails") << "replicas>3" << R"({"replicas":"3"})" << false;
        QTest::newRow("less") << "replicas<3" << R"({"replicas":"2"})" << true;
        QTest::newRow("less not a number") << "replicas<3" << R"({"replicas":"x"})" << false;
    }
    void labelSelectors()
    {
        QFETCH(QString, selector);
        QFETCH(QString, labels);
        QFETCH(bool, matches);
        QString error;
        const std::optional<LabelSelector> parsed = LabelSelector::parse(selector, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->matches(::labels(labels)), matches);
        QCOMPARE(parsed->matchesObject(QJsonObject{{"metadata", QJsonObject{{"labels", ::labels(labels)}}}}), matches);
    }

    void labelSelectorErrors_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("error");
        QTest::newRow("leading comma") << ",a" << "found ',', expected: !, identifier, or 'end of string'";
        QTest::newRow("missing paren") << "a in b" << "unable to parse requirement: found 'b', expected: '('";
        QTest::newRow("unclosed") << "a in (b" << "unable to parse requirement: found 'end of string', expected: ',' or ')'";
        QTest::newRow("bad key") << "-a=b" << "";
        QTest::newRow("bad value") << "a=b c" << "found 'c', expected: ',' or 'end of string'";
        QTest::newRow("gt needs integer") << "a>b" << "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer";
        QTest::newRow("bang with op") << "!a=b" << "";
        QTest::newRow("invalid value chars") << "a=-b" << "";
    }
    void labelSelectorErrors()
    {
        QFETCH(QString, selector);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!LabelSelector::parse(selector, &message));
        QVERIFY(!message.isEmpty());
        if (!error.isEmpty())
            QCOMPARE(message, error);
    }

    void fieldSelectors()
    {
        const QJsonObject cvc = testjson::object(R"({"metadata":{"name":"my-btc","namespace":"default"},"spec":{"coin":"bitcoin"}})");
        QString error;
        auto parse = [&](const QString &text) { return FieldSelector::parse(text, FieldSelector::customResourceFields(), &error); };
        QVERIFY(parse("metadata.name=my-btc")->matches(cvc));
        QVERIFY(parse("metadata.name==my-btc")->matches(cvc));
        QVERIFY(!parse("metadata.name!=my-btc")->matches(cvc));
        QVERIFY(parse("metadata.name=my-btc,metadata.namespace=default")->matches(cvc));
        QVERIFY(!parse("metadata.name=my-btc,metadata.namespace=other")->matches(cvc));
        QVERIFY(parse("")->isEmpty());
        QVERIFY(parse("")->matches(cvc));

        QVERIFY(!parse("spec.coin=bitcoin"));
        QCOMPARE(error, QStringLiteral("field label not supported: spec.coin"));
        QVERIFY(!parse("metadata.name"));
        QCOMPARE(error, QStringLiteral("invalid selector: 'metadata.name'; can't understand 'metadata.name'"));
    }

    void eventFieldSelectors()
    {
        const QJsonObject event = testjson::object(R"({"metadata":{"name":"my-btc.1","namespace":"default"},
            "involvedObject":{"kind":"CryptoValueCalculator","name":"my-btc","namespace":"default","uid":"u-1",
            "apiVersion":"crypto.tools/v1"},"reason":"Valued","type":"Normal","reportingComponent":"crypto.tools/cvc-operator"})");
        QString error;
        const std::optional<FieldSelector> describe = FieldSelector::parse(
            "involvedObject.name=my-btc,involvedObject.namespace=default,involvedObject.kind=CryptoValueCalculator,involvedObject.uid=u-1",
            FieldSelector::eventFields(), &error);
        QVERIFY2(describe, qPrintable(error));
        QVERIFY(describe->matches(event));
        QVERIFY(FieldSelector::parse("type=Normal,reason=Valued", FieldSelector::eventFields())->matches(event));
        // `source` falls back to reportingComponent when source.component is empty.
        QVERIFY(FieldSelector::parse("source=crypto.tools/cvc-operator", FieldSelector::eventFields())->matches(event));
        QVERIFY(!FieldSelector::parse("involvedObject.apiVersion!=crypto.tools/v1", FieldSelector::eventFields())->matches(event));
        QVERIFY(!FieldSelector::parse("message=x", FieldSelector::eventFields(), &error));
        QCOMPARE(error, QStringLiteral("field label not supported: message"));
    }

    void escapedFieldValues()
    {
        const QJsonObject object{{"metadata", QJsonObject{{"name", "a,b=c"}}}};
        QVERIFY(FieldSelector::parse("metadata.name=a\\,b\\=c", FieldSelector::customResourceFields())->matches(object));
    }
};

QTEST_APPLESS_MAIN(TestSelectors)
#include "tst_selectors.moc"
