#include "json/kubetime.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace cvc {

QString KubeTime::format(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('Z');
}

QString KubeTime::formatMicro(const QDateTime &time, int microseconds)
{
    const QDateTime utc = time.toUTC();
    const int fraction = microseconds >= 0 ? microseconds % 1000000 : utc.time().msec() * 1000;
    return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('.')
           + QStringLiteral("%1").arg(fraction, 6, 10, QLatin1Char('0')) + QLatin1Char('Z');
}

std::optional<QDateTime> KubeTime::parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QString fraction = m.captured(7);
    const int msec = fraction.isEmpty() ? 0 : QString(fraction + QStringLiteral("00")).left(3).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msec);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    int offsetSeconds = 0;
    if (m.captured(8).isEmpty()) {
        offsetSeconds = m.captured(10).toInt() * 3600 + m.captured(11).toInt() * 60;
        if (m.captured(9) == QLatin1String("-"))
            offsetSeconds = -offsetSeconds;
    }
    const QDateTime utc = QDateTime(date, time, Qt::OffsetFromUTC, offsetSeconds).toUTC();
    // An offset can carry 9999-12-31 into the year 10000 (or 0001-01-01 into year 0), which
    // format() cannot write as four digits: Go's MarshalJSON refuses such a time too.
    if (utc.date().year() < 1 || utc.date().year() > 9999)
        return std::nullopt;
    return utc;
}

QString KubeTime::humanDuration(qint64 milliseconds)
{
    // Go: int(d.Seconds()) truncates towards zero, so up to -1.999 s still reads "0s".
    const qint64 seconds = milliseconds / 1000;
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 60 * 2)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10) {
        const qint64 s = seconds % 60;
        if (s == 0)
            return QStringLiteral("%1m").arg(minutes);
        return QStringLiteral("%1m%2s").arg(minutes).arg(s);
    }
    if (minutes < 60 * 3)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = seconds / 3600;
    if (hours < 8) {
        const qint64 m = minutes % 60;
        if (m == 0)
            return QStringLiteral("%1h").arg(hours);
        return QStringLiteral("%1h%2m").arg(hours).arg(m);
    }
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8) {
        const qint64 h = hours % 24;
        if (h == 0)
            return QStringLiteral("%1d").arg(hours / 24);
        return QStringLiteral("%1d%2h").arg(hours / 24).arg(h);
    }
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 dy = (hours / 24) % 365;
        if (dy == 0)
            return QStringLiteral("%1y").arg(hours / 24 / 365);
        return QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(dy);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QString KubeTime::age(const QDateTime &since, const QDateTime &now)
{
    return humanDuration(since.msecsTo(now));
}

} // namespace cvc
