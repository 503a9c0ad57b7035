#include "retryafter.h"

#include <QLocale>

namespace cvc {

std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;

    bool isNumber = true;
    for (char c : v)
        isNumber = isNumber && c >= '0' && c <= '9';
    if (isNumber) {
        bool ok = false;
        const qint64 seconds = v.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        return std::chrono::milliseconds(seconds * 1000);
    }

    // HTTP dates are always English and GMT; the C locale keeps month names English.
    const QLocale c = QLocale::c();
    const QString text = QString::fromLatin1(v);
    static const char *const formats[] = {
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",  // IMF-fixdate
        "dddd, dd-MMM-yy HH:mm:ss 'GMT'",   // RFC 850
        "ddd MMM d HH:mm:ss yyyy",           // asctime
    };
    QDateTime when;
    for (const char *format : formats) {
        QString t = text;
        if (format[0] == 'd' && format[1] == 'd' && format[2] == 'd' && format[3] == ' ')
            t = t.simplified(); // asctime pads single-digit days with a space
        when = c.toDateTime(t, QString::fromLatin1(format));
        if (when.isValid())
            break;
    }
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    // RFC 850 has two-digit years, which Qt reads as 19yy; RFC 9110 says to read them as recent.
    if (when.date().year() < 1970)
        when = when.addYears(100);
    const qint64 ms = now.msecsTo(when);
    return std::chrono::milliseconds(std::max<qint64>(0, ms));
}

} // namespace cvc
