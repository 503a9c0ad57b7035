// libFuzzer target: KubeTime, which reads every creationTimestamp, lastTransitionTime, Lease and
// Event time and exec credential expiry. Input: the text of a time; its first 8 bytes also serve
// as a duration in milliseconds for humanDuration. Beyond "no crash":
//   - round trip: whatever parses formats (Time and MicroTime) into text that parses back to the
//     same instant (to the second, to the millisecond), and that text has kube's exact shape;
//   - only RFC 3339 is read: ASCII text, as Go's time.Parse wants it;
//   - humanDuration is the true duration cut down to its last unit, as Go's HumanDuration.
#include "json/kubetime.h"

#include <QRegularExpression>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

[[noreturn]] void fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "fuzz_kubetime: %s %s\n", what, qPrintable(detail));
    std::abort();
}

void checkRoundTrip(const QString &text)
{
    const std::optional<QDateTime> parsed = cvc::KubeTime::parse(text);
    if (!parsed)
        return;
    for (const QChar c : text) {
        if (c.unicode() > 0x7f)
            fail("a time with non-ASCII characters was read", text);
    }
    if (!parsed->isValid() || parsed->timeSpec() != Qt::UTC)
        fail("a time that parses is not a valid UTC time", text);

    static const QRegularExpression timeShape(QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"));
    static const QRegularExpression microShape(
        QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$"));
    const QString time = cvc::KubeTime::format(*parsed);
    if (!timeShape.match(time).hasMatch())
        fail("format() is not metav1.Time's shape", text + QStringLiteral(" -> ") + time);
    const std::optional<QDateTime> again = cvc::KubeTime::parse(time);
    const QDateTime seconds = parsed->addMSecs(-parsed->time().msec());
    if (!again || *again != seconds)
        fail("format() does not parse back to the same second", text + QStringLiteral(" -> ") + time);

    const QString micro = cvc::KubeTime::formatMicro(*parsed);
    if (!microShape.match(micro).hasMatch())
        fail("formatMicro() is not metav1.MicroTime's shape", text + QStringLiteral(" -> ") + micro);
    const std::optional<QDateTime> microAgain = cvc::KubeTime::parse(micro);
    if (!microAgain || *microAgain != *parsed)
        fail("formatMicro() does not parse back to the same millisecond", text + QStringLiteral(" -> ") + micro);
}

// Parses "2y10d", "3m20s", … back into seconds, and the size of its last unit.
std::pair<qint64, qint64> readHumanDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("([0-9]+)([smhdy])"));
    qint64 seconds = 0;
    qint64 unit = 0;
    qsizetype consumed = 0;
    for (auto it = part.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() != consumed)
            fail("humanDuration() printed something else", text);
        consumed = m.capturedEnd();
        switch (m.captured(2).at(0).unicode()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: unit = 365 * 86400; break;
        }
        seconds += m.captured(1).toLongLong() * unit;
    }
    if (consumed != text.size() || unit == 0)
        fail("humanDuration() printed something else", text);
    return {seconds, unit};
}

void checkHumanDuration(qint64 milliseconds)
{
    const QString text = cvc::KubeTime::humanDuration(milliseconds);
    const qint64 seconds = milliseconds / 1000;
    if (seconds < -1) {
        if (text != QLatin1String("<invalid>"))
            fail("a time well in the future is not <invalid>", text);
        return;
    }
    const auto [shown, unit] = readHumanDuration(text);
    const qint64 actual = std::max<qint64>(seconds, 0);
    if (shown > actual || actual - shown >= unit)
        fail("humanDuration() is not the duration cut down to its last unit", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    checkRoundTrip(QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (size >= 8) {
        qint64 milliseconds;
        std::memcpy(&milliseconds, data, sizeof milliseconds);
        checkHumanDuration(milliseconds);
        checkHumanDuration(milliseconds % (10LL * 365 * 86400 * 1000));
    }
    return 0;
}
