#include "cvc/cryptovaluecalculator.h"

#include <QJsonDocument>
#include <QtTest>

using cvc::CryptoValueCalculator;
using cvc::CvcSpec;

namespace {

CryptoValueCalculator read(const char *text)
{
    return CryptoValueCalculator::fromJson(QJsonDocument::fromJson(text).object());
}

} // namespace

class TestCryptoValueCalculator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsIdentitySpecAndValue()
    {
        const CryptoValueCalculator c = read(R"({"apiVersion": "crypto.tools/v1", "kind": "CryptoValueCalculator",
            "metadata": {"name": "bitcoin-stash", "namespace": "default", "uid": "u-1", "resourceVersion": "42",
                         "generation": 3, "labels": {"team": "a"}, "annotations": {"value": "$94.8106", "other": "x"}},
            "spec": {"coin": "bitcoin", "amount": 0.0023},
            "status": {"observedGeneration": 3, "price": 41222}})");
        QCOMPARE(c.key.namespaceName, QStringLiteral("default"));
        QCOMPARE(c.key.name, QStringLiteral("bitcoin-stash"));
        QCOMPARE(c.key.toString(), QStringLiteral("default/bitcoin-stash"));
        QCOMPARE(c.uid, QStringLiteral("u-1"));
        QCOMPARE(c.resourceVersion, QStringLiteral("42"));
        QCOMPARE(c.generation, 3);
        QCOMPARE(c.value, QStringLiteral("$94.8106"));
        QCOMPARE(c.spec.coin, QStringLiteral("bitcoin"));
        QVERIFY(c.spec.hasNumericAmount());
        QCOMPARE(c.spec.amount, 0.0023);
        QCOMPARE(c.spec.describeAmount(), QStringLiteral("0.0023"));
        QCOMPARE(c.status.price, 41222.0);
        const QJsonObject ref = c.objectReference();
        QCOMPARE(ref.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("crypto.tools/v1"));
        QCOMPARE(ref.value(QStringLiteral("kind")).toString(), QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(ref.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")).toString(), QStringLiteral("u-1"));
    }

    // The original CRD keeps any JSON in spec: each wrong shape is told apart for the message.
    void describesEveryKindOfAmount_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("described");
        QTest::newRow("missing") << QByteArray(R"({"coin": "bitcoin"})") << int(CvcSpec::AmountKind::Missing) << QStringLiteral("missing");
        QTest::newRow("null") << QByteArray(R"({"amount": null})") << int(CvcSpec::AmountKind::Null) << QStringLiteral("null");
        QTest::newRow("string") << QByteArray(R"({"amount": "lots"})") << int(CvcSpec::AmountKind::String) << QStringLiteral("\"lots\"");
        QTest::newRow("bool") << QByteArray(R"({"amount": true})") << int(CvcSpec::AmountKind::Bool) << QStringLiteral("true");
        QTest::newRow("object") << QByteArray(R"({"amount": {"a": 1}})") << int(CvcSpec::AmountKind::Other) << QStringLiteral("an object");
        QTest::newRow("large") << QByteArray(R"({"amount": 2500000})") << int(CvcSpec::AmountKind::Number) << QStringLiteral("2.5e+06");
    }

    void describesEveryKindOfAmount()
    {
        QFETCH(QByteArray, spec);
        QFETCH(int, kind);
        QFETCH(QString, described);
        const CvcSpec s = CvcSpec::fromJson(QJsonDocument::fromJson(spec).object());
        QCOMPARE(int(s.amountKind), kind);
        QCOMPARE(s.describeAmount(), described);
    }

    void coinThatIsNotAStringIsNoCoin()
    {
        const CryptoValueCalculator c = read(R"({"metadata": {"name": "x"}, "spec": {"coin": 7, "amount": 1}})");
        QVERIFY(!c.spec.coinIsString);
        QVERIFY(c.spec.coin.isEmpty());
        QVERIFY(!c.value);
        QCOMPARE(c.key.toString(), QStringLiteral("x"));
    }
};

QTEST_GUILESS_MAIN(TestCryptoValueCalculator)
#include "tst_cryptovaluecalculator.moc"
