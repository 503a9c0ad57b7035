// DeepJsonReader: a LIST with one object nested deeper than Qt's parser allows still yields every
// other item exactly as Qt reads it, and names the one it cannot hand over.
#include "json/deepjsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using cvc::DeepJsonReader;

namespace {

QByteArray nested(int levels)
{
    return QByteArray("{\"a\":").repeated(levels) + "1" + QByteArray("}").repeated(levels);
}

QByteArray cvcJson(const QByteArray &name, const QByteArray &spec)
{
    return R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":")" + name
        + R"(","namespace":"default","uid":"uid-)" + name + R"(","resourceVersion":"7"},"spec":)" + spec + "}";
}

} // namespace

class TestDeepJsonReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listWithOneTooDeepItem()
    {
        const QByteArray good1 = cvcJson("btc", R"({"coin":"bitcoin","amount":0.0023})");
        const QByteArray deep = cvcJson("deep", nested(1100));
        const QByteArray good2 = cvcJson("big", R"({"coin":"dogecoin","amount":12345678901234,"note":"\u00e9\n"})");
        const QByteArray body = R"({"kind":"CryptoValueCalculatorList","metadata":{"resourceVersion":"42"},"items":[)" + good1
            + "," + deep + "," + good2 + "]}";
        QJsonParseError error;
        QJsonDocument::fromJson(body, &error);
        QCOMPARE(error.error, QJsonParseError::DeepNesting);   // what this reader exists for

        const DeepJsonReader reader(body);
        QVERIFY2(reader.isValid(), qPrintable(reader.errorString()));
        QCOMPARE(reader.arraySize(u"items"), 3);
        QCOMPARE(reader.objectAt(u"items", 0), std::optional(QJsonDocument::fromJson(good1).object()));
        QCOMPARE(reader.objectAt(u"items", 2), std::optional(QJsonDocument::fromJson(good2).object()));
        QVERIFY(!reader.objectAt(u"items", 1).has_value());
        QVERIFY(!reader.objectAt(u"items", 3).has_value());
        const QJsonObject identity = reader.identityAt(u"items", 1);
        QCOMPARE(identity.value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(identity.value("metadata").toObject(),
                 (QJsonObject{{"name", "deep"}, {"namespace", "default"}, {"uid", "uid-deep"}, {"resourceVersion", "7"}}));
        QCOMPARE(reader.membersExcept(u"items"),
                 (QJsonObject{{"kind", "CryptoValueCalculatorList"}, {"metadata", QJsonObject{{"resourceVersion", "42"}}}}));
        QCOMPARE(reader.arraySize(u"metadata"), -1);
    }

    // Exactly what Qt itself reads converts; one level more does not.
    void limitIsQtsOwn()
    {
        for (int levels : {DeepJsonReader::MaxQtDepth - 1, DeepJsonReader::MaxQtDepth, DeepJsonReader::MaxQtDepth + 1}) {
            const QByteArray object = nested(levels);
            QJsonParseError error;
            const QJsonDocument qt = QJsonDocument::fromJson("{\"object\":" + object + "}", &error);
            const DeepJsonReader reader("{\"object\":" + object + "}");
            const auto member = reader.member(u"object");
            QCOMPARE(member.has_value(), error.error == QJsonParseError::NoError);
            if (member)
                QCOMPARE(*member, qt.object().value("object"));
        }
    }

    // Iterative all the way: a hundred thousand levels neither crash nor recurse.
    void veryDeepIsHarmless()
    {
        const DeepJsonReader reader("{\"type\":\"ADDED\",\"object\":" + cvcJson("x", nested(100000)) + "}");
        QVERIFY2(reader.isValid(), qPrintable(reader.errorString()));
        QCOMPARE(reader.member(u"type"), std::optional(QJsonValue("ADDED")));
        QVERIFY(!reader.member(u"object").has_value());
        QCOMPARE(reader.identityOf(u"object").value("metadata").toObject().value("name").toString(), QStringLiteral("x"));
    }

    // What a server that stores what kube-apiserver stores needs: the whole object, deeper than
    // Qt's parser reads, and a refusal past the limit it is given.
    void wholeObjectToAGivenDepth()
    {
        const QByteArray text = cvcJson("deep", nested(1100));
        QCOMPARE(QJsonDocument::fromJson(text).object(), QJsonObject()); // Qt's parser gives up
        const DeepJsonReader reader(text);
        const auto object = reader.object(DeepJsonReader::KubeMaxDepth);
        QVERIFY(object);
        QCOMPARE(object->value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("deep"));
        QJsonValue v = object->value(QStringLiteral("spec"));
        int levels = 0;
        while (v.isObject()) {
            v = v.toObject().value(QStringLiteral("a"));
            ++levels;
        }
        QCOMPARE(levels, 1100);
        QCOMPARE(v.toInt(), 1);
        // Top-level object, spec and 1,099 more: 1,101 levels.
        QVERIFY(reader.object(1101));
        QVERIFY(!reader.object(1100));
        QVERIFY(!DeepJsonReader(nested(DeepJsonReader::KubeMaxDepth + 1)).object(DeepJsonReader::KubeMaxDepth));
    }

    void errorsNameTheOffset()
    {
        const DeepJsonReader broken("{\"items\":[1,}");
        QVERIFY(!broken.isValid());
        QVERIFY2(broken.errorString().contains("offset 12"), qPrintable(broken.errorString()));
        QCOMPARE(broken.arraySize(u"items"), -1);
        QVERIFY(!DeepJsonReader("[1,2]").isValid());
    }
};

QTEST_GUILESS_MAIN(TestDeepJsonReader)
#include "tst_deepjsonreader.moc"
