#include "util/durationtext.h"

#include <QRegularExpression>

namespace cvc {

std::optional<std::chrono::milliseconds> DurationText::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double bare = t.toDouble(&ok);
    if (ok)
        return bare >= 0 ? std::optional(std::chrono::milliseconds(qint64(bare * 1000))) : std::nullopt;
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|h|m|s)"));
    qint64 total = 0;
    int pos = 0;
    auto it = part.globalMatch(t);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != pos)
            return std::nullopt;
        pos = m.capturedEnd();
        const double v = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        const double factor = unit == QLatin1String("ms") ? 1 : unit == QLatin1String("s") ? 1000
                            : unit == QLatin1String("m") ? 60000 : 3600000;
        total += qint64(v * factor);
    }
    if (pos != t.size() || pos == 0)
        return std::nullopt;
    return std::chrono::milliseconds(total);
}

} // namespace cvc
