// The price feed in trouble, end to end: a 429 with Retry-After is honoured (no call before it
// passes), values are kept, PriceStale is set, and recovery clears it. Also the original CRD,
// which has no status subresource, is valued just the same.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace cvc::e2e;

class TestOperatorPriceFeed : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void rateLimitedThenRecovered()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        // With a Demo key from a file: the key must never show in the log, even with -v.
        QTemporaryDir keyDir;
        const QString keyPath = writeApiKeyFile(keyDir, "CG-e2e-secret-demo-key");
        QVERIFY(!keyPath.isEmpty());
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--coingecko-plan"), QStringLiteral("demo"),
                           QStringLiteral("--api-key-file"), keyPath,
                           // Ticks every second, as a key with credits enough for it: the budget governor stays out.
                           QStringLiteral("--coingecko-credits"), QStringLiteral("100000000")},
                          QStringLiteral("1s")),
                 qPrintable(op.errorString()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));

        // The next call gets 429 with Retry-After: 4; the price moves meanwhile.
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 1},
                                                                                       {QStringLiteral("status"), 429},
                                                                                       {QStringLiteral("retryAfter"), 4}}}}));
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 50000));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                                   conditionJsonPath(QStringLiteral("PriceStale"))},
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("True"); }, 10000);
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("True"));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         conditionJsonPath(QStringLiteral("PriceStale"), QStringLiteral("reason"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("RateLimited"));
        // A value exists, so Ready stays True, saying the price is stale (cvc-contract.md).
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         conditionJsonPath(QStringLiteral("Ready"), QStringLiteral("status"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("True"));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         conditionJsonPath(QStringLiteral("Ready"), QStringLiteral("reason"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("ValuedWithStalePrice"));
        // Values are kept while stale.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc")});
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe()));

        // Recovery: the new price arrives, PriceStale goes False.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$115.0000"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$115.0000")), qPrintable(r.describe() + op.output()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                                   conditionJsonPath(QStringLiteral("PriceStale"))},
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("False"); }, 5000);
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("False"));

        // No call between the 429 and the end of its Retry-After.
        const auto calls = prices.priceCalls();
        int limited = -1;
        for (int i = 0; i < calls.size(); ++i) {
            if (calls[i].second == 429)
                limited = i;
        }
        QVERIFY2(limited >= 0, "the 429 was never served");
        QVERIFY2(limited + 1 < calls.size(), "no call after the 429");
        const qint64 gap = calls[limited].first.msecsTo(calls[limited + 1].first);
        qInfo("first call after the 429 came %lld ms later", gap);
        QVERIFY2(gap >= 4000 - 50, qPrintable(QStringLiteral("a call came %1 ms after a 429 with Retry-After: 4").arg(gap)));

        QVERIFY(op.output().contains(QStringLiteral("key from --api-key-file")));
        QVERIFY2(!op.output().contains(QStringLiteral("CG-e2e-secret-demo-key")), "the API key leaked into the log");
        QVERIFY(!sandbox.standardError().contains("CG-e2e-secret-demo-key"));

        // Feed lost and recovered are told as events.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("events")}, [](const KubectlResult &k) {
            return k.standardOutput.contains(QStringLiteral("PriceFeedLost")) && k.standardOutput.contains(QStringLiteral("PriceFeedRecovered"));
        }, 5000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral("PriceFeedLost")), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("PriceFeedRecovered")), qPrintable(r.describe()));
    }

    void originalCrdWithoutStatusSubresource()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"),
                                       SandboxProcess::sourcePath(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml")),
                         QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/ethereum.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222"), QStringLiteral("--price"), QStringLiteral("ethereum=3095.76")}),
                 qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}), qPrintable(op.errorString()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"))
                   && cvcRow(k, QStringLiteral("lump-of-ethereum")).contains(QStringLiteral("$4550.7672"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));
        QVERIFY2(cvcRow(r, QStringLiteral("lump-of-ethereum")).contains(QStringLiteral("$4550.7672")), qPrintable(r.describe()));
        // That CRD's schema has no status: the server prunes it, the operator notices and writes
        // only the annotation from then on, instead of resending status on every reconcile.
        QVERIFY(op.output().contains(QStringLiteral("without a status subresource")));
        QVERIFY2(op.waitForOutput(QStringLiteral("the CRD's schema has no status"), 5000), qPrintable(op.output()));
        // A price change still moves the value.
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 42000));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000")), qPrintable(r.describe()));
        // Unchanged prices write nothing: the write count stays put over two more ticks.
        const double writes = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}"));
        const double reconciles = op.metric(QStringLiteral("cvc_reconciles_total"));
        QTRY_VERIFY_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_reconciles_total")) >= reconciles + 4, 10000);
        QCOMPARE(op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}")), writes);
    }

    void unknownCoinDoesNotHoldUpOthers()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"),
                                       QStringLiteral(CVC_SOURCE_DIR "/tests/e2e/data/cryptovaluecalculators-anycoin.yaml")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                        "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: mystery\n"
                        "spec:\n  coin: not-a-coin\n  amount: 3\n");
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("1s")),
                 qPrintable(op.errorString()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("mystery"), QStringLiteral("-o"),
                                   conditionJsonPath(QStringLiteral("InvalidSpec"), QStringLiteral("reason"))},
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("UnknownCoin"); }, 20000);
        QVERIFY2(r.standardOutput.trimmed() == QLatin1String("UnknownCoin"), qPrintable(r.describe() + op.output()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 10000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe()));
        // The unknown coin is dropped from the calls: prices stay fresh for everyone else.
        QTRY_VERIFY_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_reconciles_total")) >= 6, 10000);
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         conditionJsonPath(QStringLiteral("PriceStale"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("False"));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("events")},
                         [](const KubectlResult &k) { return k.standardOutput.contains(QStringLiteral("not-a-coin")); }, 5000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral("InvalidSpec")), qPrintable(r.describe()));
        QVERIFY2(!r.standardOutput.contains(QStringLiteral("PriceFeedLost")), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorPriceFeed)
#include "tst_operatorpricefeed.moc"
