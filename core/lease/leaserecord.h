#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace cvc {

// The spec of a coordination.k8s.io/v1 Lease as leader election reads and writes it, plus the
// resourceVersion it was read at (optimistic concurrency for the PUT).
struct LeaseRecord
{
    QString holderIdentity;
    int leaseDurationSeconds = 0;
    QDateTime acquireTime;
    QDateTime renewTime;
    int leaseTransitions = 0;
    QString resourceVersion;

    static LeaseRecord fromLease(const QJsonObject &lease);
    // A full Lease object; metadata.resourceVersion is set when the record has one.
    QJsonObject toLease(const QString &namespaceName, const QString &name) const;

    // Same holder, duration, times and transitions (what client-go compares to decide whether the
    // record moved, which restarts the local observation clock).
    bool sameAs(const LeaseRecord &other) const;

    // "2026-11-24T00:00:08.123456Z": MicroTime, exactly 6 fractional digits.
    static QString formatMicroTime(const QDateTime &t);
    static QDateTime parseTime(const QString &text);

    // client-go's rule (tryAcquireOrRenew): another candidate may take the lease only when the
    // holder is empty, is itself, or has not been seen renewing for leaseDurationSeconds by the
    // *local* clock (`observedAt` is when this candidate last saw the record change).
    static bool mayAcquire(const LeaseRecord &observed, const QString &self, const QDateTime &observedAt,
                           const QDateTime &now);
    // The record a candidate writes to acquire or renew: holder = self, renewTime = now; a
    // takeover sets acquireTime = now and leaseTransitions + 1, a renewal keeps both.
    static LeaseRecord nextRecord(const LeaseRecord &observed, const QString &self, int durationSeconds,
                                  const QDateTime &now);
    // The record a leader writes when it steps down cleanly: empty holder, 1 s duration.
    static LeaseRecord releasedRecord(const LeaseRecord &current, const QDateTime &now);
};

} // namespace cvc
