// EventRecorder against a real kube-sandbox: core/v1 events shaped like client-go's, repeats
// aggregated into count/lastTimestamp of one event, and listed by kubectl.
#include "eventrecorder.h"

#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QtTest>

using cvc::EventRecorder;
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
        const QJsonObject built = recorder.buildEvent(cvcObject, QStringLiteral("Normal"), QStringLiteral("Valued"), QStringLiteral("m"), now);
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
        const auto r = kubectl.run({QStringLiteral("get"), QStringLiteral("events")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("PriceFeedLost")), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("bitcoin-stash")), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestEventRecorder)
#include "tst_eventrecorder.moc"
