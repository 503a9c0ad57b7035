// The CoinGecko budget governor as an operator's user sees it: a Demo key polled every second
// would spend the month's 10,000 credits in hours, so the operator values the CVCs with its first
// call, then polls slower, says so once in its log, and /metrics shows the count, what is left,
// the projection and both intervals. The plan's cache time does not apply to a test URL.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace cvc::e2e;

class TestOperatorPriceBudget : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void demoKeyPolledTooFastIsStretched()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        QTemporaryDir keyDir;
        const QString keyPath = writeApiKeyFile(keyDir, "CG-e2e-budget-demo-key");
        QVERIFY(!keyPath.isEmpty());

        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--coingecko-plan"), QStringLiteral("demo"),
                           QStringLiteral("--api-key-file"), keyPath, QStringLiteral("--price-sources"), QStringLiteral("coingecko")},
                          QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        // Valued from the first call, whatever the interval.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")},
                         [](const KubectlResult &k) { return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")); }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));

        // Said once, with the numbers a person needs.
        QVERIFY2(op.waitForOutput(QStringLiteral("polling CoinGecko every 1 s would use about"), 5000), qPrintable(op.output()));
        const QString out = op.output();
        QCOMPARE(out.count(QStringLiteral("polling CoinGecko every 1 s would use about")), 1);
        QVERIFY2(out.contains(QStringLiteral("the 9000 of the demo plan's 10000 monthly credits")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("CG-e2e-budget-demo-key")), "the API key leaked into the log");

        // /metrics: the interval in force is minutes, not the second asked for, and the count adds up.
        const double used = op.metric(QStringLiteral("cvc_price_credits_used{plan=\"demo\"}"));
        QVERIFY2(used >= 1, qPrintable(op.health(QStringLiteral("/metrics")).body));
        QCOMPARE(op.metric(QStringLiteral("cvc_price_credits_monthly{plan=\"demo\"}")), 10000.0);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_credits_remaining{plan=\"demo\"}")) + used, 10000.0);
        QVERIFY(op.metric(QStringLiteral("cvc_price_credits_projected{plan=\"demo\"}")) <= 9000);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_interval_seconds{interval=\"asked\"}")), 1.0);
        QVERIFY(op.metric(QStringLiteral("cvc_price_interval_seconds{interval=\"effective\"}")) >= 60);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_interval_stretched")), 1.0);
        // The count is what CoinGecko saw.
        QCOMPARE(used, double(prices.priceCalls().size()));
    }

    void proKeyUsageComesFromCoinGecko()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        // Someone else spent most of this key's month already: CoinGecko's count says so.
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("flavour"), QStringLiteral("pro")}, {QStringLiteral("keyUsage"), QJsonObject{
            {QStringLiteral("plan"), QStringLiteral("Analyst")}, {QStringLiteral("rate_limit_request_per_minute"), 500},
            {QStringLiteral("monthly_call_credit"), 1000}, {QStringLiteral("current_total_monthly_calls"), 995},
            {QStringLiteral("current_remaining_monthly_calls"), 5}}}}));
        QTemporaryDir keyDir;
        const QString keyPath = writeApiKeyFile(keyDir, "CG-e2e-budget-pro-key");
        QVERIFY(!keyPath.isEmpty());
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--coingecko-plan"), QStringLiteral("pro"),
                           QStringLiteral("--api-key-file"), keyPath, QStringLiteral("--price-sources"), QStringLiteral("coingecko")},
                          QStringLiteral("60s")),
                 qPrintable(op.errorString()));
        QVERIFY2(op.waitForOutput(QStringLiteral("CoinGecko /key: plan Analyst with 1000 monthly credits, 995 used this month"), 10000),
                 qPrintable(op.output()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")},
                         [](const KubectlResult &k) { return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")); }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));
        // Past the 900 kept for prices: the next call waits for the new month, and /metrics says why.
        QTRY_COMPARE_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_price_interval_stretched")), 1.0, 5000);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_credits_monthly{plan=\"pro\"}")), 1000.0);
        QVERIFY(op.metric(QStringLiteral("cvc_price_credits_used{plan=\"pro\"}")) >= 995);
        QVERIFY(op.metric(QStringLiteral("cvc_price_credits_remaining{plan=\"pro\"}")) <= 5);
        QVERIFY(op.metric(QStringLiteral("cvc_price_interval_seconds{interval=\"effective\"}")) > 3600);
        QVERIFY2(op.output().contains(QStringLiteral("more than the 900 of the pro plan's 1000 monthly credits")), qPrintable(op.output()));
        QVERIFY2(!op.output().contains(QStringLiteral("CG-e2e-budget-pro-key")), "the API key leaked into the log");
    }

    void publicPlanOnATestUrlKeepsTheAskedInterval()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--price-sources"), QStringLiteral("coingecko")},
                          QStringLiteral("1s")),
                 qPrintable(op.errorString()));
        // Several calls a second apart: neither the 60 s cache time of the real host nor a budget.
        QDeadlineTimer deadline(15000);
        while (prices.priceCalls().size() < 3 && !deadline.hasExpired())
            QTest::qWait(100); // polling a remote counter with a deadline
        QVERIFY2(prices.priceCalls().size() >= 3, qPrintable(op.output()));
        QCOMPARE(op.metric(QStringLiteral("cvc_price_interval_seconds{interval=\"effective\"}")), 1.0);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_interval_stretched")), 0.0);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_credits_remaining{plan=\"public\"}")), -1.0);   // no monthly credits
        QVERIFY2(!op.output().contains(QStringLiteral("would use about")), qPrintable(op.output()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorPriceBudget)
#include "tst_operatorpricebudget.moc"
