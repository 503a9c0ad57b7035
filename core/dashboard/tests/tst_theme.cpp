// The colours with a meaning stay readable on a light and on a dark desktop palette.
#include "dashboard/theme.h"

#include <QTest>

using namespace cvc::ui;

class TestTheme : public QObject
{
    Q_OBJECT

private:
    static QPalette palette(const QColor &window, const QColor &text, const QColor &base)
    {
        QPalette p;
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor::fromHsl(0, 0, (window.lightness() + text.lightness()) / 2));
        return p;
    }

private Q_SLOTS:
    void textRolesAreReadableOnTheTableAndTheirBanners_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<bool>("dark");
        QTest::newRow("light (Fusion)") << palette(QColor(0xef, 0xef, 0xef), Qt::black, Qt::white) << false;
        QTest::newRow("dark (Breeze Dark)") << palette(QColor(0x20, 0x23, 0x26), QColor(0xfc, 0xfc, 0xfc), QColor(0x14, 0x16, 0x18)) << true;
    }

    void textRolesAreReadableOnTheTableAndTheirBanners()
    {
        QFETCH(QPalette, palette);
        QFETCH(bool, dark);
        const Theme theme(palette);
        QCOMPARE(theme.isDark(), dark);
        const QColor base = palette.color(QPalette::Base);
        // WCAG 2 AA for normal text: 4.5:1 for the states and changes in the table.
        for (Theme::Role role : {Theme::Role::Positive, Theme::Role::Warning, Theme::Role::Negative}) {
            const double ratio = Theme::contrast(theme.color(role), base);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("role %1: %2:1 on %3").arg(int(role)).arg(ratio).arg(base.name())));
        }
        // Pending is muted on purpose, but still legible (3:1).
        QVERIFY(Theme::contrast(theme.color(Theme::Role::Muted), base) >= 3.0);
        // Banner text on its own background, and the window text on the info and notice ones.
        QVERIFY(Theme::contrast(theme.color(Theme::Role::ProblemText), theme.color(Theme::Role::ProblemBackground)) >= 4.5);
        const QColor text = palette.color(QPalette::WindowText);
        QVERIFY(Theme::contrast(text, theme.color(Theme::Role::InfoBackground)) >= 4.5);
        QVERIFY(Theme::contrast(text, theme.color(Theme::Role::NoticeBackground)) >= 4.5);
        QVERIFY(Theme::contrast(theme.color(Theme::Role::Negative), theme.color(Theme::Role::NoticeBackground)) >= 3.0);
    }

    void contrastIsWcags()
    {
        QCOMPARE(qRound(Theme::contrast(Qt::black, Qt::white)), 21);
        QCOMPARE(Theme::contrast(Qt::white, Qt::white), 1.0);
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
