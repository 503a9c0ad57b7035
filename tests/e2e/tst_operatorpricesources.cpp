// Price sources tried in order, end to end: a real kube-sandbox, the fake CoinGecko with its
// DefiLlama and Coinbase stand-ins, and a real cvc-operator. Each source prices differently, so
// `kubectl get cvc` shows which one valued a CVC; the operator's log says which sources are in use.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QJsonArray>
#include <QtTest>

using namespace cvc::e2e;

namespace {
const QString btcRow = QStringLiteral("bitcoin-stash");
const QString ethRow = QStringLiteral("lump-of-ethereum");

// Both rows show the given values (bitcoin 0.0023, ethereum 1.47).
std::function<bool(const KubectlResult &)> valued(const QString &btc, const QString &eth)
{
    return [btc, eth](const KubectlResult &k) {
        return cvcRow(k, btcRow).contains(btc) && cvcRow(k, ethRow).contains(eth);
    };
}

// `kubectl get cvc -o wide` ends each row with SOURCE (status.priceSource).
std::function<bool(const KubectlResult &)> sourced(const QString &btc, const QString &eth)
{
    return [btc, eth](const KubectlResult &k) {
        // SOURCE, then READY (True once valued, whatever the source).
        return cvcRow(k, btcRow).endsWith(QLatin1Char(' ') + btc + QStringLiteral(" True"))
               && cvcRow(k, ethRow).endsWith(QLatin1Char(' ') + eth + QStringLiteral(" True"));
    };
}

const QStringList wide{QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-o"), QStringLiteral("wide")};
} // namespace

class TestOperatorPriceSources : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void fallsThroughPerCoinAndComesBack()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml")),
                                       QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/ethereum.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222"), QStringLiteral("--price"), QStringLiteral("ethereum=3095.76")}),
                 qPrintable(prices.errorString()));
        // Every source has prices of its own, so a value tells which source gave it.
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("providers"), QJsonObject{
            {QStringLiteral("defillama"), QJsonObject{{QStringLiteral("prices"), QJsonObject{{QStringLiteral("bitcoin"), 42000}, {QStringLiteral("ethereum"), 3100}}}}},
            {QStringLiteral("coinbase"), QJsonObject{{QStringLiteral("prices"), QJsonObject{{QStringLiteral("bitcoin"), 43000}, {QStringLiteral("ethereum"), 3200}}}}}}}}));
        const QString base = prices.rootUrl().toString().section(QStringLiteral("/api/v3"), 0, 0);
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--price-sources"), QStringLiteral("coingecko,defillama,coinbase"),
                           QStringLiteral("--defillama-url"), base + QStringLiteral("/defillama"),
                           QStringLiteral("--coinbase-url"), base + QStringLiteral("/coinbase")},
                          QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        // CoinGecko first.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, valued(QStringLiteral("$94.8106"), QStringLiteral("$4550.7672")), 20000);
        QVERIFY2(valued(QStringLiteral("$94.8106"), QStringLiteral("$4550.7672"))(r), qPrintable(r.describe() + op.output()));
        QVERIFY2(op.waitForOutput(QStringLiteral("prices now from coingecko"), 5000), qPrintable(op.output()));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coingecko"), QStringLiteral("coingecko")), 10000);
        QVERIFY2(sourced(QStringLiteral("coingecko"), QStringLiteral("coingecko"))(r), qPrintable(r.describe()));

        // CoinGecko leaves ethereum out: ethereum from DefiLlama, bitcoin still CoinGecko's.
        int mark = op.outputSize();
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("missing"), QJsonArray{QStringLiteral("ethereum")}}}));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, valued(QStringLiteral("$94.8106"), QStringLiteral("$4557.0000")), 15000);
        QVERIFY2(valued(QStringLiteral("$94.8106"), QStringLiteral("$4557.0000"))(r), qPrintable(r.describe() + op.output()));
        QVERIFY2(op.waitForOutput(QStringLiteral("prices now from coingecko (bitcoin), defillama (ethereum)"), 5000, mark), qPrintable(op.output()));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coingecko"), QStringLiteral("defillama")), 10000);
        QVERIFY2(sourced(QStringLiteral("coingecko"), QStringLiteral("defillama"))(r), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), btcRow, QStringLiteral("-o"), conditionJsonPath(QStringLiteral("PriceStale"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("False"));
        // Without leader election there is no Lease: the switch is told on the CVC whose coin moved, and only there.
        const QStringList events{QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-o"),
                                 QStringLiteral("custom-columns=REASON:.reason,OBJECT:.involvedObject.name,COUNT:.count")};
        r = kubectlUntil(kubectl, events, [](const KubectlResult &k) {
            return k.tableLines().contains(QStringLiteral("PriceSourceSwitched lump-of-ethereum 1"));
        }, 10000);
        QVERIFY2(r.tableLines().contains(QStringLiteral("PriceSourceSwitched lump-of-ethereum 1")), qPrintable(r.describe() + op.output()));
        QVERIFY2(!r.tableLines().contains(QStringLiteral("PriceSourceSwitched bitcoin-stash 1")), qPrintable(r.describe()));

        // CoinGecko answers 429 to everything and DefiLlama lacks bitcoin: bitcoin from Coinbase,
        // ethereum from DefiLlama, and the CVCs are not stale.
        mark = op.outputSize();
        QVERIFY(prices.setState(QJsonObject{
            {QStringLiteral("missing"), QJsonArray{}},
            {QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 100000}, {QStringLiteral("status"), 429}, {QStringLiteral("retryAfter"), 2}}},
            {QStringLiteral("providers"), QJsonObject{{QStringLiteral("defillama"), QJsonObject{{QStringLiteral("missing"), QJsonArray{QStringLiteral("bitcoin")}}}}}}}));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, valued(QStringLiteral("$98.9000"), QStringLiteral("$4557.0000")), 15000);
        QVERIFY2(valued(QStringLiteral("$98.9000"), QStringLiteral("$4557.0000"))(r), qPrintable(r.describe() + op.output()));
        QVERIFY2(op.waitForOutput(QStringLiteral("prices now from defillama (ethereum), coinbase (bitcoin)"), 5000, mark), qPrintable(op.output()));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coinbase"), QStringLiteral("defillama")), 10000);
        QVERIFY2(sourced(QStringLiteral("coinbase"), QStringLiteral("defillama"))(r), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), btcRow, QStringLiteral("-o"), conditionJsonPath(QStringLiteral("PriceStale"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("False"));
        // CoinGecko's Retry-After is honoured while the others price: no call within 2 s of a 429.
        const auto calls = prices.priceCalls();
        for (int i = 1; i < calls.size(); ++i) {
            if (calls[i - 1].second == 429)
                QVERIFY2(calls[i - 1].first.msecsTo(calls[i].first) >= 2000 - 50, "CoinGecko called again before its Retry-After");
        }

        // CoinGecko back: it is used again for both.
        mark = op.outputSize();
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 0}}}}));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, valued(QStringLiteral("$94.8106"), QStringLiteral("$4550.7672")), 15000);
        QVERIFY2(valued(QStringLiteral("$94.8106"), QStringLiteral("$4550.7672"))(r), qPrintable(r.describe() + op.output()));
        QVERIFY2(op.waitForOutput(QStringLiteral("prices now from coingecko\n"), 5000, mark), qPrintable(op.output()));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coingecko"), QStringLiteral("coingecko")), 10000);
        QVERIFY2(sourced(QStringLiteral("coingecko"), QStringLiteral("coingecko"))(r), qPrintable(r.describe()));

        // Every source down: values kept, marked stale.
        QVERIFY(prices.setState(QJsonObject{
            {QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 100000}, {QStringLiteral("status"), 503}}},
            {QStringLiteral("providers"), QJsonObject{{QStringLiteral("defillama"), QJsonObject{{QStringLiteral("down"), 503}}},
                                                      {QStringLiteral("coinbase"), QJsonObject{{QStringLiteral("down"), 503}}}}}}));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), btcRow, QStringLiteral("-o"), conditionJsonPath(QStringLiteral("PriceStale"))},
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("True"); }, 15000);
        QVERIFY2(r.standardOutput.trimmed() == QLatin1String("True"), qPrintable(r.describe() + op.output()));
        // The values and where their prices came from are kept.
        r = kubectl.run(wide);
        QVERIFY2(valued(QStringLiteral("$94.8106"), QStringLiteral("$4550.7672"))(r), qPrintable(r.describe()));
        QVERIFY2(sourced(QStringLiteral("coingecko"), QStringLiteral("coingecko"))(r), qPrintable(r.describe()));
        QVERIFY2(op.output().contains(QStringLiteral("Coinbase at 127.0.0.1 answered HTTP 503")), qPrintable(op.output()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorPriceSources)
#include "tst_operatorpricesources.moc"
