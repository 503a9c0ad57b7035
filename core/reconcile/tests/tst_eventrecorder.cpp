// EventRecorder against a real kube-sandbox: core/v1 events shaped like client-go's, repeats
// aggregated into count/lastTimestamp of one event, client-go's spam filter per object and
// reason, and what kubectl lists.
#include "reconcile/eventrecorder.h"

#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QtTest>

using cvc::EventRecorder;
using cvc::testsupport::KubectlResult;
using cvc::testsupport::KubectlRunner;
using cvc::testsupport::SandboxProcess;

class TestEventRecorder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shapeAndAggregation()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("examples"))}),
                 qPrintable(sandbox.errorString()));
        cvc::ConnectionOptions options;
        options.kubeconfig = sandbox.kubeconfigPath();
        QString error;
        const auto config = cvc::KubeConfig::load(options, &error);
        QVERIFY2(config, qPrintable(error));
        cvc::KubeClient client(*config);
        const QJsonObject cvcObject = sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash")).json();
        QVERIFY(!cvcObject.isEmpty());

        EventRecorder::Options eo;
        eo.instance = QStringLiteral("test-host");
        EventRecorder recorder(&client, eo);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QJsonObject built = recorder.buildEvent(cvcObject, QStringLiteral("Warning"), QStringLiteral("InvalidSpec"), QStringLiteral("m"), now);
        QVERIFY(built.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString()
                    .startsWith(QStringLiteral("bitcoin-stash.")));
        QCOMPARE(built.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(built.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("uid")),
                 cvcObject.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("uid")));
        QCOMPARE(built.value(QStringLiteral("source")).toObject().value(QStringLiteral("component")).toString(), QStringLiteral("cvc-operator"));
        QCOMPARE(built.value(QStringLiteral("reportingComponent")).toString(), QStringLiteral("cvc-operator"));
        QCOMPARE(built.value(QStringLiteral("reportingInstance")).toString(), QStringLiteral("test-host"));

        recorder.record(cvcObject, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"), QStringLiteral("CoinGecko answered 429"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.createdCount(), 1, 5000);
        recorder.record(cvcObject, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"), QStringLiteral("CoinGecko answered 429"));
        recorder.record(cvcObject, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"), QStringLiteral("CoinGecko answered 429"));
        QTRY_VERIFY_WITH_TIMEOUT(recorder.patchedCount() >= 1 && recorder.patchedCount() + recorder.createdCount() >= 2, 5000);
        // A different message is a different event.
        recorder.record(cvcObject, QStringLiteral("Normal"), QStringLiteral("PriceFeedRecovered"), QStringLiteral("back"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.createdCount(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(recorder.failedCount(), 0, 100);

        QJsonArray items;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            items = sandbox.request("GET", QStringLiteral("/api/v1/namespaces/default/events")).json().value(QStringLiteral("items")).toArray();
            for (const QJsonValue &v : items) {
                if (v.toObject().value(QStringLiteral("reason")).toString() == QLatin1String("PriceFeedLost"))
                    return v.toObject().value(QStringLiteral("count")).toInt() == 3;
            }
            return false;
        }(), 5000);
        QCOMPARE(items.size(), 2);

        KubectlRunner kubectl(sandbox);
        auto r = kubectl.run({QStringLiteral("get"), QStringLiteral("events")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("PriceFeedLost")), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("bitcoin-stash")), qPrintable(r.describe()));
        // The three identical occurrences are one Event counted three times.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("--sort-by=.reason"), QStringLiteral("-o"),
                         QStringLiteral("custom-columns=REASON:.reason,OBJECT:.involvedObject.name,COUNT:.count")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.tableLines(), (QStringList{QStringLiteral("REASON OBJECT COUNT"),
                                              QStringLiteral("PriceFeedLost bitcoin-stash 3"),
                                              QStringLiteral("PriceFeedRecovered bitcoin-stash 1")}));
    }

    // A price feed flapping 40 times: each loss with its own cause, each recovery alike. Per
    // object and reason only the burst (25) gets through; the recoveries are one Event.
    void spamFilterCapsAFlappingFeed()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("examples"))}),
                 qPrintable(sandbox.errorString()));
        cvc::ConnectionOptions options;
        options.kubeconfig = sandbox.kubeconfigPath();
        QString error;
        const auto config = cvc::KubeConfig::load(options, &error);
        QVERIFY2(config, qPrintable(error));
        cvc::KubeClient client(*config);
        const QString cvcs = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/");
        const QJsonObject bitcoin = sandbox.request("GET", cvcs + QStringLiteral("bitcoin-stash")).json();
        const QJsonObject ethereum = sandbox.request("GET", cvcs + QStringLiteral("lump-of-ethereum")).json();
        QVERIFY(!bitcoin.isEmpty() && !ethereum.isEmpty());

        EventRecorder recorder(&client, EventRecorder::Options{});
        for (int i = 1; i <= 40; ++i) {
            recorder.record(bitcoin, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"),
                            QStringLiteral("CoinGecko prices are unavailable (HTTP 503, failure %1); the value is kept and marked stale").arg(i));
            recorder.record(bitcoin, QStringLiteral("Normal"), QStringLiteral("PriceFeedRecovered"),
                            QStringLiteral("CoinGecko prices are available again; the value is current"));
        }
        QCOMPARE(recorder.filteredCount(), 2 * 15);
        // Another object has an allowance of its own.
        recorder.record(ethereum, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"), QStringLiteral("CoinGecko answered 503"));
        QCOMPARE(recorder.filteredCount(), 2 * 15);
        QTRY_COMPARE_WITH_TIMEOUT(recorder.createdCount(), 25 + 1 + 1, 10000);

        KubectlRunner kubectl(sandbox);
        const QStringList get{QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("--no-headers"), QStringLiteral("-o"),
                              QStringLiteral("custom-columns=REASON:.reason,OBJECT:.involvedObject.name,COUNT:.count")};
        QTRY_VERIFY2_WITH_TIMEOUT(kubectl.run(get).tableLines().contains(QStringLiteral("PriceFeedRecovered bitcoin-stash 25")),
                                  qPrintable(kubectl.run(get).describe()), 10000);
        const KubectlResult r = kubectl.run(get);
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        const QStringList lines = r.tableLines();
        QCOMPARE(lines.count(QStringLiteral("PriceFeedLost bitcoin-stash 1")), 25);
        QCOMPARE(lines.count(QStringLiteral("PriceFeedRecovered bitcoin-stash 25")), 1);
        QCOMPARE(lines.count(QStringLiteral("PriceFeedLost lump-of-ethereum 1")), 1);
        QCOMPARE(lines.size(), 27);
        QCOMPARE(recorder.failedCount(), 0);
    }

    // The bucket refills one event per period (a clock the test moves; no server needed).
    void spamFilterRefills()
    {
        qint64 now = 1000;
        EventRecorder::Options eo;
        eo.instance = QStringLiteral("test-host");
        eo.spamBurst = 2;
        eo.spamRefillMs = 60000;
        eo.clock = [&now] { return now; };
        EventRecorder recorder(nullptr, eo);
        const QJsonObject cvcObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("my-btc")},
                                                                           {QStringLiteral("namespace"), QStringLiteral("default")},
                                                                           {QStringLiteral("uid"), QStringLiteral("u-1")}}}};
        int n = 0;
        const auto invalid = [&] {
            recorder.record(cvcObject, QStringLiteral("Warning"), QStringLiteral("InvalidSpec"),
                            QStringLiteral("spec.amount is -%1; it must be zero or more").arg(++n));
        };
        invalid();
        invalid();
        QCOMPARE(recorder.filteredCount(), 0);
        invalid();
        QCOMPARE(recorder.filteredCount(), 1);
        now += 59999;
        invalid();
        QCOMPARE(recorder.filteredCount(), 2);
        now += 1;
        invalid();
        QCOMPARE(recorder.filteredCount(), 2);
        invalid();
        QCOMPARE(recorder.filteredCount(), 3);
        // Another reason about the same object is counted apart.
        recorder.record(cvcObject, QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"), QStringLiteral("CoinGecko answered 503"));
        QCOMPARE(recorder.filteredCount(), 3);
        // After a long quiet spell the whole burst is back, never more.
        now += 10 * 60000;
        invalid();
        invalid();
        QCOMPARE(recorder.filteredCount(), 3);
        invalid();
        QCOMPARE(recorder.filteredCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestEventRecorder)
#include "tst_eventrecorder.moc"
