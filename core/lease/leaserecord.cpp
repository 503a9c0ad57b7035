#include "lease/leaserecord.h"

#include "json/kubetime.h"

#include <QTimeZone>

namespace cvc {

QString LeaseRecord::formatMicroTime(const QDateTime &t)
{
    const QDateTime u = t.toUTC();
    const qint64 micros = qint64(u.time().msec()) * 1000;
    return u.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QLatin1Char('.')
           + QStringLiteral("%1").arg(micros, 6, 10, QLatin1Char('0')) + QLatin1Char('Z');
}

QDateTime LeaseRecord::parseTime(const QString &text)
{
    if (text.isEmpty())
        return {};
    // RFC 3339 as kube writes MicroTime: KubeTime cuts the fraction to milliseconds, where Qt rounds
    // it (23:59:59.9999995 into the next day, and 9999-12-31 into a year toLease cannot write).
    if (const std::optional<QDateTime> kube = KubeTime::parse(text))
        return *kube;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        // More than 3 fractional digits: keep milliseconds.
        const int dot = text.indexOf(QLatin1Char('.'));
        if (dot > 0) {
            QString trimmed = text.left(dot + 4);
            const int z = text.indexOf(QLatin1Char('Z'), dot);
            trimmed += z > 0 ? text.mid(z) : QStringLiteral("Z");
            t = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
        }
    }
    t = t.toUTC();
    // A time toLease could not write back as MicroTime (four-digit years) was never one.
    if (t.isValid() && (t.date().year() < 1 || t.date().year() > 9999))
        return {};
    return t;
}

LeaseRecord LeaseRecord::fromLease(const QJsonObject &lease)
{
    LeaseRecord r;
    const QJsonObject spec = lease.value(QStringLiteral("spec")).toObject();
    r.holderIdentity = spec.value(QStringLiteral("holderIdentity")).toString();
    r.leaseDurationSeconds = spec.value(QStringLiteral("leaseDurationSeconds")).toInt();
    r.acquireTime = parseTime(spec.value(QStringLiteral("acquireTime")).toString());
    r.renewTime = parseTime(spec.value(QStringLiteral("renewTime")).toString());
    r.leaseTransitions = spec.value(QStringLiteral("leaseTransitions")).toInt();
    r.resourceVersion = lease.value(QStringLiteral("metadata")).toObject()
                            .value(QStringLiteral("resourceVersion")).toString();
    return r;
}

QJsonObject LeaseRecord::toLease(const QString &namespaceName, const QString &name) const
{
    QJsonObject meta{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), namespaceName}};
    if (!resourceVersion.isEmpty())
        meta.insert(QStringLiteral("resourceVersion"), resourceVersion);
    QJsonObject spec{
        {QStringLiteral("holderIdentity"), holderIdentity},
        {QStringLiteral("leaseDurationSeconds"), leaseDurationSeconds},
        {QStringLiteral("leaseTransitions"), leaseTransitions},
    };
    if (acquireTime.isValid())
        spec.insert(QStringLiteral("acquireTime"), formatMicroTime(acquireTime));
    if (renewTime.isValid())
        spec.insert(QStringLiteral("renewTime"), formatMicroTime(renewTime));
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("Lease")},
        {QStringLiteral("metadata"), meta},
        {QStringLiteral("spec"), spec},
    };
}

bool LeaseRecord::sameAs(const LeaseRecord &o) const
{
    return holderIdentity == o.holderIdentity && leaseDurationSeconds == o.leaseDurationSeconds
           && acquireTime == o.acquireTime && renewTime == o.renewTime
           && leaseTransitions == o.leaseTransitions;
}

bool LeaseRecord::mayAcquire(const LeaseRecord &observed, const QString &self, const QDateTime &observedAt,
                             const QDateTime &now)
{
    if (observed.holderIdentity.isEmpty() || observed.holderIdentity == self)
        return true;
    return observedAt.addSecs(observed.leaseDurationSeconds) <= now;
}

LeaseRecord LeaseRecord::nextRecord(const LeaseRecord &observed, const QString &self, int durationSeconds,
                                    const QDateTime &now)
{
    LeaseRecord r = observed;
    r.holderIdentity = self;
    r.leaseDurationSeconds = durationSeconds;
    r.renewTime = now;
    if (observed.holderIdentity != self) {
        r.acquireTime = now;
        r.leaseTransitions = observed.leaseTransitions + 1;
    } else if (!r.acquireTime.isValid()) {
        r.acquireTime = now;
    }
    return r;
}

LeaseRecord LeaseRecord::releasedRecord(const LeaseRecord &current, const QDateTime &now)
{
    LeaseRecord r = current;
    r.holderIdentity.clear();
    r.leaseDurationSeconds = 1;
    r.acquireTime = now;
    r.renewTime = now;
    return r;
}

} // namespace cvc
