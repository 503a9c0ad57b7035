#include "apimachinery/objectmetavalidator.h"
#include "apimachinery/statuserror.h"

#include "testjson.h"

#include <QTest>

using namespace cvc::sandbox;

namespace {
const QString subdomainMessage = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
const QString labelMessage = QStringLiteral(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");

QStringList texts(const FieldErrorList &errors)
{
    QStringList out;
    for (const FieldError &e : errors)
        out.append(e.toString());
    return out;
}
} // namespace

class TestObjectMetaValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void subdomains()
    {
        for (const char *good : {"my-btc", "a", "example.com", "0", "a-b.c-d"})
            QVERIFY2(ObjectMetaValidator::validateName(QString::fromLatin1(good)).isEmpty(), good);
        QCOMPARE(ObjectMetaValidator::validateName("My_BTC"), QStringList{subdomainMessage});
        QCOMPARE(ObjectMetaValidator::validateName("-a"), QStringList{subdomainMessage});
        QCOMPARE(ObjectMetaValidator::validateName("a."), QStringList{subdomainMessage});
        QCOMPARE(ObjectMetaValidator::validateName(QString(254, 'a')),
                 QStringList{QStringLiteral("must be no more than 253 characters")});
        // generateName may end with a dash.
        QVERIFY(ObjectMetaValidator::validateName("btc-", true).isEmpty());
        QVERIFY(!ObjectMetaValidator::validateName("btc-", false).isEmpty());
    }

    void labelsAndNamespaces()
    {
        // Go joins several examples with "', " + " or ", hence the double space.
        const QString expected = labelMessage;
        QVERIFY(ObjectMetaValidator::validateNamespaceName("cvc-system").isEmpty());
        QCOMPARE(ObjectMetaValidator::validateNamespaceName("a.b"), QStringList{expected});
        QCOMPARE(ObjectMetaValidator::validateNamespaceName(QString(64, 'a')),
                 QStringList{QStringLiteral("must be no more than 63 characters")});
    }

    void qualifiedNamesAndLabelValues()
    {
        for (const char *good : {"app", "crypto.tools/owner", "kubernetes.io/name", "A_b-c.d", "x"})
            QVERIFY2(ObjectMetaValidator::isQualifiedName(QString::fromLatin1(good)).isEmpty(), good);
        QCOMPARE(ObjectMetaValidator::isQualifiedName("/x"), QStringList{QStringLiteral("prefix part must be non-empty")});
        QCOMPARE(ObjectMetaValidator::isQualifiedName("a/b/c").size(), 1);
        QCOMPARE(ObjectMetaValidator::isQualifiedName("-bad"),
                 QStringList{QStringLiteral("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
                                            "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                                            "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")});
        QVERIFY(ObjectMetaValidator::isValidLabelValue("").isEmpty());
        QVERIFY(ObjectMetaValidator::isValidLabelValue("v1.2_x").isEmpty());
        QCOMPARE(ObjectMetaValidator::isValidLabelValue("a b"),
                 QStringList{QStringLiteral("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
                                            "or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                                            "'my_value',  or '12345', regex used for validation is "
                                            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")});
    }

    void fullMetadata()
    {
        QVERIFY(ObjectMetaValidator::validate(testjson::object(R"({"name":"my-btc","namespace":"default",
            "labels":{"app":"cvc"},"annotations":{"value":"$1.0000"},"finalizers":["crypto.tools/cleanup"]})"), true).isEmpty());

        const FieldErrorList errors = ObjectMetaValidator::validate(testjson::object(R"({"name":"My_BTC","namespace":"default"})"), true);
        QCOMPARE(texts(errors), QStringList{QStringLiteral("metadata.name: Invalid value: \"My_BTC\": ") + subdomainMessage});
        const StatusError status = StatusError::invalid("CryptoValueCalculator", "crypto.tools", "My_BTC", errors);
        QCOMPARE(status.message(), QStringLiteral("CryptoValueCalculator.crypto.tools \"My_BTC\" is invalid: metadata.name: "
                                                  "Invalid value: \"My_BTC\": ") + subdomainMessage);

        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"namespace":"default"})"), true)),
                 QStringList{QStringLiteral("metadata.name: Required value: name or generateName is required")});
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"generateName":"btc-","namespace":"default"})"), true)),
                 QStringList{QStringLiteral("metadata.name: Required value: name or generateName is required")});
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"name":"a"})"), true)),
                 QStringList{QStringLiteral("metadata.namespace: Required value")});
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"name":"a","namespace":"x"})"), false)),
                 QStringList{QStringLiteral("metadata.namespace: Forbidden: not allowed on this type")});
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"name":"a","labels":{"app":"a b"}})"), false)).size(), 1);
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"name":"a","annotations":{"a/b/c":"x"}})"), false)).size(), 1);
        QCOMPARE(texts(ObjectMetaValidator::validate(testjson::object(R"({"name":"a","finalizers":["-x"]})"), false)).first()
                     .left(45),
                 QStringLiteral("metadata.finalizers: Invalid value: \"-x\": nam"));
        // Namespaces use DNS labels for their own names.
        QVERIFY(!ObjectMetaValidator::validate(testjson::object(R"({"name":"a.b"})"), false,
                                               &ObjectMetaValidator::validateNamespaceName).isEmpty());
    }

    void annotationSize()
    {
        QJsonObject annotations{{"big", QString(256 * 1024, 'x')}};
        QCOMPARE(texts(ObjectMetaValidator::validateAnnotations(annotations, "metadata.annotations")),
                 QStringList{QStringLiteral("metadata.annotations: Too long: must have at most 262144 bytes")});
    }
};

QTEST_APPLESS_MAIN(TestObjectMetaValidator)
#include "tst_objectmetavalidator.moc"
