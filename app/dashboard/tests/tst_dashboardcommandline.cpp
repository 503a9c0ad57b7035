#include "dashboardcommandline.h"

#include <QTest>

class TestDashboardCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void operatorFlags()
    {
        const auto cl = DashboardCommandLine::parse(
            {"cvc-dashboard", "--kubeconfig", "/tmp/k", "--context", "dev", "--namespace", "crypto", "--coingecko-url",
             "http://127.0.0.1:9/api/v3", "--coingecko-plan", "Demo", "--interval", "5m", "--no-leader-election", "-v"});
        QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
        QCOMPARE(cl.options.connection.kubeconfig, QStringLiteral("/tmp/k"));
        QCOMPARE(cl.options.connection.context, QStringLiteral("dev"));
        QCOMPARE(cl.options.connection.namespaceName, QStringLiteral("crypto"));
        QCOMPARE(cl.options.coingeckoUrl, QStringLiteral("http://127.0.0.1:9/api/v3"));
        QCOMPARE(cl.options.coingeckoPlan, QStringLiteral("demo"));
        QCOMPARE(cl.options.interval.count(), 300000);
        QVERIFY(!cl.options.leaderElection);
        QVERIFY(cl.options.verbose);
        QVERIFY(!cl.sandbox);
    }
    void defaultsAndErrors()
    {
        const auto plain = DashboardCommandLine::parse({"cvc-dashboard"});
        QVERIFY(plain.error.isEmpty());
        QVERIFY(plain.options.leaderElection);
        QCOMPARE(plain.options.interval.count(), 0);
        QVERIFY(plain.options.coingeckoPlan.isEmpty());
        QVERIFY(DashboardCommandLine::parse({"cvc-dashboard", "--sandbox"}).sandbox);
        QVERIFY(!DashboardCommandLine::parse({"cvc-dashboard", "--coingecko-plan", "gold"}).error.isEmpty());
        QVERIFY(!DashboardCommandLine::parse({"cvc-dashboard", "--interval", "soon"}).error.isEmpty());
        QVERIFY(!DashboardCommandLine::parse({"cvc-dashboard", "--sandbox", "--kubeconfig", "x"}).error.isEmpty());
        QVERIFY(!DashboardCommandLine::parse({"cvc-dashboard", "--bogus"}).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDashboardCommandLine)
#include "tst_dashboardcommandline.moc"
