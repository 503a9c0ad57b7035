#include "apimachinery/queryboolean.h"

#include <QTest>

using namespace cvc::sandbox;

class TestQueryBoolean : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromQuery()
    {
        QCOMPARE(QueryBoolean::fromQuery(std::nullopt), false);
        for (const char *v : {"", "1", "true", "True", "TRUE", "yes", "t", "anything"})
            QVERIFY2(QueryBoolean::fromQuery(QString::fromLatin1(v)), v);
        for (const char *v : {"0", "false", "False", "FALSE", "fAlSe"})
            QVERIFY2(!QueryBoolean::fromQuery(QString::fromLatin1(v)), v);
    }

    void parseGoBool()
    {
        for (const char *v : {"1", "t", "T", "TRUE", "true", "True"})
            QCOMPARE(QueryBoolean::parseGoBool(QString::fromLatin1(v)), std::optional<bool>(true));
        for (const char *v : {"0", "f", "F", "FALSE", "false", "False"})
            QCOMPARE(QueryBoolean::parseGoBool(QString::fromLatin1(v)), std::optional<bool>(false));
        for (const char *v : {"", "yes", "tRUE", "2", " true"})
            QCOMPARE(QueryBoolean::parseGoBool(QString::fromLatin1(v)), std::optional<bool>());
    }
};

QTEST_APPLESS_MAIN(TestQueryBoolean)
#include "tst_queryboolean.moc"
