// Where prices come from, as a person running the operator sees it: a real kube-sandbox with
// kubectl, the fake CoinGecko with its DefiLlama and Coinbase stand-ins, and a real cvc-operator
// holding its Lease. CoinGecko refusing every call moves the prices to DefiLlama: ONE Event
// says so (and one that CoinGecko is back), /metrics counts each source's requests by answer,
// and when every source fails PriceStale names all of them, not only CoinGecko.
#include "e2ehelpers.h"
#include "operatorprocess.h"
#include "promtool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QtTest>

using namespace cvc::e2e;

namespace {
const QString btcRow = QStringLiteral("bitcoin-stash");
const QString ethRow = QStringLiteral("lump-of-ethereum");

// `kubectl get cvc -o wide` ends each row with SOURCE (status.priceSource).
std::function<bool(const KubectlResult &)> sourced(const QString &source)
{
    return [source](const KubectlResult &k) {
        // SOURCE, then READY (True once valued, whatever the source).
        const QString tail = QLatin1Char(' ') + source + QStringLiteral(" True");
        return cvcRow(k, btcRow).endsWith(tail) && cvcRow(k, ethRow).endsWith(tail);
    };
}

const QStringList wide{QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-o"), QStringLiteral("wide")};

// Every Event in the cluster with the given reason, as kubectl lists them.
QJsonArray eventsWithReason(const KubectlRunner &kubectl, const QString &reason)
{
    const KubectlResult r = kubectl.run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("--all-namespaces"),
                                         QStringLiteral("-o"), QStringLiteral("json")});
    QJsonArray found;
    for (const QJsonValue &v : QJsonDocument::fromJson(r.standardOutput.toUtf8()).object().value(QStringLiteral("items")).toArray()) {
        if (v.toObject().value(QStringLiteral("reason")).toString() == reason)
            found.append(v);
    }
    return found;
}

QString describe(const QJsonArray &events)
{
    return QString::fromUtf8(QJsonDocument(events).toJson());
}

// Waits until CoinGecko has been called `more` more times (each tick that may ask it does).
bool waitForCoinGeckoCalls(FakeCoinGeckoProcess &prices, int more, int timeoutMs)
{
    const int start = int(prices.priceCalls().size());
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (prices.priceCalls().size() >= start + more)
            return true;
        QTest::qWait(100); // polling a remote counter with a deadline
    }
    return false;
}
} // namespace

