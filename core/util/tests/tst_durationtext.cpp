#include "util/durationtext.h"

#include <QtTest>

using cvc::DurationText;
using namespace std::chrono_literals;

class TestDurationText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goSpellings()
    {
        QCOMPARE(DurationText::parse(QStringLiteral("60s")), std::optional(std::chrono::milliseconds(60s)));
        QCOMPARE(DurationText::parse(QStringLiteral("5m")), std::optional(std::chrono::milliseconds(5min)));
        QCOMPARE(DurationText::parse(QStringLiteral("1m30s")), std::optional(std::chrono::milliseconds(90s)));
        QCOMPARE(DurationText::parse(QStringLiteral("500ms")), std::optional(500ms));
        QCOMPARE(DurationText::parse(QStringLiteral("2h")), std::optional(std::chrono::milliseconds(2h)));
        QCOMPARE(DurationText::parse(QStringLiteral(" 2 ")), std::optional(std::chrono::milliseconds(2s)));
    }

    void rejectsWhatIsNotADuration()
    {
        QVERIFY(!DurationText::parse(QStringLiteral("soon")));
        QVERIFY(!DurationText::parse(QStringLiteral("5x")));
        QVERIFY(!DurationText::parse(QStringLiteral("5m junk")));
        QVERIFY(!DurationText::parse(QStringLiteral("-3")));
        QVERIFY(!DurationText::parse(QString()));
    }
};

QTEST_GUILESS_MAIN(TestDurationText)
#include "tst_durationtext.moc"
