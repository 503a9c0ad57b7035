// Graceful shutdown (issue 13 item 4): two cvc-operator replicas share the Lease with the timings
// a Deployment uses (15 s duration, 10 s renew deadline, 2 s retry). The leader gets SIGTERM while
// a price change has every CVC's write in flight (the sandbox holds each of its requests 700 ms).
// It must finish those writes (the sandbox's write log shows them landing after the signal, by the
// leader; a fresh list shows every new value, and the peer finds nothing left to write), release
// the Lease, and exit 0 well within Kubernetes' 30 s grace period; the peer then leads within a
// retry period or two, far sooner than the 15 s a crashed leader's Lease takes to expire.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

using namespace cvc::e2e;

namespace {

const int kCvcs = 8;
const int kLatencyMs = 700;
const int kLeaseDurationMs = 15000;

// As deploy/base/deployment.yaml runs it (default lease timings), plus a name per replica; all
// CVCs written at once, none held back by pacing, so that all are in flight together.
QStringList operatorArgs(const QString &id)
{
    return {QStringLiteral("--lease-namespace"), QStringLiteral("default"), QStringLiteral("--identity"), id,
            QStringLiteral("--field-manager"), QStringLiteral("cvc-operator-") + id,
            QStringLiteral("--concurrency"), QString::number(kCvcs), QStringLiteral("--revaluation-spread"), QStringLiteral("0")};
}

QByteArray cvcManifests()
{
    QByteArray yaml;
    for (int i = 1; i <= kCvcs; ++i)
        yaml += "---\napiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: stash-" + QByteArray::number(i)
              + "\n  namespace: default\nspec:\n  coin: bitcoin\n  amount: " + QByteArray::number(i) + "\n";
    return yaml;
}

QJsonObject lease(SandboxProcess &sandbox)
{
    return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator")).json();
}

QString holder(SandboxProcess &sandbox)
{
    return lease(sandbox).value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString();
}

// name → status.value, from a fresh list.
QHash<QString, double> values(SandboxProcess &sandbox)
{
    QHash<QString, double> out;
    const QJsonArray items = sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators"))
                                 .json().value(QStringLiteral("items")).toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        out.insert(o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
                   o.value(QStringLiteral("status")).toObject().value(QStringLiteral("value")).toDouble(-1));
    }
    return out;
}

bool allValuedAt(SandboxProcess &sandbox, double price)
{
    const QHash<QString, double> v = values(sandbox);
    for (int i = 1; i <= kCvcs; ++i) {
        if (v.value(QStringLiteral("stash-%1").arg(i), -1) != i * price)
            return false;
    }
    return v.size() == kCvcs;
}

// CVC writes in the sandbox's write log by `user`.
QJsonArray cvcWritesBy(SandboxProcess &sandbox, const QString &user)
{
    QUrlQuery filter;
    filter.addQueryItem(QStringLiteral("user"), user);
    QJsonArray out;
    for (const QJsonValue &w : sandbox.writes(filter)) {
        if (w.toObject().value(QStringLiteral("resource")).toString() == QLatin1String("cryptovaluecalculators"))
            out.append(w);
    }
    return out;
}

} // namespace

