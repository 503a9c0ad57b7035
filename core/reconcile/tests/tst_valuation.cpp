#include "reconcile/valuation.h"

#include <QtTest>

using cvc::Valuation;

class TestValuation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The trial's dogecoin price, 0.08925000000000001 (a stand-in's arithmetic), would reach
    // status and `kubectl get -o wide` as is (cvc-contract.md: shortest text, 0.08925).
    void decimalPriceDropsBinaryNoise()
    {
        QCOMPARE(QByteArray::number(cvc::Valuation::decimalPrice(0.08925000000000001), 'g', QLocale::FloatingPointShortest), QByteArray("0.08925"));
        QCOMPARE(QByteArray::number(cvc::Valuation::decimalPrice(0.1 + 0.2), 'g', QLocale::FloatingPointShortest), QByteArray("0.3"));
        QCOMPARE(cvc::Valuation::decimalPrice(41222.0), 41222.0);
        QCOMPARE(cvc::Valuation::decimalPrice(0.00000812), 0.00000812);
        QCOMPARE(cvc::Valuation::decimalPrice(45060.995443048145), 45060.9954430481);
    }

    void formatUsd_data()
    {
        QTest::addColumn<double>("amount");
        QTest::addColumn<double>("price");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bitcoin example") << 0.0023 << 41222.0 << "$94.8106";
        QTest::newRow("ethereum example") << 1.47 << 3095.76 << "$4550.7672";
        QTest::newRow("trailing zeros kept") << 0.0023 << 50000.0 << "$115.0000";
        QTest::newRow("shiba-inu tiny price") << 2500000.0 << 0.00000812 << "$20.3000";
        QTest::newRow("huge amount, no separator, no exponent") << 1e9 << 95000.0 << "$95000000000000.0000";
        QTest::newRow("half rounds up") << 1.0 << 0.00005 << "$0.0001";
        QTest::newRow("just below half rounds down") << 1.0 << 0.000049999 << "$0.0000";
        QTest::newRow("zero amount") << 0.0 << 41222.0 << "$0.0000";
        QTest::newRow("full precision price") << 3.0 << 0.00001234567891 << "$0.0000";
        QTest::newRow("many digits") << 123456.789 << 0.123456789 << "$15241.5788";
        QTest::newRow("dogecoin") << 1200.0 << 0.0812345 << "$97.4814";
        QTest::newRow("carry through nines") << 1.0 << 9.99995 << "$10.0000";
    }
    void formatUsd()
    {
        QFETCH(double, amount);
        QFETCH(double, price);
        QFETCH(QString, expected);
        QCOMPARE(Valuation::formatUsd(amount, price), expected);
    }

    void valueNumber()
    {
        QCOMPARE(Valuation::value(0.0023, 41222.0), 94.8106);
        QCOMPARE(Valuation::value(1.47, 3095.76), 4550.7672);
    }

    void nonFinite()
    {
        QVERIFY(Valuation::formatUsd(std::nan(""), 1).isEmpty());
        QVERIFY(Valuation::formatUsd(1, std::numeric_limits<double>::infinity()).isEmpty());
    }

    void change_data()
    {
        QTest::addColumn<double>("previous");
        QTest::addColumn<double>("current");
        QTest::addColumn<QString>("expected");
        QTest::newRow("up") << 100.0 << 101.25 << "+1.25%";
        QTest::newRow("down") << 100.0 << 99.6 << "-0.40%";
        QTest::newRow("same") << 94.8106 << 94.8106 << "0.00%";
        QTest::newRow("tiny down is not -0.00") << 100.0 << 99.999 << "0.00%";
        QTest::newRow("doubled") << 50.0 << 100.0 << "+100.00%";
        QTest::newRow("no base") << 0.0 << 10.0 << "";
    }
    void change()
    {
        QFETCH(double, previous);
        QFETCH(double, current);
        QFETCH(QString, expected);
        QCOMPARE(Valuation::formatChange(previous, current), expected);
    }

    void percent()
    {
        QCOMPARE(Valuation::formatPercent(2.3456), QStringLiteral("+2.35%"));
        QCOMPARE(Valuation::formatPercent(-0.004), QStringLiteral("0.00%"));
        QCOMPARE(Valuation::formatPercent(-1.005), QStringLiteral("-1.01%")); // decimal 1.005 rounds up
    }
};

QTEST_GUILESS_MAIN(TestValuation)
#include "tst_valuation.moc"
