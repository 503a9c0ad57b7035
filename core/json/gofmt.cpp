#include "json/gofmt.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace cvc {

QString GoFormat::formatFloat(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (value == 0)
        return std::signbit(value) ? QStringLiteral("-0") : QStringLiteral("0");

    // Shortest round-trip digits and the decimal exponent, then lay them out like Go's
    // strconv.FormatFloat(v, 'g', -1, 64), which is what %v prints.
    const QString e = QString::number(std::fabs(value), 'e', QLocale::FloatingPointShortest);
    const qsizetype ePos = e.indexOf(QLatin1Char('e'));
    QString digits = e.left(ePos);
    digits.remove(QLatin1Char('.'));
    const int exp = e.mid(ePos + 1).toInt();
    const QString sign = value < 0 ? QStringLiteral("-") : QString();

    if (exp < -4 || exp >= 6) {
        QString mantissa = digits.left(1);
        if (digits.size() > 1)
            mantissa += QLatin1Char('.') + digits.mid(1);
        const int absExp = std::abs(exp);
        return sign + mantissa + QLatin1Char('e') + (exp < 0 ? QLatin1Char('-') : QLatin1Char('+'))
               + (absExp < 10 ? QStringLiteral("0") : QString()) + QString::number(absExp);
    }
    const int pointAt = exp + 1; // digits before the decimal point
    if (pointAt <= 0)
        return sign + QStringLiteral("0.") + QString(-pointAt, QLatin1Char('0')) + digits;
    if (pointAt >= digits.size())
        return sign + digits + QString(pointAt - digits.size(), QLatin1Char('0'));
    return sign + digits.left(pointAt) + QLatin1Char('.') + digits.mid(pointAt);
}

QString GoFormat::formatNumber(double value)
{
    // Kubernetes decodes integral JSON numbers into int64; mirror that for whole values.
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9.2e18)
        return QString::number(qint64(value));
    return formatFloat(value);
}

QString GoFormat::quote(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"': out += QLatin1String("\\\""); break;
        case '\\': out += QLatin1String("\\\\"); break;
        case '\a': out += QLatin1String("\\a"); break;
        case '\b': out += QLatin1String("\\b"); break;
        case '\f': out += QLatin1String("\\f"); break;
        case '\n': out += QLatin1String("\\n"); break;
        case '\r': out += QLatin1String("\\r"); break;
        case '\t': out += QLatin1String("\\t"); break;
        case '\v': out += QLatin1String("\\v"); break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

} // namespace cvc
