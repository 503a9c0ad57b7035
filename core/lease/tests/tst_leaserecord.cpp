#include "lease/leaserecord.h"
#include "operator/prometheustext.h"

#include <QJsonDocument>
#include <QtTest>

using cvc::LeaseRecord;

class TestLeaseRecord : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void microTimeHasSixDigits()
    {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(1700000008123, Qt::UTC);
        QCOMPARE(LeaseRecord::formatMicroTime(t), QStringLiteral("2023-11-14T22:13:28.123000Z"));
        QCOMPARE(LeaseRecord::parseTime(QStringLiteral("2023-11-14T22:13:28.123456Z")), t);
        QCOMPARE(LeaseRecord::parseTime(QStringLiteral("2023-11-14T22:13:28Z")), t.addMSecs(-123));
    }

    void roundTrip()
    {
        LeaseRecord r;
        r.holderIdentity = QStringLiteral("host_1");
        r.leaseDurationSeconds = 15;
        r.acquireTime = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        r.renewTime = QDateTime::fromMSecsSinceEpoch(1700000008123, Qt::UTC);
        r.leaseTransitions = 3;
        r.resourceVersion = QStringLiteral("42");
        const QJsonObject lease = r.toLease(QStringLiteral("cvc-system"), QStringLiteral("cvc-operator"));
        QCOMPARE(lease.value(QStringLiteral("kind")).toString(), QStringLiteral("Lease"));
        QCOMPARE(lease.value(QStringLiteral("spec")).toObject().value(QStringLiteral("renewTime")).toString(),
                 QStringLiteral("2023-11-14T22:13:28.123000Z"));
        const LeaseRecord back = LeaseRecord::fromLease(lease);
        QVERIFY(back.sameAs(r));
        QCOMPARE(back.resourceVersion, QStringLiteral("42"));
    }

    // Found by fuzz_leaserecord (core/lease/fuzz/corpus/leaserecord/seed-extreme-times): Qt
    // rounded "9999-12-31T23:59:59.999999Z" up into the year 10000, which toLease wrote as
    // "10000-01-01T…" and fromLease could not read back: the record changed on its way through the
    // server. The fraction is cut like KubeTime (and Go) do; times past 9999 are not times.
    void extremeTimesRoundTrip()
    {
        const QJsonObject lease = QJsonDocument::fromJson(
            R"({"metadata":{"resourceVersion":"77"},"spec":{"holderIdentity":"replica-B","leaseDurationSeconds":15,)"
            R"("acquireTime":"0001-01-01T00:00:00Z","renewTime":"9999-12-31T23:59:59.999999Z","leaseTransitions":1}})").object();
        const LeaseRecord r = LeaseRecord::fromLease(lease);
        QCOMPARE(r.renewTime, QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC));
        QCOMPARE(r.acquireTime, QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC));
        const QJsonObject written = r.toLease(QStringLiteral("cvc-system"), QStringLiteral("cvc-operator"));
        QCOMPARE(written.value(QStringLiteral("spec")).toObject().value(QStringLiteral("renewTime")).toString(),
                 QStringLiteral("9999-12-31T23:59:59.999000Z"));
        QVERIFY(LeaseRecord::fromLease(written).sameAs(r));
        // The rest of the fraction is cut, not rounded, everywhere.
        QCOMPARE(LeaseRecord::parseTime(QStringLiteral("2026-11-24T23:59:59.9996Z")),
                 QDateTime(QDate(2026, 11, 24), QTime(23, 59, 59, 999), Qt::UTC));
    }

    void acquireRules()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        LeaseRecord held;
        held.holderIdentity = QStringLiteral("other");
        held.leaseDurationSeconds = 15;
        // Seen renewing 5 s ago by our clock: still valid, hands off.
        QVERIFY(!LeaseRecord::mayAcquire(held, QStringLiteral("me"), now.addSecs(-5), now));
        // Not seen changing for the whole duration: expired.
        QVERIFY(LeaseRecord::mayAcquire(held, QStringLiteral("me"), now.addSecs(-15), now));
        // Our own lease, or a released one, can always be taken.
        QVERIFY(LeaseRecord::mayAcquire(held, QStringLiteral("other"), now, now));
        LeaseRecord released = LeaseRecord::releasedRecord(held, now);
        QVERIFY(released.holderIdentity.isEmpty());
        QCOMPARE(released.leaseDurationSeconds, 1);
        QVERIFY(LeaseRecord::mayAcquire(released, QStringLiteral("me"), now, now));
    }

    void takeoverCountsTransitions()
    {
        const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        LeaseRecord held;
        held.holderIdentity = QStringLiteral("other");
        held.leaseDurationSeconds = 15;
        held.acquireTime = t0;
        held.renewTime = t0;
        held.leaseTransitions = 2;
        const LeaseRecord mine = LeaseRecord::nextRecord(held, QStringLiteral("me"), 15, t0.addSecs(20));
        QCOMPARE(mine.holderIdentity, QStringLiteral("me"));
        QCOMPARE(mine.leaseTransitions, 3);
        QCOMPARE(mine.acquireTime, t0.addSecs(20));
        const LeaseRecord renewed = LeaseRecord::nextRecord(mine, QStringLiteral("me"), 15, t0.addSecs(22));
        QCOMPARE(renewed.leaseTransitions, 3);
        QCOMPARE(renewed.acquireTime, t0.addSecs(20));
        QCOMPARE(renewed.renewTime, t0.addSecs(22));
    }

    void prometheusText()
    {
        cvc::PrometheusText m;
        m.counter(QStringLiteral("cvc_writes_total"), QStringLiteral("Writes."), 3, {{QStringLiteral("result"), QStringLiteral("ok")}});
        m.counter(QStringLiteral("cvc_writes_total"), QStringLiteral("Writes."), 1, {{QStringLiteral("result"), QStringLiteral("a\"b")}});
        m.gauge(QStringLiteral("cvc_leader"), QStringLiteral("Leader."), 1);
        QCOMPARE(m.text(), QByteArray("# HELP cvc_writes_total Writes.\n# TYPE cvc_writes_total counter\n"
                                      "cvc_writes_total{result=\"ok\"} 3\ncvc_writes_total{result=\"a\\\"b\"} 1\n"
                                      "# HELP cvc_leader Leader.\n# TYPE cvc_leader gauge\ncvc_leader 1\n"));
    }
};

QTEST_GUILESS_MAIN(TestLeaseRecord)
#include "tst_leaserecord.moc"
