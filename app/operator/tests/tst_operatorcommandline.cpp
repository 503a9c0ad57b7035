#include "operatorcommandline.h"

#include <QTemporaryFile>
#include <QtTest>

using cvc::OperatorCommandLine;
using namespace std::chrono_literals;

namespace {
OperatorCommandLine parse(QStringList args, QProcessEnvironment env = QProcessEnvironment())
{
    args.prepend(QStringLiteral("cvc-operator"));
    return OperatorCommandLine::parse(args, env);
}
} // namespace

class TestOperatorCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const auto cl = parse({});
        QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
        QVERIFY(cl.allNamespaces);
        QVERIFY(cl.options.leaderElection);
        QCOMPARE(cl.options.lease.leaseDurationMs, 15000);
        QCOMPARE(cl.options.lease.renewDeadlineMs, 10000);
        QCOMPARE(cl.options.lease.retryPeriodMs, 2000);
        QCOMPARE(cl.options.interval.count(), 0);
        QCOMPARE(cl.options.healthAddress, QStringLiteral("127.0.0.1:8080"));
        // Holdings stay off /metrics unless asked for.
        QVERIFY(!cl.options.metricsPerCvc);
        QVERIFY(parse({QStringLiteral("--metrics-per-cvc")}).options.metricsPerCvc);
        QCOMPARE(cl.options.fieldManager, QStringLiteral("cvc-operator"));
        // controller-runtime's 20/30 to start from, free to rise while the server keeps up.
        QCOMPARE(cl.rate.qps, 20.0);
        QCOMPARE(cl.rate.maxQps, 1000.0);
        QCOMPARE(cl.rate.burst, 30);
        QCOMPARE(cl.options.revaluationSpread.count(), -1); // half the interval
        QCOMPARE(parse({QStringLiteral("--revaluation-spread"), QStringLiteral("0")}).options.revaluationSpread.count(), 0);
        // No --lease-namespace: the runtime picks it (cvc-system when it exists, else the connection's).
        QVERIFY(cl.leaseNamespace.isEmpty());
        QVERIFY(cl.options.lease.namespaceName.isEmpty());
        QVERIFY(cl.helpText.contains(QStringLiteral("default: cvc-system")));
    }

    void everyFlag()
    {
        QTemporaryFile key;
        QVERIFY(key.open());
        key.write("CG-secret-key\n");
        key.flush();
        const auto cl = parse({QStringLiteral("--kubeconfig"), QStringLiteral("/tmp/kc"), QStringLiteral("--context"), QStringLiteral("c1"),
                               QStringLiteral("--namespace"), QStringLiteral("team"), QStringLiteral("--interval"), QStringLiteral("2m"),
                               QStringLiteral("--coingecko-url"), QStringLiteral("http://127.0.0.1:9/api/v3"),
                               QStringLiteral("--coingecko-plan"), QStringLiteral("demo"), QStringLiteral("--api-key-file"), key.fileName(),
                               QStringLiteral("--lease-namespace"), QStringLiteral("ops"), QStringLiteral("--lease-duration"), QStringLiteral("4s"),
                               QStringLiteral("--renew-deadline"), QStringLiteral("3s"), QStringLiteral("--retry-period"), QStringLiteral("500ms"),
                               QStringLiteral("--health-addr"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--qps"), QStringLiteral("50"),
                               QStringLiteral("--max-qps"), QStringLiteral("400"),
                               QStringLiteral("--revaluation-spread"), QStringLiteral("45s"), QStringLiteral("--burst"), QStringLiteral("100"), QStringLiteral("--log-format"), QStringLiteral("json"),
                               QStringLiteral("-v")});
        QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
        QCOMPARE(cl.connection.kubeconfig, QStringLiteral("/tmp/kc"));
        QCOMPARE(cl.connection.context, QStringLiteral("c1"));
        QVERIFY(!cl.allNamespaces);
        QCOMPARE(cl.options.namespaceName, QStringLiteral("team"));
        QCOMPARE(cl.options.interval, std::chrono::milliseconds(2min));
        QCOMPARE(cl.options.coingecko.plan.name(), QStringLiteral("demo"));
        QCOMPARE(cl.options.coingecko.apiKey, QByteArray("CG-secret-key"));
        QVERIFY(!cl.apiKeySource.contains(QStringLiteral("CG-secret-key")));
        QCOMPARE(cl.leaseNamespace, QStringLiteral("ops"));
        QCOMPARE(cl.options.lease.namespaceName, QStringLiteral("ops"));
        QCOMPARE(cl.options.lease.leaseDurationMs, 4000);
        QCOMPARE(cl.options.lease.retryPeriodMs, 500);
        QCOMPARE(cl.rate.qps, 50.0);
        QCOMPARE(cl.rate.maxQps, 400.0);
        QCOMPARE(cl.options.revaluationSpread, std::chrono::milliseconds(45000));
        QCOMPARE(cl.rate.burst, 100);
        QCOMPARE(cl.logFormat, cvc::OperatorLog::Format::Json);
        QVERIFY(cl.verbose);
        QCOMPARE(cl.logLevel, cvc::OperatorLog::Level::Debug);
    }

    void logLevel()
    {
        QCOMPARE(parse({}).logLevel, cvc::OperatorLog::Level::Info);
        QCOMPARE(parse({QStringLiteral("--log-level"), QStringLiteral("warn")}).logLevel, cvc::OperatorLog::Level::Warning);
        QCOMPARE(parse({QStringLiteral("--log-level=ERROR")}).logLevel, cvc::OperatorLog::Level::Error);
        const auto bad = parse({QStringLiteral("--log-level"), QStringLiteral("loud")});
        QVERIFY(bad.error.contains(QStringLiteral("--log-level")));
        QVERIFY(bad.error.contains(QStringLiteral("\"loud\"")));
        QCOMPARE(parse({QStringLiteral("-v")}).logLevel, cvc::OperatorLog::Level::Debug);
        QCOMPARE(parse({QStringLiteral("-v"), QStringLiteral("--log-level"), QStringLiteral("info")}).logLevel, cvc::OperatorLog::Level::Info);
    }

    void keyFromEnvironment()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("CVC_COINGECKO_API_KEY"), QStringLiteral("k1"));
        const auto cl = parse({QStringLiteral("--coingecko-plan"), QStringLiteral("pro")}, env);
        QVERIFY2(cl.error.isEmpty(), qPrintable(cl.error));
        QCOMPARE(cl.options.coingecko.apiKey, QByteArray("k1"));
        QCOMPARE(cl.apiKeySource, QStringLiteral("CVC_COINGECKO_API_KEY"));
        QCOMPARE(cl.options.coingecko.monthlyCredits, 0);   // the plan's
        const auto larger = parse({QStringLiteral("--coingecko-plan"), QStringLiteral("pro"), QStringLiteral("--coingecko-credits"),
                                   QStringLiteral("500000")}, env);
        QVERIFY2(larger.error.isEmpty(), qPrintable(larger.error));
        QCOMPARE(larger.options.coingecko.monthlyCredits, 500000);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("bad interval") << QStringList{QStringLiteral("--interval"), QStringLiteral("fast")} << "--interval";
        QTest::newRow("bad plan") << QStringList{QStringLiteral("--coingecko-plan"), QStringLiteral("gold")} << "--coingecko-plan";
        QTest::newRow("demo without key") << QStringList{QStringLiteral("--coingecko-plan"), QStringLiteral("demo")} << "API key";
        QTest::newRow("credits not a number") << QStringList{QStringLiteral("--coingecko-credits"), QStringLiteral("lots")} << "--coingecko-credits";
        QTest::newRow("no credits") << QStringList{QStringLiteral("--coingecko-credits"), QStringLiteral("0")} << "--coingecko-credits";
        QTest::newRow("missing key file") << QStringList{QStringLiteral("--api-key-file"), QStringLiteral("/nonexistent/key")} << "/nonexistent/key";
        QTest::newRow("bad lease timings") << QStringList{QStringLiteral("--lease-duration"), QStringLiteral("5s")} << "renew deadline";
        QTest::newRow("both scopes") << QStringList{QStringLiteral("-n"), QStringLiteral("a"), QStringLiteral("--all-namespaces")} << "--all-namespaces";
        QTest::newRow("log format") << QStringList{QStringLiteral("--log-format"), QStringLiteral("xml")} << "--log-format";
        QTest::newRow("bad max-qps") << QStringList{QStringLiteral("--max-qps"), QStringLiteral("lots")} << "--max-qps";
        QTest::newRow("bad spread") << QStringList{QStringLiteral("--revaluation-spread"), QStringLiteral("slowly")} << "--revaluation-spread";
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--frobnicate")} << "frobnicate";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const auto cl = parse(args);
        QVERIFY(!cl.error.isEmpty());
        QVERIFY2(cl.error.contains(mentions), qPrintable(cl.error));
    }
};

QTEST_GUILESS_MAIN(TestOperatorCommandLine)
#include "tst_operatorcommandline.moc"
