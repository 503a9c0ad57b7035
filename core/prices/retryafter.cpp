#include "retryafter.h"

#include <QLocale>

#include <algorithm>

namespace cvc {

std::optional<std::chrono::milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;

    bool isNumber = true;
    for (char c : v)
        isNumber = isNumber && c >= '0' && c <= '9';
    const auto capped = [](qint64 ms) {
        return std::clamp(std::chrono::milliseconds(ms), std::chrono::milliseconds(0),
                          std::chrono::milliseconds(MaxRetryAfter));
    };
    if (isNumber) {
        // Too many digits for a qint64 is simply a long wait; cap before multiplying.
        bool ok = false;
        const qint64 seconds = v.toLongLong(&ok);
        const qint64 maxSeconds = std::chrono::seconds(MaxRetryAfter).count();
        return capped(ok ? std::min(seconds, maxSeconds) * 1000 : maxSeconds * 1000);
    }

    // HTTP dates are always English and GMT; the C locale keeps month names English. The weekday
    // is dropped first: Qt checks it against the date, which fails for RFC 850's two-digit years.
    const QLocale c = QLocale::c();
    QString text = QString::fromLatin1(v).simplified();
    const int comma = text.indexOf(QLatin1Char(','));
    static const char *const formats[] = {
        "dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        "dd-MMM-yy HH:mm:ss 'GMT'",   // RFC 850:     Sunday, 06-Nov-94 08:49:37 GMT
        "MMM d HH:mm:ss yyyy",        // asctime:     Sun Nov  6 08:49:37 1994
    };
    text = comma >= 0 ? text.mid(comma + 1).trimmed() : text.section(QLatin1Char(' '), 1);
    QDateTime when;
    bool twoDigitYear = false;
    for (const char *format : formats) {
        when = c.toDateTime(text, QString::fromLatin1(format));
        if (when.isValid()) {
            twoDigitYear = format == formats[1];
            break;
        }
    }
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    // RFC 850 has two-digit years, which Qt reads as 19yy; RFC 9110 says to read them as recent.
    // Only those: the other forms have four digits, and 1959 there is 1959.
    if (twoDigitYear && when.date().year() < 1970)
        when = when.addYears(100);
    return capped(now.msecsTo(when));
}

} // namespace cvc
