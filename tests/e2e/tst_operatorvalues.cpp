// End to end as a user would: kube-sandbox, fake-coingecko and a cvc-operator process; kubectl
// applies the CRD and the examples and reads what the operator wrote.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QHash>
#include <QUrlQuery>
#include <QtTest>

using namespace cvc::e2e;

class TestOperatorValues : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void valuesChangesEditsAndEvents()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml")),
                         QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/ethereum.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222"), QStringLiteral("--price"), QStringLiteral("ethereum=3095.76")}),
                 qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("3s")),
                 qPrintable(op.errorString()));

        // kubectl get cvc shows the values.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"))
                   && cvcRow(k, QStringLiteral("lump-of-ethereum")).contains(QStringLiteral("$4550.7672"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));
        QVERIFY2(cvcRow(r, QStringLiteral("lump-of-ethereum")).contains(QStringLiteral("$4550.7672")), qPrintable(r.describe()));

        // Status and conditions a person can read.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        const QJsonObject obj = QJsonDocument::fromJson(r.standardOutput.toUtf8()).object();
        const QJsonObject status = obj.value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("price")).toDouble(), 41222.0);
        QCOMPARE(status.value(QStringLiteral("value")).toDouble(), 94.8106);
        QCOMPARE(status.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(status.value(QStringLiteral("observedGeneration")).toInt(), 1);
        QVERIFY(!status.value(QStringLiteral("lastUpdated")).toString().isEmpty());
        QVERIFY(!status.value(QStringLiteral("priceUpdatedAt")).toString().isEmpty());
        QVERIFY2(obj.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("finalizers")).toArray().isEmpty(),
                 "the operator must never add a finalizer");
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"), conditionJsonPath(QStringLiteral("Ready"))});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("True"));

        // A price change shows in VALUE and CHANGE on the next tick.
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 42000));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000 +1.89%"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000 +1.89%")), qPrintable(r.describe()));
        // Two valuations later, still no Event: valuing is routine, not news for a person.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded() && r.standardOutput.trimmed().isEmpty(), qPrintable(r.describe()));

        // An amount edit with kubectl is valued within a second (price cached, no new call).
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral("{\"spec\":{\"amount\":0.01}}")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QElapsedTimer clock;
        clock.start();
        const auto value = [&sandbox] {
            const auto reply = sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash"));
            return reply.json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                .value(QStringLiteral("value")).toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(value(), QStringLiteral("$420.0000"), 3000);
        const qint64 editToValue = clock.elapsed();
        qInfo("amount edit valued after %lld ms", editToValue);
        QVERIFY2(editToValue < 1000, qPrintable(QStringLiteral("took %1 ms").arg(editToValue)));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         QStringLiteral("jsonpath={.status.observedGeneration}")});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("2"));

        // An invalid spec (the CRD allows a negative number) gets InvalidSpec and a Warning event,
        // and does not hold up the others.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("lump-of-ethereum"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral("{\"spec\":{\"amount\":-1}}")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("lump-of-ethereum"), QStringLiteral("-o"),
                                   conditionJsonPath(QStringLiteral("InvalidSpec"), QStringLiteral("reason"))},
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("NegativeAmount"); }, 5000);
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("NegativeAmount"));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("events")},
                         [](const KubectlResult &k) { return k.standardOutput.contains(QStringLiteral("InvalidSpec")); }, 5000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral("InvalidSpec")), qPrintable(r.describe()));
        // Its value is gone everywhere: VALUE is empty and status has no value or price to mislead.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("lump-of-ethereum"), QStringLiteral("-o"),
                                   QStringLiteral("json")}, [](const KubectlResult &k) {
            const QJsonObject o = QJsonDocument::fromJson(k.standardOutput.toUtf8()).object();
            return !o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject().contains(QStringLiteral("value"))
                   && !o.value(QStringLiteral("status")).toObject().contains(QStringLiteral("value"));
        }, 5000);
        {
            const QJsonObject o = QJsonDocument::fromJson(r.standardOutput.toUtf8()).object();
            const QJsonObject st = o.value(QStringLiteral("status")).toObject();
            QVERIFY2(!o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject().contains(QStringLiteral("value")),
                     qPrintable(r.describe()));
            QVERIFY2(!st.contains(QStringLiteral("value")) && !st.contains(QStringLiteral("price")), qPrintable(r.describe()));
        }
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 43000));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$430.0000"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$430.0000")), qPrintable(r.describe()));

        // One price call per tick for every coin in use.
        const auto calls = prices.priceCalls();
        QVERIFY(!calls.isEmpty());

        // Health and metrics.
        QCOMPARE(op.health(QStringLiteral("/healthz")).status, 200);
        QCOMPARE(op.health(QStringLiteral("/readyz")).status, 200);
        QVERIFY(op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}")) > 0);
        QCOMPARE(op.metric(QStringLiteral("cvc_leader")), 1.0);

        qint64 stopMs = 0;
        QCOMPARE(op.terminate(5000, &stopMs), 0);
        QVERIFY2(stopMs < 2000, qPrintable(QStringLiteral("SIGTERM took %1 ms").arg(stopMs)));
    }

    // Issue 10: a new CVC costs the annotation and the status write, no third one for an Event;
    // nothing more is written while the price stands still.
    void newCvcsTakeTwoWritesAndNoEvent()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("examples"))}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start(), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        const QStringList readiness{QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-o"),
                                    QStringLiteral("jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}")};
        const auto allReady = [](int count) {
            return [count](const KubectlResult &k) {
                return k.standardOutput.count(QStringLiteral("=True")) == count;
            };
        };
        // The writes the operator made, per CVC and in all ("events" for Events).
        const auto operatorWrites = [&sandbox] {
            QHash<QString, int> writes;
            const QJsonArray log = sandbox.writes(QUrlQuery{{QStringLiteral("fieldManager"), QStringLiteral("cvc-operator")}});
            for (const QJsonValue &v : log) {
                const QJsonObject entry = v.toObject();
                const QString resource = entry.value(QStringLiteral("resource")).toString();
                ++writes[resource == QLatin1String("events") ? resource : entry.value(QStringLiteral("name")).toString()];
                ++writes[QStringLiteral("all")];
            }
            return writes;
        };

        KubectlResult r = kubectlUntil(kubectl, readiness, allReady(4), 20000);
        QVERIFY2(allReady(4)(r), qPrintable(r.describe() + op.output()));
        // Two more price ticks without news, so that nothing still on its way is missed.
        qsizetype calls = prices.priceCalls().size();
        QTRY_VERIFY_WITH_TIMEOUT(prices.priceCalls().size() >= calls + 2, 10000);
        QHash<QString, int> writes = operatorWrites();
        for (const QString &name : {QStringLiteral("bitcoin-stash"), QStringLiteral("doge-jar"), QStringLiteral("lump-of-ethereum"),
                                    QStringLiteral("shiba-pile")})
            QVERIFY2(writes.value(name) == 2, qPrintable(QStringLiteral("%1: %2 writes").arg(name).arg(writes.value(name))));
        QCOMPARE(writes.value(QStringLiteral("events")), 0);
        QCOMPARE(writes.value(QStringLiteral("all")), 8);

        // One created while the operator runs.
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                        "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: fresh-btc\n"
                        "spec:\n  coin: bitcoin\n  amount: 0.5\n");
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectlUntil(kubectl, readiness, allReady(5), 10000);
        QVERIFY2(allReady(5)(r), qPrintable(r.describe()));
        calls = prices.priceCalls().size();
        QTRY_VERIFY_WITH_TIMEOUT(prices.priceCalls().size() >= calls + 2, 10000);
        writes = operatorWrites();
        QCOMPARE(writes.value(QStringLiteral("fresh-btc")), 2);
        QCOMPARE(writes.value(QStringLiteral("events")), 0);
        QCOMPARE(writes.value(QStringLiteral("all")), 10);
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("fresh-btc")});
        QVERIFY2(cvcRow(r, QStringLiteral("fresh-btc")).contains(QStringLiteral("$20611.0000")), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded() && r.standardOutput.trimmed().isEmpty(), qPrintable(r.describe()));
    }

    void convergesThroughServerFaults()
    {
        // 30 % of API requests fail with 503 and watches are dropped: writes are retried with
        // backoff, the watch resumes, and every CVC still ends up with the right value.
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("examples"))}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start(), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("1s")),
                 qPrintable(op.errorString()));
        KubectlResult r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));

        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("failRatio"), 0.3}, {QStringLiteral("failStatus"), 503},
                                             {QStringLiteral("dropWatches"), true}}));
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 50000));
        QVERIFY(prices.setPrice(QStringLiteral("ethereum"), 3000));
        const auto valued = [&] {
            // Our own reads meet the injected failures too: ask until one is answered, so that
            // the check gives the same answer each time QTRY evaluates it.
            cvc::testsupport::HttpReply list;
            for (int i = 0; i < 50 && list.status != 200; ++i)
                list = sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators"));
            // The annotation is written before status: a 503 on the status write can leave the
            // new value visible while status still holds the old price. CHANGE below is measured
            // from the price in status, so wait for both.
            QHash<QString, QString> values;
            QHash<QString, double> prices;
            for (const QJsonValue &v : list.json().value(QStringLiteral("items")).toArray()) {
                const QJsonObject meta = v.toObject().value(QStringLiteral("metadata")).toObject();
                const QString name = meta.value(QStringLiteral("name")).toString();
                values.insert(name, meta.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("value")).toString());
                prices.insert(name, v.toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("price")).toDouble());
            }
            return values.value(QStringLiteral("bitcoin-stash")) == QLatin1String("$115.0000")
                   && values.value(QStringLiteral("lump-of-ethereum")) == QLatin1String("$4410.0000")
                   && prices.value(QStringLiteral("bitcoin-stash")) == 50000 && prices.value(QStringLiteral("lump-of-ethereum")) == 3000;
        };
        QTRY_VERIFY_WITH_TIMEOUT(valued(), 30000);
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("dropWatches"), true}}));
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 41222));
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("failRatio"), 0.0}}));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106 -17.56%"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106 -17.56%")), qPrintable(r.describe()));
        QVERIFY(op.metric(QStringLiteral("cvc_watch_restarts_total")) >= 1);

        // Deleting a CVC never waits for the operator (no finalizer), and it stays deleted.
        r = kubectl.run({QStringLiteral("delete"), QStringLiteral("cvc"), QStringLiteral("doge-jar"), QStringLiteral("--timeout=10s")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY(prices.setPrice(QStringLiteral("dogecoin"), 0.1));
        QTRY_VERIFY_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_reconciles_total")) > 0, 1000);
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("doge-jar")});
        QVERIFY(!r.succeeded());
        QVERIFY2(r.standardError.contains(QStringLiteral("NotFound")), qPrintable(r.describe()));
    }

    void namespaceScope()
    {
        // --namespace team values CVCs in team only; the default namespace is left alone.
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("examples"))}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")},
                                      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n");
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-n"), QStringLiteral("team"), QStringLiteral("-f"),
                         SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start(), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--namespace"), QStringLiteral("team")}),
                 qPrintable(op.errorString()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-n"), QStringLiteral("team")},
                         [](const KubectlResult &k) { return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")); },
                         20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));
        QTRY_VERIFY_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_reconciles_total")) >= 3, 10000);
        QCOMPARE(op.metric(QStringLiteral("cvc_objects")), 1.0);
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
                         QStringLiteral("jsonpath={.metadata.annotations.value}")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.standardOutput.trimmed(), QString());
    }
};

QTEST_GUILESS_MAIN(TestOperatorValues)
#include "tst_operatorvalues.moc"
