#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace cvc::ui {

// The dashboard's colours that carry a meaning (a gain, a warning, a loss, something muted, the
// backgrounds of the info and problem banners), derived from a QPalette: the same hues, light on
// a dark desktop theme and dark on a light one, so that a green "fresh" or a red loss stays
// readable on either. Everything else follows the palette itself.
class Theme
{
public:
    enum class Role {
        Positive,          // fresh, a gain
        Warning,           // stale, reconnecting
        Negative,          // invalid, a loss, a field error
        Muted,             // pending
        InfoBackground,    // the sandbox note
        NoticeBackground,  // a conflict to decide
        ProblemBackground, // the banner over the table
        ProblemText,
    };

    // The application's palette unless one is given (tests give a dark or a light one).
    Theme();
    explicit Theme(const QPalette &palette);

    bool isDark() const { return m_dark; }
    QColor color(Role role) const;
    // "color: #1b7f3b;" for a label's style sheet.
    QString textStyle(Role role) const;
    // WCAG 2 contrast ratio of two colours (1 to 21): how readable one is on the other.
    static double contrast(const QColor &a, const QColor &b);

private:
    QPalette m_palette;
    bool m_dark = false;
};

} // namespace cvc::ui
