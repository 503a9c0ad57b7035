// LeaseElector against a real kube-sandbox: acquire, observe another holder, release on stop and
// hand over at once, step down when renewals fail for the renew deadline, and a clear, final
// answer on 403 (never leading silently).
#include "lease/leaseelector.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "json/kubetime.h"
#include "sandboxprocess.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using cvc::LeaseElector;
using cvc::testsupport::SandboxProcess;

namespace {

LeaseElector::Options fast(const QString &identity)
{
    LeaseElector::Options o;
    o.namespaceName = QStringLiteral("default");
    o.identity = identity;
    o.leaseDurationMs = 2000;
    o.renewDeadlineMs = 1500;
    o.retryPeriodMs = 200;
    return o;
}

} // namespace

class TestLeaseElector : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<cvc::KubeClient> client(SandboxProcess &sandbox)
    {
        cvc::ConnectionOptions options;
        options.kubeconfig = sandbox.kubeconfigPath();
        QString error;
        const auto config = cvc::KubeConfig::load(options, &error);
        if (!config)
            qFatal("%s", qPrintable(error));
        return std::make_unique<cvc::KubeClient>(*config);
    }
    QJsonObject lease(SandboxProcess &sandbox)
    {
        return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator")).json();
    }

private Q_SLOTS:
    void validation()
    {
        QVERIFY(LeaseElector::Options().validate().isEmpty());
        LeaseElector::Options o;
        o.renewDeadlineMs = 20000;
        QVERIFY(o.validate().contains(QStringLiteral("longer than the renew deadline")));
        o = LeaseElector::Options();
        o.retryPeriodMs = 9000;
        QVERIFY(o.validate().contains(QStringLiteral("1.2")));
        QVERIFY(LeaseElector::defaultIdentity().contains(QLatin1Char('_')));
    }

    void acquireReleaseHandOver()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        auto ca = client(sandbox);
        auto cb = client(sandbox);
        LeaseElector a(ca.get(), fast(QStringLiteral("a")));
        LeaseElector b(cb.get(), fast(QStringLiteral("b")));
        QSignalSpy aLeads(&a, &LeaseElector::startedLeading);
        QSignalSpy bLeads(&b, &LeaseElector::startedLeading);
        QSignalSpy bSees(&b, &LeaseElector::holderChanged);
        a.start();
        QVERIFY(aLeads.wait(5000));
        QVERIFY(a.isLeader());
        b.start();
        QTRY_COMPARE_WITH_TIMEOUT(b.holderIdentity(), QStringLiteral("a"), 3000);
        QVERIFY(!bSees.isEmpty());

        // a renews: b never gets it while a lives. Watch a's renewals land on the server until
        // they have advanced several times and span more than one lease duration, so b had every
        // chance to take an expired lease.
        const int leaseDurationMs = fast(QStringLiteral("a")).leaseDurationMs;
        QList<QDateTime> renewals; // distinct spec.renewTime values, in the order seen
        auto renewedPastOneDuration = [&] {
            const QString text = lease(sandbox).value(QStringLiteral("spec")).toObject()
                                     .value(QStringLiteral("renewTime")).toString();
            const std::optional<QDateTime> renewTime = cvc::KubeTime::parse(text);
            if (renewTime && (renewals.isEmpty() || *renewTime > renewals.last()))
                renewals.append(*renewTime);
            return renewals.size() >= 6 && renewals.first().msecsTo(renewals.last()) > leaseDurationMs;
        };
        QTRY_VERIFY_WITH_TIMEOUT(renewedPastOneDuration(), 10000);
        qInfo("%lld renewals by a over %lld ms", qint64(renewals.size()), renewals.first().msecsTo(renewals.last()));
        QCOMPARE(bLeads.count(), 0);
        QVERIFY(!b.isLeader());
        QVERIFY(a.isLeader());
        const QJsonObject spec = lease(sandbox).value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("holderIdentity")).toString(), QStringLiteral("a"));
        QCOMPARE(spec.value(QStringLiteral("leaseDurationSeconds")).toInt(), 2);
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$"))
                    .match(spec.value(QStringLiteral("renewTime")).toString()).hasMatch());
        const int transitions = spec.value(QStringLiteral("leaseTransitions")).toInt();

        // A clean stop releases the lease; b takes it within a retry period or two.
        QSignalSpy aStops(&a, &LeaseElector::stoppedLeading);
        bool released = false;
        a.stop([&] { released = true; });
        QTRY_VERIFY_WITH_TIMEOUT(released, 2000);
        QCOMPARE(aStops.count(), 1);
        QElapsedTimer clock;
        clock.start();
        // b may already lead by the time stop() has called back: count, do not wait for a new one.
        QTRY_COMPARE_WITH_TIMEOUT(bLeads.count(), 1, 3000);
        qInfo("handover after release: %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 1500);
        const QJsonObject after = lease(sandbox).value(QStringLiteral("spec")).toObject();
        QCOMPARE(after.value(QStringLiteral("holderIdentity")).toString(), QStringLiteral("b"));
        QCOMPARE(after.value(QStringLiteral("leaseTransitions")).toInt(), transitions + 1);

        // Renewals failing for the renew deadline: b steps down.
        QSignalSpy bStops(&b, &LeaseElector::stoppedLeading);
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("failRatio"), 1.0}, {QStringLiteral("failStatus"), 503}}));
        clock.restart();
        QTRY_COMPARE_WITH_TIMEOUT(bStops.count(), 1, 5000);
        qInfo("stepped down after %lld ms of failing renewals", clock.elapsed());
        QVERIFY(!b.isLeader());
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("failRatio"), 0.0}}));
        // ...and leads again once the server answers (its own lease, so no wait).
        QTRY_COMPARE_WITH_TIMEOUT(bLeads.count(), 2, 5000);
        b.stop();
    }

    // Review C2: a renewal that hangs must not keep us leading. The leader steps down when the renew
    // deadline has passed since its last renewal, while that renewal still hangs, i.e. before any
    // peer could take the lease (leaseDuration after the last renewTime it saw).
    void stepsDownWhileARenewalHangs()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        auto kube = client(sandbox);
        kube->setRequestTimeout(60000);   // the elector must not rely on a request timing out
        LeaseElector::Options options = fast(QStringLiteral("a"));
        options.leaseDurationMs = 4000;
        options.renewDeadlineMs = 2000;
        options.retryPeriodMs = 300;
        LeaseElector a(kube.get(), options);
        QSignalSpy leads(&a, &LeaseElector::startedLeading);
        QSignalSpy stops(&a, &LeaseElector::stoppedLeading);
        a.start();
        QTRY_COMPARE_WITH_TIMEOUT(leads.count(), 1, 5000);

        // Every request now hangs for a minute (the sandbox drops it when the client gives up).
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("latencyMs"), 60000}}));
        QTRY_COMPARE_WITH_TIMEOUT(stops.count(), 1, 10000);
        const QDateTime steppedDown = QDateTime::currentDateTimeUtc();
        QVERIFY(!a.isLeader());
        QVERIFY2(a.lastError().contains(QStringLiteral("renew deadline")), qPrintable(a.lastError()));
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("latencyMs"), 0}}));
        const QJsonObject spec = lease(sandbox).value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("holderIdentity")).toString(), QStringLiteral("a"));
        const auto lastRenew = cvc::KubeTime::parse(spec.value(QStringLiteral("renewTime")).toString());
        QVERIFY(lastRenew.has_value());
        qInfo("stepped down %lld ms after the last renewal", lastRenew->msecsTo(steppedDown));
        QVERIFY2(lastRenew->msecsTo(steppedDown) < options.leaseDurationMs,
                 qPrintable(QStringLiteral("still leading %1 ms after the last renewal; a peer may take over after %2 ms")
                                .arg(lastRenew->msecsTo(steppedDown)).arg(options.leaseDurationMs)));

        // Once the server answers again, it leads again (its own lease, so no wait).
        QTRY_COMPARE_WITH_TIMEOUT(leads.count(), 2, 5000);
        a.stop();
    }

    void forbiddenIsFinalAndClear()
    {
        // An API server whose RBAC refuses leases (the sandbox cannot inject 403s): a local
        // HTTP server answering every request with a Forbidden Status, as kube-apiserver does.
        cvc::HttpServer server;
        server.setHandler([](cvc::HttpExchange *ex) {
            const QJsonObject status{
                {QStringLiteral("kind"), QStringLiteral("Status")},
                {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("status"), QStringLiteral("Failure")},
                {QStringLiteral("message"), QStringLiteral("leases.coordination.k8s.io \"cvc-operator\" is forbidden: User "
                                                           "\"system:serviceaccount:default:x\" cannot get resource \"leases\" "
                                                           "in API group \"coordination.k8s.io\" in the namespace \"default\"")},
                {QStringLiteral("reason"), QStringLiteral("Forbidden")},
                {QStringLiteral("code"), 403},
            };
            ex->respond(403, "application/json", QJsonDocument(status).toJson(QJsonDocument::Compact));
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        cvc::ClientConfig config;
        config.server = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
        config.namespaceName = QStringLiteral("default");
        cvc::KubeClient c(config);
        LeaseElector e(&c, fast(QStringLiteral("x")));
        QSignalSpy forbidden(&e, &LeaseElector::forbidden);
        QSignalSpy leads(&e, &LeaseElector::startedLeading);
        e.start();
        QVERIFY(forbidden.wait(5000));
        const QString message = forbidden.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("--no-leader-election")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("default/cvc-operator")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("cannot get resource")), qPrintable(message));
        QVERIFY(!e.isRunning());
        QCOMPARE(leads.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLeaseElector)
#include "tst_leaseelector.moc"
