// Leader election end to end: two cvc-operator processes share one Lease; only the holder
// writes (writes counted by field manager on the sandbox); kill -9 of the leader hands over
// within lease duration + retry period; a clean stop releases the lease and hands over at once;
// a leader whose API requests hang steps down at its renew deadline and nothing it sent lands after.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace cvc::e2e;
using cvc::testsupport::KubectlResult;
using cvc::testsupport::KubectlRunner;
using cvc::testsupport::SandboxProcess;

namespace {

// Lease timings for the test: 4 s duration, 3 s renew deadline, 500 ms retry (+ up to 120 % jitter).
const QStringList fastLease{QStringLiteral("--lease-namespace"), QStringLiteral("default"),
                            QStringLiteral("--lease-duration"), QStringLiteral("4s"),
                            QStringLiteral("--renew-deadline"), QStringLiteral("3s"),
                            QStringLiteral("--retry-period"), QStringLiteral("500ms")};
const int leaseMs = 4000;
const int renewDeadlineMs = 3000;
const int retryMs = 500;

QStringList operatorArgs(const QString &id)
{
    return fastLease + QStringList{QStringLiteral("--identity"), id, QStringLiteral("--field-manager"), QStringLiteral("cvc-operator-") + id};
}

} // namespace

class TestOperatorLeader : public QObject
{
    Q_OBJECT
private:
    QString holder(const KubectlRunner &kubectl)
    {
        const KubectlResult r = kubectl.run({QStringLiteral("get"), QStringLiteral("lease"), QStringLiteral("cvc-operator"),
                                             QStringLiteral("-o"), QStringLiteral("jsonpath={.spec.holderIdentity}")});
        return r.succeeded() ? r.standardOutput.trimmed() : QString();
    }
    QString holderNow(SandboxProcess &sandbox)
    {
        return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator"))
            .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString();
    }
    int writesBy(SandboxProcess &sandbox, const QString &manager)
    {
        return sandbox.stats().value(QStringLiteral("writesByFieldManager")).toObject().value(manager).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    }

