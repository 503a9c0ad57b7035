#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace cvc {

// Kubernetes time formats: metav1.Time (RFC 3339, whole seconds, UTC "Z"), metav1.MicroTime
// (exactly 6 fractional digits) and HumanDuration as `kubectl get` prints ages.
class KubeTime
{
public:
    // "2026-11-24T01:02:03Z"; the time is converted to UTC, milliseconds dropped.
    static QString format(const QDateTime &time);

    // "2026-11-24T01:02:03.123456Z" (QDateTime has milliseconds, so the last 3 digits are 0
    // unless `microseconds` (0..999999) is given to override the fraction).
    static QString formatMicro(const QDateTime &time, int microseconds = -1);

    // RFC 3339 with or without a fraction (any number of digits), "Z" or "±hh:mm" offset; the
    // result is UTC. std::nullopt for anything else.
    static std::optional<QDateTime> parse(const QString &text);

    // k8s.io/apimachinery/pkg/util/duration.HumanDuration: 95s, 3m20s, 45m, 5h3m, 30h, 3d4h,
    // 400d, 2y10d, 9y. Like Go, whole seconds are truncated towards zero first, so a future
    // time up to 1.999 s ahead (clock skew) reads "0s" and anything further ahead "<invalid>".
    static QString humanDuration(qint64 milliseconds);

    // The age of something created at `since`, seen at `now` (HumanDuration of now - since).
    static QString age(const QDateTime &since, const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace cvc