class TestOperatorShutdown : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void sigtermFinishesWritesAndHandsOver()
    {
        const ReplicaUsers users({QStringLiteral("a"), QStringLiteral("b")});
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--token-auth-file"), users.tokenFile()}),
                 qPrintable(sandbox.errorString()));
        const KubectlResult applied = KubectlRunner(sandbox).run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, cvcManifests());
        QVERIFY2(applied.succeeded(), qPrintable(applied.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=40000")}), qPrintable(prices.errorString()));

        // a first, so that it leads; b waits as the standby a Deployment's second replica is.
        OperatorProcess a;
        OperatorProcess b;
        QVERIFY2(a.start(users.kubeconfigFor(sandbox, QStringLiteral("a")), prices.rootUrl(), operatorArgs(QStringLiteral("a")), QStringLiteral("1s")),
                 qPrintable(a.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(holder(sandbox), QStringLiteral("a"), 15000);
        QVERIFY2(b.start(users.kubeconfigFor(sandbox, QStringLiteral("b")), prices.rootUrl(), operatorArgs(QStringLiteral("b")), QStringLiteral("1s")),
                 qPrintable(b.errorString()));
        QVERIFY2(b.waitForOutput(QStringLiteral("is held by a"), 10000), qPrintable(b.output()));
        QTRY_VERIFY2_WITH_TIMEOUT(allValuedAt(sandbox, 40000), qPrintable(a.output()), 20000);
        const int transitionsBefore = lease(sandbox).value(QStringLiteral("spec")).toObject().value(QStringLiteral("leaseTransitions")).toInt();

        // A slow server for a, and a new price: every CVC gets a write, all of them in flight at once.
        QVERIFY2(sandbox.setFaultForUser(ReplicaUsers::userOf(QStringLiteral("a")), QJsonObject{{QStringLiteral("latencyMs"), kLatencyMs}}),
                 qPrintable(sandbox.errorString()));
        QVERIFY(sandbox.clearWrites());
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 50000));
        const QString activeWorkers = QStringLiteral(R"(controller_runtime_active_workers{controller="cryptovaluecalculator"})");
        QTRY_COMPARE_WITH_TIMEOUT(a.metric(activeWorkers), double(kCvcs), 10000);
        QVERIFY(cvcWritesBy(sandbox, ReplicaUsers::userOf(QStringLiteral("a"))).size() < 2 * kCvcs);

        // SIGTERM, once (a second one would mean "stop now").
        const QDateTime signalled = QDateTime::currentDateTimeUtc();
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(::kill(pid_t(a.pid()), SIGTERM), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!a.isRunning(), 30000);
        const qint64 stopMs = clock.elapsed();
        QCOMPARE(a.terminate(), 0);
        qInfo("SIGTERM to exit with %d writes in flight: %lld ms", kCvcs, stopMs);
        // Kubernetes kills at terminationGracePeriodSeconds (30 s): far from it. The drain took a
        // couple of latencies (the value annotation, then status), the release one more.
        QVERIFY2(stopMs < 10000, qPrintable(QStringLiteral("SIGTERM took %1 ms\n%2").arg(stopMs).arg(a.output())));
        QVERIFY2(a.output().contains(QStringLiteral("finishing %1 CVC write(s) in flight").arg(kCvcs)), qPrintable(a.output()));
        QVERIFY2(!a.output().contains(QStringLiteral("abandoning")), qPrintable(a.output()));
        QVERIFY2(!a.output().contains(QRegularExpression(QStringLiteral(R"(writing \S+ failed)"))), qPrintable(a.output()));

        // The Lease released (or already taken by b), not left to expire.
        const QString afterExit = holder(sandbox);
        QVERIFY2(afterExit.isEmpty() || afterExit == QLatin1String("b"), qPrintable(afterExit));

        // The writes in flight landed, by a, after the signal: every CVC has its new value.
        QVERIFY2(allValuedAt(sandbox, 50000), qPrintable(a.output()));
        const QJsonArray byA = cvcWritesBy(sandbox, ReplicaUsers::userOf(QStringLiteral("a")));
        QSet<QString> writtenAfterSignal;
        for (const QJsonValue &w : byA) {
            const QDateTime at = QDateTime::fromString(w.toObject().value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            if (at >= signalled.addMSecs(-50))   // the sandbox stamps in whole milliseconds
                writtenAfterSignal.insert(w.toObject().value(QStringLiteral("name")).toString());
        }
        QCOMPARE(writtenAfterSignal.size(), kCvcs);

        // The peer leads well within the lease duration (a crashed leader's Lease would hold it
        // off for the whole 15 s): the Lease says so and so does its leader_election_master_status.
        QTRY_COMPARE_WITH_TIMEOUT(holder(sandbox), QStringLiteral("b"), kLeaseDurationMs);
        const qint64 takeoverMs = clock.elapsed() - stopMs;
        qInfo("b leads %lld ms after a exited (lease duration %d ms)", takeoverMs, kLeaseDurationMs);
        QVERIFY2(takeoverMs < kLeaseDurationMs / 2, qPrintable(QStringLiteral("took %1 ms").arg(takeoverMs)));
        QCOMPARE(lease(sandbox).value(QStringLiteral("spec")).toObject().value(QStringLiteral("leaseTransitions")).toInt(), transitionsBefore + 1);
        QTRY_COMPARE_WITH_TIMEOUT(b.metric(QStringLiteral(R"(leader_election_master_status{name="cvc-operator"})")), 1.0, 5000);

        // Nothing was lost, so the new leader has nothing to write: after its first pass over every
        // CVC (and a second interval), the values are a's and b wrote none.
        // Two full passes (the 1 s interval re-enqueues every CVC), counted, not slept for.
        QTRY_VERIFY_WITH_TIMEOUT(b.metric(QStringLiteral(R"(controller_runtime_reconcile_total{controller="cryptovaluecalculator",result="success"})"))
                                     >= 2 * kCvcs,
                                 10000);
        QVERIFY(allValuedAt(sandbox, 50000));
        const QJsonArray byB = cvcWritesBy(sandbox, ReplicaUsers::userOf(QStringLiteral("b")));
        QVERIFY2(byB.isEmpty(), qPrintable(QJsonDocument(byB).toJson() + b.output()));
        QCOMPARE(b.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOperatorShutdown)
#include "tst_operatorshutdown.moc"
