// libFuzzer target: the Retry-After header of a 429 or 503 (RFC 9110 10.2.3), from CoinGecko or
// whatever answers in its place. Input: a byte choosing "now", then the header value.
// Beyond "no crash":
//   - the wait is never negative and never above the cap retryafter.h documents;
//   - delay-seconds: the wait is the number given, or the cap when it is larger (however large);
//   - IMF-fixdate: where Qt's RFC 2822 parser reads the same date (with "GMT" as "+0000"), the
//     wait is the time from now to that date, clamped: a second implementation to agree with.
#include "retryafter.h"

#include <QRegularExpression>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using std::chrono::milliseconds;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_retryafter: %s\n", what);
    std::abort();
}

milliseconds clamped(qint64 ms)
{
    return std::clamp(milliseconds(ms), milliseconds(0), milliseconds(cvc::MaxRetryAfter));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const QDateTime nows[] = {
        QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC),
        QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC),
        QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC),
        QDateTime(QDate(2026, 3, 29), QTime(2, 30), Qt::OffsetFromUTC, -9 * 3600),
    };
    const QDateTime now = nows[data[0] % std::size(nows)];
    const QByteArray value(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const std::optional<milliseconds> wait = cvc::parseRetryAfter(value, now);
    if (wait && (*wait < milliseconds(0) || *wait > cvc::MaxRetryAfter))
        fail("a wait below zero or above the cap");

    const QByteArray trimmed = value.trimmed();
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (digits.match(QString::fromLatin1(trimmed)).hasMatch()) {
        qsizetype zeros = 0;
        while (zeros < trimmed.size() - 1 && trimmed.at(zeros) == '0')
            ++zeros;
        // Twelve digits are far above any cap; more must not overflow anything either.
        const QByteArray significant = trimmed.mid(zeros);
        const qint64 seconds = significant.size() > 12 ? qint64(1e12) : significant.toLongLong();
        if (!wait || *wait != clamped(seconds * 1000))
            fail("delay-seconds not read as the number given, capped");
        return 0;
    }

    static const QRegularExpression imfFixdate(QStringLiteral(
        "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
        "[0-9]{2}:[0-9]{2}:[0-9]{2} GMT$"));
    const QString text = QString::fromLatin1(trimmed);
    if (imfFixdate.match(text).hasMatch()) {
        QString rfc2822 = text;
        rfc2822.replace(QLatin1String(" GMT"), QLatin1String(" +0000"));
        const QDateTime when = QDateTime::fromString(rfc2822, Qt::RFC2822Date);
        if (when.isValid() && (!wait || *wait != clamped(now.msecsTo(when)))) {
            std::fprintf(stderr, "Qt reads %s, a wait of %lld ms\n", qPrintable(when.toString(Qt::ISODate)),
                         qlonglong(clamped(now.msecsTo(when)).count()));
            fail("an IMF-fixdate read otherwise than by Qt's RFC 2822 parser");
        }
    }
    return 0;
}
