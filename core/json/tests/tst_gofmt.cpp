#include "json/gofmt.h"

#include <QTest>

using cvc::GoFormat;

class TestGoFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatFloat_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        // What Go's fmt.Sprintf("%v", float64(x)) prints.
        QTest::newRow("1.5") << 1.5 << "1.5";
        QTest::newRow("0.0023") << 0.0023 << "0.0023";
        QTest::newRow("1e-05") << 1e-05 << "1e-05";
        QTest::newRow("0.0001") << 0.0001 << "0.0001";
        QTest::newRow("1e+21") << 1e21 << "1e+21";
        QTest::newRow("1e+06") << 1e6 << "1e+06";
        QTest::newRow("100000") << 100000.0 << "100000";
        QTest::newRow("123456789") << 123456789.0 << "1.23456789e+08";
        QTest::newRow("negative") << -0.5 << "-0.5";
        QTest::newRow("zero") << 0.0 << "0";
        QTest::newRow("shortest") << 0.1 + 0.2 << "0.30000000000000004";
        QTest::newRow("41234.5") << 41234.5 << "41234.5";
    }
    void formatFloat()
    {
        QFETCH(double, value);
        QFETCH(QString, expected);
        QCOMPARE(GoFormat::formatFloat(value), expected);
    }

    void formatNumber()
    {
        // Integral JSON numbers print like Go's int64.
        QCOMPARE(GoFormat::formatNumber(3.0), QStringLiteral("3"));
        QCOMPARE(GoFormat::formatNumber(1e6), QStringLiteral("1000000"));
        QCOMPARE(GoFormat::formatNumber(-42.0), QStringLiteral("-42"));
        QCOMPARE(GoFormat::formatNumber(0.5), QStringLiteral("0.5"));
        QCOMPARE(GoFormat::formatNumber(1e21), QStringLiteral("1e+21"));
    }

    void quote()
    {
        QCOMPARE(GoFormat::quote(QStringLiteral("litecoin")), QStringLiteral("\"litecoin\""));
        QCOMPARE(GoFormat::quote(QStringLiteral("a\"b\\c")), QStringLiteral("\"a\\\"b\\\\c\""));
        QCOMPARE(GoFormat::quote(QStringLiteral("line\nnext\ttab")), QStringLiteral("\"line\\nnext\\ttab\""));
        QCOMPARE(GoFormat::quote(QString(QChar(1))), QStringLiteral("\"\\x01\""));
        QCOMPARE(GoFormat::quote(QStringLiteral("ünï")), QStringLiteral("\"ünï\""));
    }
};

QTEST_APPLESS_MAIN(TestGoFormat)
#include "tst_gofmt.moc"