    void oneWriterAndTakeover()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start(), qPrintable(prices.errorString()));

        OperatorProcess a;
        OperatorProcess b;
        QVERIFY2(a.start(sandbox.kubeconfigPath(), prices.rootUrl(), operatorArgs(QStringLiteral("a")), QStringLiteral("1s")), qPrintable(a.errorString()));
        QVERIFY2(b.start(sandbox.kubeconfigPath(), prices.rootUrl(), operatorArgs(QStringLiteral("b")), QStringLiteral("1s")), qPrintable(b.errorString()));

        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + a.output() + b.output()));

        const QString first = holder(kubectl);
        QVERIFY2(first == QLatin1String("a") || first == QLatin1String("b"), qPrintable(first));
        OperatorProcess &leader = first == QLatin1String("a") ? a : b;
        OperatorProcess &follower = first == QLatin1String("a") ? b : a;
        const QString second = first == QLatin1String("a") ? QStringLiteral("b") : QStringLiteral("a");

        // Several ticks with moving prices: only the leader writes.
        for (double p : {41300.0, 41400.0, 41500.0}) {
            QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), p));
            const QString expected = QStringLiteral("$%1").arg(QString::number(0.0023 * p, 'f', 4));
            r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [&](const KubectlResult &k) {
                return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(expected);
            }, 10000);
            QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(expected), qPrintable(r.describe()));
        }
        QVERIFY(writesBy(sandbox, QStringLiteral("cvc-operator-") + first) > 0);
        QCOMPARE(writesBy(sandbox, QStringLiteral("cvc-operator-") + second), 0);
        QCOMPARE(follower.metric(QStringLiteral("cvc_leader")), 0.0);
        QCOMPARE(follower.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}")), 0.0);
        QCOMPARE(leader.metric(QStringLiteral("cvc_leader")), 1.0);
        // Only the leader calls price sources: the standby spends no credits and is ready all the same.
        QVERIFY(leader.metric(QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\",code=\"200\"}")) >= 3);
        QCOMPARE(follower.metric(QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\",code=\"200\"}")), -1.0);
        QCOMPARE(follower.health(QStringLiteral("/readyz")).status, 200);
        const int transitionsBefore = sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator"))
                                          .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("leaseTransitions")).toInt();

        // kill -9 the leader: the follower takes over after the lease expires by its own clock.
        QElapsedTimer clock;
        clock.start();
        leader.kill();
        QTRY_COMPARE_WITH_TIMEOUT(holderNow(sandbox), second, 15000);
        const qint64 takeover = clock.elapsed();
        qInfo("takeover after kill -9: %lld ms (lease %d ms, retry %d ms)", takeover, leaseMs, retryMs);
        // Up to one lease duration (seen from the last renew) + one jittered retry + request time.
        QVERIFY2(takeover <= leaseMs + retryMs * 2.2 + 1000, qPrintable(QStringLiteral("took %1 ms").arg(takeover)));
        const int transitionsAfter = sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator"))
                                         .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("leaseTransitions")).toInt();
        QCOMPARE(transitionsAfter, transitionsBefore + 1);

        // The new leader writes.
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 42000));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000"));
        }, 10000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000")), qPrintable(r.describe() + follower.output()));
        QVERIFY(writesBy(sandbox, QStringLiteral("cvc-operator-") + second) > 0);

        // A clean stop releases the lease: a third instance takes over within a few retry periods.
        OperatorProcess c;
        QVERIFY2(c.start(sandbox.kubeconfigPath(), prices.rootUrl(), operatorArgs(QStringLiteral("c")), QStringLiteral("1s")), qPrintable(c.errorString()));
        QVERIFY(c.waitForOutput(QStringLiteral("is held by ") + second, 5000));
        qint64 stopMs = 0;
        clock.restart();
        QCOMPARE(follower.terminate(5000, &stopMs), 0);
        QVERIFY2(stopMs < 2000, qPrintable(QStringLiteral("SIGTERM took %1 ms").arg(stopMs)));
        QTRY_COMPARE_WITH_TIMEOUT(holderNow(sandbox), QStringLiteral("c"), 10000);
        const qint64 handover = clock.elapsed();
        qInfo("handover after a clean stop: %lld ms", handover);
        QVERIFY2(handover < 3000, qPrintable(QStringLiteral("took %1 ms").arg(handover)));
        QVERIFY(follower.output().contains(QStringLiteral("stopping: releasing the lease")));
        // Each new leader is told as an event on the Lease.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("events")},
                         [](const KubectlResult &k) { return k.standardOutput.contains(QStringLiteral("c became leader")); }, 5000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral("LeaderElection")), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(second + QStringLiteral(" became leader")), qPrintable(r.describe()));
    }

    // Review C2, C14 and S1: every request of the leader's hangs (latency injected for its user
    // only). It must step down at its renew deadline, abandoning what it has in flight, so that
    // the write log shows one writer at a time: the old leader's last write lands before its renew
    // deadline ran out and before the new leader's first, and nothing it sent lands later.
    void stepsDownWhenItsRequestsHang()
    {
        const ReplicaUsers users({QStringLiteral("a"), QStringLiteral("b")});
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--token-auth-file"), users.tokenFile()}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start(), qPrintable(prices.errorString()));

        OperatorProcess a;
        OperatorProcess b;
        for (const auto &[process, id] : {std::pair{&a, QStringLiteral("a")}, std::pair{&b, QStringLiteral("b")}}) {
            const QString kubeconfig = users.kubeconfigFor(sandbox, id);
            QVERIFY(!kubeconfig.isEmpty());
            QVERIFY2(process->start(kubeconfig, prices.rootUrl(), operatorArgs(id), QStringLiteral("1s")), qPrintable(process->errorString()));
        }
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + a.output() + b.output()));
        const QString first = holderNow(sandbox);
        QVERIFY2(first == QLatin1String("a") || first == QLatin1String("b"), qPrintable(first));
        OperatorProcess &oldLeader = first == QLatin1String("a") ? a : b;
        const QString second = first == QLatin1String("a") ? QStringLiteral("b") : QStringLiteral("a");
        const QString oldUser = ReplicaUsers::userOf(first);
        const QString newUser = ReplicaUsers::userOf(second);

        // Long enough that anything the old leader sent would land well after the takeover.
        const int latencyMs = 8000;
        QElapsedTimer sinceFault;
        QVERIFY2(sandbox.setFaultForUser(oldUser, QJsonObject{{QStringLiteral("latencyMs"), latencyMs}}), qPrintable(sandbox.errorString()));
        sinceFault.start();
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 41300));   // work for whoever leads: $94.9900
        QTRY_COMPARE_WITH_TIMEOUT(oldLeader.metric(QStringLiteral("cvc_leader")), 0.0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(holderNow(sandbox), second, 15000);
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.9900"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.9900")), qPrintable(r.describe() + a.output() + b.output()));
        // Watch the log until the old leader's hanging requests would have landed, had it sent them on.
        QTRY_VERIFY_WITH_TIMEOUT(sinceFault.hasExpired(latencyMs + 2000), latencyMs + 10000);

        QDateTime oldLastRenew, oldLastWrite, newFirstWrite;
        int oldWrites = 0;
        int newWrites = 0;
        const QJsonArray log = sandbox.writes();
        QVERIFY(!log.isEmpty());
        for (const QJsonValue &v : log) {
            const QJsonObject entry = v.toObject();
            const QDateTime at = QDateTime::fromString(entry.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            const QString user = entry.value(QStringLiteral("user")).toString();
            const QString resource = entry.value(QStringLiteral("resource")).toString();
            if (user == oldUser && resource == QLatin1String("leases"))
                oldLastRenew = std::max(oldLastRenew, at);
            if (resource != QLatin1String("cryptovaluecalculators"))
                continue;
            if (user == oldUser) {
                ++oldWrites;
                oldLastWrite = std::max(oldLastWrite, at);
            } else if (user == newUser) {
                ++newWrites;
                if (!newFirstWrite.isValid() || at < newFirstWrite)
                    newFirstWrite = at;
            }
        }
        const QString summary = QStringLiteral("%1 writes by %2 (last %3, last renewal %4), %5 by %6 (first %7)")
                                    .arg(oldWrites).arg(oldUser, oldLastWrite.toString(Qt::ISODateWithMs), oldLastRenew.toString(Qt::ISODateWithMs))
                                    .arg(newWrites).arg(newUser, newFirstWrite.toString(Qt::ISODateWithMs));
        qInfo("%s", qPrintable(summary));
        QVERIFY2(oldWrites > 0 && newWrites > 0 && oldLastRenew.isValid(), qPrintable(summary));
        QVERIFY2(oldLastWrite < newFirstWrite, qPrintable(QStringLiteral("two writers: ") + summary));
        QVERIFY2(oldLastWrite <= oldLastRenew.addMSecs(renewDeadlineMs), qPrintable(QStringLiteral("wrote past its renew deadline: ") + summary));
        QVERIFY2(oldLeader.output().contains(QStringLiteral("renew deadline")), qPrintable(oldLeader.output()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorLeader)
#include "tst_operatorleader.moc"
