#include "apimachinery/fielderror.h"

#include <QJsonObject>
#include <QTest>

using namespace cvc::sandbox;

class TestFieldError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodies_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("reason");
        QTest::newRow("required") << FieldError::required("spec.amount").toString()
                                  << "spec.amount: Required value" << FieldError::required("x").reason();
        QTest::newRow("required detail") << FieldError::required("metadata.name", "name or generateName is required").toString()
                                         << "metadata.name: Required value: name or generateName is required" << "FieldValueRequired";
        QTest::newRow("not supported") << FieldError::notSupported("spec.coin", "litecoin", {"bitcoin", "ethereum", "dogecoin", "shiba-inu"}).toString()
            << "spec.coin: Unsupported value: \"litecoin\": supported values: \"bitcoin\", \"ethereum\", \"dogecoin\", \"shiba-inu\""
            << FieldError::notSupported("x", "y", {}).reason();
        QTest::newRow("invalid string") << FieldError::invalid("metadata.name", "My_BTC", "bad").toString()
                                        << "metadata.name: Invalid value: \"My_BTC\": bad" << "FieldValueInvalid";
        QTest::newRow("invalid int") << FieldError::invalid("spec.leaseDurationSeconds", 0, "must be greater than 0").toString()
                                     << "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0" << "FieldValueInvalid";
        QTest::newRow("invalid float") << FieldError::invalid("spec.x", 1.5, "d").toString()
                                       << "spec.x: Invalid value: 1.5: d" << "FieldValueInvalid";
        QTest::newRow("invalid bool") << FieldError::invalid("spec.x", true, "d").toString()
                                      << "spec.x: Invalid value: true: d" << "FieldValueInvalid";
        QTest::newRow("invalid null") << FieldError::invalid("spec.x", QJsonValue(), "d").toString()
                                      << "spec.x: Invalid value: \"null\": d" << "FieldValueInvalid";
        QTest::newRow("quoting") << FieldError::invalid("spec.x", "a\"b\n", "d").toString()
                                 << "spec.x: Invalid value: \"a\\\"b\\n\": d" << "FieldValueInvalid";
        QTest::newRow("type invalid") << FieldError::typeInvalid("spec.amount", "string", "spec.amount in body must be of type number: \"string\"").toString()
            << "spec.amount: Invalid value: \"string\": spec.amount in body must be of type number: \"string\""
            << FieldError::typeInvalid("x", "y", "z").reason();
        QTest::newRow("forbidden") << FieldError::forbidden("force", "may not be specified for non-apply patch").toString()
                                   << "force: Forbidden: may not be specified for non-apply patch"
                                   << FieldError::forbidden("x", "y").reason();
        QTest::newRow("duplicate") << FieldError::duplicate("spec.x[1]", "a").toString()
                                   << "spec.x[1]: Duplicate value: \"a\"" << FieldError::duplicate("x", "y").reason();
        QTest::newRow("too long") << FieldError::tooLong("metadata.annotations", "", 262144).toString()
                                  << "metadata.annotations: Too long: must have at most 262144 bytes"
                                  << FieldError::tooLong("x", "y", 1).reason();
        QTest::newRow("too many") << FieldError::tooMany("spec.x", 5, 3).toString()
                                  << "spec.x: Too many: 5: must have at most 3 items" << FieldError::tooMany("x", 1, 1).reason();
        QTest::newRow("not found") << FieldError::notFound("spec.x", "y").toString()
                                   << "spec.x: Not found: \"y\"" << FieldError::notFound("x", "y").reason();
    }
    void bodies()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QFETCH(QString, reason);
        QCOMPARE(text, expected);
        QVERIFY(reason.startsWith("FieldValue"));
    }

    void cause()
    {
        const QJsonObject cause = FieldError::required("spec.amount").toCause();
        QCOMPARE(cause, (QJsonObject{{"reason", "FieldValueRequired"}, {"message", "Required value"}, {"field", "spec.amount"}}));
    }

    void aggregate()
    {
        QCOMPARE(FieldError::aggregate({}), QString());
        QCOMPARE(FieldError::aggregate({FieldError::required("a")}), QStringLiteral("a: Required value"));
        QCOMPARE(FieldError::aggregate({FieldError::required("a"), FieldError::required("b")}),
                 QStringLiteral("[a: Required value, b: Required value]"));
        // Duplicates are dropped; one distinct error left means no brackets.
        QCOMPARE(FieldError::aggregate({FieldError::required("a"), FieldError::required("a")}),
                 QStringLiteral("a: Required value"));
        QCOMPARE(FieldError::aggregate({FieldError::required("a"), FieldError::required("b"), FieldError::required("a")}),
                 QStringLiteral("[a: Required value, b: Required value]"));
    }
};

QTEST_APPLESS_MAIN(TestFieldError)
#include "tst_fielderror.moc"
