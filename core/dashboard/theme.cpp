#include "dashboard/theme.h"

#include <QGuiApplication>

#include <cmath>

namespace cvc::ui {

namespace {

double relativeLuminance(const QColor &c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

Theme::Theme()
    : Theme(QGuiApplication::palette())
{
}

Theme::Theme(const QPalette &palette)
    : m_palette(palette)
    , m_dark(palette.color(QPalette::Window).lightness() < 128)
{
}

QColor Theme::color(Role role) const
{
    switch (role) {
    case Role::Positive: return m_dark ? QColor(0x6c, 0xd4, 0x8c) : QColor(0x1b, 0x7f, 0x3b);
    case Role::Warning: return m_dark ? QColor(0xf0, 0xb4, 0x4a) : QColor(0x9a, 0x5c, 0x00);
    case Role::Negative: return m_dark ? QColor(0xff, 0x8a, 0x8a) : QColor(0xc0, 0x1c, 0x28);
    case Role::Muted: return m_palette.color(QPalette::Disabled, QPalette::WindowText);
    case Role::InfoBackground: return m_dark ? QColor(0x1d, 0x33, 0x52) : QColor(0xe8, 0xf0, 0xfd);
    case Role::NoticeBackground: return m_dark ? QColor(0x4a, 0x3c, 0x12) : QColor(0xff, 0xf4, 0xce);
    case Role::ProblemBackground: return m_dark ? QColor(0x52, 0x1c, 0x1c) : QColor(0xfd, 0xe8, 0xe8);
    case Role::ProblemText: return m_dark ? QColor(0xff, 0xc8, 0xc8) : QColor(0x80, 0x18, 0x18);
    }
    return m_palette.color(QPalette::WindowText);
}

QString Theme::textStyle(Role role) const
{
    return QStringLiteral("color: %1;").arg(color(role).name());
}

double Theme::contrast(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace cvc::ui
