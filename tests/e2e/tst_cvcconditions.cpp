// The CVC as Kubernetes tools read it (issue 13 item 3, cvc-contract.md "Conditions"): kubectl
// wait on Ready returns once a value is written and keeps returning through a price outage (Ready
// stays True, reason ValuedWithStalePrice, while PriceStale turns True); READY and SOURCE are wide
// columns and the plain columns stay the original ones; kubectl explain describes every field.
// Runs once per kubectl (CVC_KUBECTL): Debian's 1.20, which reads /openapi/v2, and the newest,
// which reads /openapi/v3.
#include "e2ehelpers.h"
#include "operatorprocess.h"
#include "backgroundkubectl.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <memory>

using namespace cvc::e2e;
using cvc::testsupport::BackgroundKubectl;

namespace {

const QString crdPath = QStringLiteral("crds/cryptovaluecalculators.yaml");

QStringList condition(const QString &type, const QString &field)
{
    return {QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"),
            conditionJsonPath(type, field)};
}

QStringList header(const KubectlResult &r)
{
    return r.standardOutput.section(QLatin1Char('\n'), 0, 0).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestCvcConditions : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void waitReturnsOnceValuedAndThroughAPriceOutage()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(crdPath)});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        // kubectl wait is already waiting when the operator starts: it must return with the value.
        std::unique_ptr<BackgroundKubectl> wait(kubectl.startBackground(
            {QStringLiteral("wait"), QStringLiteral("--for=condition=Ready"), QStringLiteral("cvc/bitcoin-stash"), QStringLiteral("--timeout=40s")}));
        QVERIFY2(wait->waitForStarted(), qPrintable(wait->describe()));
        // kubectl has read the object, found no Ready and watches it for a change.
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.stats().value(QStringLiteral("openWatches")).toInt() >= 1, 10000);
        QVERIFY2(wait->isRunning(), qPrintable(wait->describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QElapsedTimer sinceStart;
        sinceStart.start();
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("2s")),
                 qPrintable(op.errorString()));
        QVERIFY2(wait->waitForFinished(30000), qPrintable(wait->describe() + op.output()));
        QVERIFY2(wait->exitCode() == 0, qPrintable(wait->describe() + op.output()));
        QVERIFY2(sinceStart.elapsed() < 15000, qPrintable(QStringLiteral("kubectl wait took %1 ms").arg(sinceStart.elapsed())));
        QVERIFY2(wait->standardOutput().contains(QStringLiteral("condition met")), qPrintable(wait->describe()));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc")});
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe()));
        r = kubectl.run(condition(QStringLiteral("Ready"), QStringLiteral("reason")));
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("Valued"));
        // The contract's way to wait for a fresh price.
        r = kubectl.run({QStringLiteral("wait"), QStringLiteral("--for=condition=PriceStale=false"), QStringLiteral("cvc/bitcoin-stash"),
                         QStringLiteral("--timeout=10s")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        // The original columns plain; READY and SOURCE only with -o wide.
        QCOMPARE(header(r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc")})),
                 (QStringList{"NAME", "COIN", "AMOUNT", "VALUE", "CHANGE", "UPDATED"}));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-o"), QStringLiteral("wide")});
        QCOMPARE(header(r), (QStringList{"NAME", "COIN", "AMOUNT", "VALUE", "CHANGE", "UPDATED", "PRICE", "SOURCE", "READY", "P&L"}));
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).endsWith(QStringLiteral(" 41222 coingecko True")), qPrintable(r.describe()));

        // An outage of every source (the fallbacks point at closed ports in tests): the value
        // stays, PriceStale turns True, Ready stays True and says why.
        QVERIFY(prices.setState(QJsonObject{
            {QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 100000}, {QStringLiteral("status"), 503}}}}));
        r = kubectlUntil(kubectl, condition(QStringLiteral("PriceStale"), QStringLiteral("status")),
                         [](const KubectlResult &k) { return k.standardOutput.trimmed() == QLatin1String("True"); }, 20000);
        QVERIFY2(r.standardOutput.trimmed() == QLatin1String("True"), qPrintable(r.describe() + op.output()));
        r = kubectl.run(condition(QStringLiteral("Ready"), QStringLiteral("status")));
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("True"));
        r = kubectl.run(condition(QStringLiteral("Ready"), QStringLiteral("reason")));
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("ValuedWithStalePrice"));
        for (const QString &type : {QStringLiteral("Reconciling"), QStringLiteral("Stalled"), QStringLiteral("InvalidSpec")}) {
            r = kubectl.run(condition(type, QStringLiteral("status")));
            QVERIFY2(r.standardOutput.trimmed() == QLatin1String("False"), qPrintable(type + QStringLiteral(": ") + r.describe()));
        }
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc")});
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe()));
        // kubectl wait does not hang through the outage.
        QElapsedTimer waited;
        waited.start();
        r = kubectl.run({QStringLiteral("wait"), QStringLiteral("--for=condition=Ready"), QStringLiteral("cvc/bitcoin-stash"),
                         QStringLiteral("--timeout=10s")});
        QVERIFY2(r.succeeded() && waited.elapsed() < 8000, qPrintable(r.describe()));

        // Conditions are a list-map keyed by type: one of each.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("-o"), QStringLiteral("json")});
        const QJsonArray conditions = QJsonDocument::fromJson(r.standardOutput.toUtf8()).object().value(QStringLiteral("status"))
                                          .toObject().value(QStringLiteral("conditions")).toArray();
        QStringList types;
        for (const QJsonValue &c : conditions)
            types << c.toObject().value(QStringLiteral("type")).toString();
        QCOMPARE(types, (QStringList{"Ready", "Reconciling", "Stalled", "PriceStale", "InvalidSpec"}));
    }

    void explainDescribesSpecAndStatus()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(crdPath)}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);

        KubectlResult r = kubectl.run({QStringLiteral("explain"), QStringLiteral("cvc.spec")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        for (const QString &text : {QStringLiteral("What is held."), QStringLiteral("The coin held: bitcoin, ethereum"),
                                    QStringLiteral("How much of the coin is held")})
            QVERIFY2(r.standardOutput.contains(text), qPrintable(text + QStringLiteral(" missing in\n") + r.describe()));

        r = kubectl.run({QStringLiteral("explain"), QStringLiteral("cvc.status")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY2(r.standardOutput.contains(QStringLiteral("The last valuation and the conditions")), qPrintable(r.describe()));
        // /openapi/v2 publishes a status that keeps unknown fields without its properties (as
        // kube does); kubectl reads /openapi/v3, with every field, from 1.27 on.
        if (KubectlRunner::clientVersion() < QVersionNumber(1, 27))
            return;
        for (const QString &text : {QStringLiteral("observedGeneration"), QStringLiteral("The USD price of one coin"),
                                    QStringLiteral("Where status.price came from"), QStringLiteral("The last USD price that differed"),
                                    QStringLiteral("The state of this CVC, one entry per type")})
            QVERIFY2(r.standardOutput.contains(text), qPrintable(text + QStringLiteral(" missing in\n") + r.describe()));
        r = kubectl.run({QStringLiteral("explain"), QStringLiteral("cvc.status.conditions")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        for (const QString &text : {QStringLiteral("lastTransitionTime"), QStringLiteral("ValuedWithStalePrice"),
                                    QStringLiteral("What happened and what a person can do")})
            QVERIFY2(r.standardOutput.contains(text), qPrintable(text + QStringLiteral(" missing in\n") + r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestCvcConditions)
#include "tst_cvcconditions.moc"
