#include "util/logtext.h"

#include <QTest>

using cvc::LogText::escaped;

class TestLogText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordinaryTextIsUnchanged()
    {
        const QString text = QStringLiteral("GET /api/v1/namespaces/d\u00e9j\u00e0-vu \\n stays 100%");
        QCOMPARE(escaped(text), text);
    }

    void controlsBecomeVisible_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("a\\nb");
        QTest::newRow("cr tab") << QStringLiteral("a\r\tb") << QStringLiteral("a\\r\\tb");
        QTest::newRow("ansi") << QStringLiteral("\x1b[2J") << QStringLiteral("\\x1b[2J");
        QTest::newRow("nul del") << QString(QChar(0)) + QChar(0x7f) << QStringLiteral("\\x00\\x7f");
        QTest::newRow("c1 csi") << QString(QChar(0x9b)) + QStringLiteral("31m") << QStringLiteral("\\x9b31m");
        QTest::newRow("line separator") << QString(QChar(0x2028)) << QStringLiteral("\\u2028");
        QTest::newRow("bidi override") << QStringLiteral("evil") + QChar(0x202e) + QStringLiteral("txt.exe")
                                       << QStringLiteral("evil\\u202etxt.exe");
        QTest::newRow("bidi isolate") << QString(QChar(0x2066)) << QStringLiteral("\\u2066");
    }

    void controlsBecomeVisible()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(escaped(in), out);
    }

    void aForgedLineStaysOnOneLine()
    {
        const QString forged = QStringLiteral("x\n2026-01-01T00:00:00.000Z info  stopped\r\n");
        const QString line = escaped(forged);
        QVERIFY(!line.contains(QLatin1Char('\n')));
        QVERIFY(!line.contains(QLatin1Char('\r')));
    }
};

QTEST_GUILESS_MAIN(TestLogText)
#include "tst_logtext.moc"