class TestOperatorPriceProvenance : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void switchAndReturnAreOneEventEachAndCounted()
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
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("providers"), QJsonObject{
            {QStringLiteral("defillama"), QJsonObject{{QStringLiteral("prices"), QJsonObject{{QStringLiteral("bitcoin"), 42000}, {QStringLiteral("ethereum"), 3100}}}}},
            {QStringLiteral("coinbase"), QJsonObject{{QStringLiteral("prices"), QJsonObject{{QStringLiteral("bitcoin"), 43000}, {QStringLiteral("ethereum"), 3200}}}}}}}}));
        const QString base = prices.rootUrl().toString().section(QStringLiteral("/api/v3"), 0, 0);
        OperatorProcess op;
        // With leader election, as deployed: the Lease carries the feed's Events.
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--lease-namespace"), QStringLiteral("default"),
                           QStringLiteral("--price-sources"), QStringLiteral("coingecko,defillama,coinbase"),
                           QStringLiteral("--defillama-url"), base + QStringLiteral("/defillama"),
                           QStringLiteral("--coinbase-url"), base + QStringLiteral("/coinbase")},
                          QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coingecko")), 20000);
        QVERIFY2(sourced(QStringLiteral("coingecko"))(r), qPrintable(r.describe() + op.output()));
        QVERIFY2(eventsWithReason(kubectl, QStringLiteral("PriceSourceSwitched")).isEmpty(), "a switch announced while CoinGecko answered");

        // CoinGecko refuses every call: both coins from DefiLlama, and one Event on the Lease says why.
        QVERIFY(prices.setState(QJsonObject{
            {QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 100000}, {QStringLiteral("status"), 429}, {QStringLiteral("retryAfter"), 1}}}}));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("defillama")), 15000);
        QVERIFY2(sourced(QStringLiteral("defillama"))(r), qPrintable(r.describe() + op.output()));
        QJsonArray switched;
        QDeadlineTimer deadline(10000);
        while (switched.isEmpty() && !deadline.hasExpired()) {
            switched = eventsWithReason(kubectl, QStringLiteral("PriceSourceSwitched"));
            if (switched.isEmpty())
                QTest::qWait(200); // polling the cluster with a deadline
        }
        QVERIFY2(switched.size() == 1, qPrintable(describe(switched) + op.output()));
        // Several more ticks, each asking CoinGecko again and getting 429: still the one Event, never counted up.
        QVERIFY2(waitForCoinGeckoCalls(prices, 3, 15000), qPrintable(op.output()));
        switched = eventsWithReason(kubectl, QStringLiteral("PriceSourceSwitched"));
        QVERIFY2(switched.size() == 1, qPrintable(describe(switched)));
        const QJsonObject event = switched.at(0).toObject();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("Warning"));
        QCOMPARE(event.value(QStringLiteral("count")).toInt(), 1);
        QCOMPARE(event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("Lease"));
        const QString message = event.value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(QStringLiteral("DefiLlama (bitcoin, ethereum)")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("instead of CoinGecko")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("HTTP 429")), qPrintable(message));
        // The CVCs are fresh: a fallback price is a current price, and the condition says whose.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), btcRow, QStringLiteral("-o"), conditionJsonPath(QStringLiteral("PriceStale"), QStringLiteral("message"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("the price comes from the latest DefiLlama answer"));

        // /metrics counts the requests of each source by answer, in Prometheus' own format.
        QVERIFY2(op.metric(QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\",code=\"429\"}")) >= 3, qPrintable(op.health(QStringLiteral("/metrics")).body));
        QVERIFY(op.metric(QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\",code=\"200\"}")) >= 1);
        QVERIFY(op.metric(QStringLiteral("cvc_price_source_requests_total{source=\"defillama\",code=\"200\"}")) >= 1);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_source_coins{source=\"defillama\"}")), 2.0);
        QCOMPARE(op.metric(QStringLiteral("cvc_price_source_coins{source=\"coingecko\"}")), 0.0);
        QVERIFY(op.metric(QStringLiteral("cvc_price_source_age_seconds{source=\"defillama\"}")) >= 0);
        const Promtool::Result check = Promtool::checkMetrics(op.health(QStringLiteral("/metrics")).body);
        QVERIFY2(check.clean(), qPrintable(check.output));

        // CoinGecko back: both coins from it again, and one Event says so.
        QVERIFY(prices.setState(QJsonObject{{QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 0}}}}));
        r = kubectlUntil(kubectl, wide, sourced(QStringLiteral("coingecko")), 15000);
        QVERIFY2(sourced(QStringLiteral("coingecko"))(r), qPrintable(r.describe() + op.output()));
        QJsonArray returned;
        deadline.setRemainingTime(10000);
        while (returned.isEmpty() && !deadline.hasExpired()) {
            returned = eventsWithReason(kubectl, QStringLiteral("PriceSourceReturned"));
            if (returned.isEmpty())
                QTest::qWait(200); // polling the cluster with a deadline
        }
        QVERIFY2(returned.size() == 1, qPrintable(describe(returned) + op.output()));
        QCOMPARE(returned.at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("Normal"));
        QVERIFY2(returned.at(0).toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("from CoinGecko again")),
                 qPrintable(describe(returned)));
        QCOMPARE(eventsWithReason(kubectl, QStringLiteral("PriceSourceSwitched")).size(), 1);

        // Every source down: PriceStale names each of them and what it answered.
        QVERIFY(prices.setState(QJsonObject{
            {QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 100000}, {QStringLiteral("status"), 503}}},
            {QStringLiteral("providers"), QJsonObject{{QStringLiteral("defillama"), QJsonObject{{QStringLiteral("down"), 503}}},
                                                      {QStringLiteral("coinbase"), QJsonObject{{QStringLiteral("down"), 502}}}}}}));
        const QStringList staleMessage{QStringLiteral("get"), QStringLiteral("cvc"), btcRow, QStringLiteral("-o"),
                                       conditionJsonPath(QStringLiteral("PriceStale"), QStringLiteral("message"))};
        r = kubectlUntil(kubectl, staleMessage, [](const KubectlResult &k) { return k.standardOutput.contains(QStringLiteral("Coinbase")); }, 15000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral("DefiLlama at 127.0.0.1 answered HTTP 503")), qPrintable(r.describe() + op.output()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("Coinbase at 127.0.0.1 answered HTTP 502")), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.startsWith(QStringLiteral("price sources are failing")), qPrintable(r.describe()));
        // The switch tracker stays quiet: a feed with no fresh price is PriceFeedLost's news.
        QCOMPARE(eventsWithReason(kubectl, QStringLiteral("PriceSourceSwitched")).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOperatorPriceProvenance)
#include "tst_operatorpriceprovenance.moc"
