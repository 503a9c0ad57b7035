#include "dashboard/namevalidation.h"

#include <QTest>

using namespace cvc::ui;

class TestNameValidation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void subdomain_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "my-btc" << true;
        QTest::newRow("dots") << "a.b-c.d" << true;
        QTest::newRow("digits") << "0x1" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("upper") << "My-btc" << false;
        QTest::newRow("underscore") << "my_btc" << false;
        QTest::newRow("leading dash") << "-btc" << false;
        QTest::newRow("trailing dot") << "btc." << false;
        QTest::newRow("double dot") << "a..b" << false;
        QTest::newRow("254 chars") << QString(254, QLatin1Char('a')) << false;
        QTest::newRow("253 chars") << QString(253, QLatin1Char('a')) << true;
    }
    void subdomain()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(dns1123SubdomainErrors(name).isEmpty(), valid);
    }
    void labelRejectsDots()
    {
        QVERIFY(dns1123LabelErrors(QStringLiteral("default")).isEmpty());
        QVERIFY(!dns1123LabelErrors(QStringLiteral("a.b")).isEmpty());
        QVERIFY(!dns1123LabelErrors(QString(64, QLatin1Char('a'))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNameValidation)
#include "tst_namevalidation.moc"
