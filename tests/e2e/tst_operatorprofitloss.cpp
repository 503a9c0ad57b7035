// Cost basis and P&L end to end (issue 15 item 1, operator side; ../shared/cvc-contract.md):
// spec.costBasis → status.profitLoss and status.profitLossPercent with each valuation, the P&L
// column only with -o wide, an edited or removed cost basis followed at once, and a bad one
// refused by our CRD. The original CRD from tests/data keeps unknown spec fields but prunes all of
// status: there a cost basis must not disturb the value, and a bad one is told by an Event.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QJsonDocument>
#include <QtTest>

using namespace cvc::e2e;

namespace {

const QString collection = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators");

const QByteArray kCvcWithCostBasis = QByteArrayLiteral(R"(
apiVersion: crypto.tools/v1
kind: CryptoValueCalculator
metadata: {name: bitcoin-stash}
spec: {coin: bitcoin, amount: 0.0023, costBasis: 100}
)");

QJsonObject statusOf(SandboxProcess &sandbox, const QString &name)
{
    return sandbox.request("GET", collection + QLatin1Char('/') + name).json().value(QStringLiteral("status")).toObject();
}

QString describe(const QJsonObject &status)
{
    return QString::fromUtf8(QJsonDocument(status).toJson(QJsonDocument::Compact));
}

// Polls until `accept` takes the CVC's status; returns the last status read.
QJsonObject statusUntil(SandboxProcess &sandbox, const QString &name, const std::function<bool(const QJsonObject &)> &accept)
{
    QDeadlineTimer deadline(20000);
    QJsonObject status;
    do {
        status = statusOf(sandbox, name);
        if (accept(status))
            return status;
        QTest::qWait(100); // poll interval while the operator converges, not synchronisation
    } while (!deadline.hasExpired());
    return status;
}

bool hasProfitLoss(const QJsonObject &status, double profitLoss, const QString &percent)
{
    return status.value(QStringLiteral("profitLoss")).toDouble(std::nan("")) == profitLoss
           && status.value(QStringLiteral("profitLossPercent")).toString() == percent;
}

} // namespace

class TestOperatorProfitLoss : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void profitLossFollowsValueAndCostBasis()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, kCvcWithCostBasis);
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}), qPrintable(op.errorString()));

        // 0.0023 × 41222 = 94.8106, paid 100: -5.1894 USD, -5.19 %.
        QJsonObject status = statusUntil(sandbox, QStringLiteral("bitcoin-stash"),
                                         [](const QJsonObject &s) { return hasProfitLoss(s, -5.1894, QStringLiteral("-5.19%")); });
        QVERIFY2(hasProfitLoss(status, -5.1894, QStringLiteral("-5.19%")), qPrintable(describe(status) + op.output()));
        // Plain get unchanged; -o wide has P&L last.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc")});
        QVERIFY2(!r.tableLines().value(0).contains(QStringLiteral("P&L")), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("-o"), QStringLiteral("wide")});
        QVERIFY2(r.tableLines().value(0).endsWith(QStringLiteral("READY P&L")), qPrintable(r.describe()));
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).endsWith(QStringLiteral("True -5.1894")), qPrintable(r.describe()));

        // A price move: P&L follows the value.
        QVERIFY(prices.setPrice(QStringLiteral("bitcoin"), 50000));
        status = statusUntil(sandbox, QStringLiteral("bitcoin-stash"),
                             [](const QJsonObject &s) { return hasProfitLoss(s, 15.0, QStringLiteral("+15.00%")); });
        QVERIFY2(hasProfitLoss(status, 15.0, QStringLiteral("+15.00%")), qPrintable(describe(status) + op.output()));

        // An edited cost basis is followed although the value did not move; a cost basis of 0 has no percentage.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral(R"({"spec":{"costBasis":0}})")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        status = statusUntil(sandbox, QStringLiteral("bitcoin-stash"), [](const QJsonObject &s) {
            return s.value(QStringLiteral("profitLoss")).toDouble(-1) == 115.0 && !s.contains(QStringLiteral("profitLossPercent"));
        });
        QVERIFY2(status.value(QStringLiteral("profitLoss")).toDouble(-1) == 115.0 && !status.contains(QStringLiteral("profitLossPercent")),
                 qPrintable(describe(status)));
        QCOMPARE(status.value(QStringLiteral("value")).toDouble(), 115.0);

        // Without a cost basis there is no P&L at all.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral(R"({"spec":{"costBasis":null}})")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        status = statusUntil(sandbox, QStringLiteral("bitcoin-stash"),
                             [](const QJsonObject &s) { return !s.contains(QStringLiteral("profitLoss")); });
        QVERIFY2(!status.contains(QStringLiteral("profitLoss")) && !status.contains(QStringLiteral("profitLossPercent")),
                 qPrintable(describe(status)));
        QCOMPARE(status.value(QStringLiteral("value")).toDouble(), 115.0);

        // Our CRD refuses a negative cost basis and names the field.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral(R"({"spec":{"costBasis":-1}})")});
        QVERIFY2(!r.succeeded(), qPrintable(r.describe()));
        QVERIFY2(r.standardError.contains(QStringLiteral("spec.costBasis")), qPrintable(r.describe()));
    }

    void theOriginalCrdKeepsItsValue()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"))}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, kCvcWithCostBasis);
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}), qPrintable(op.errorString()));

        const QStringList getCvc{QStringLiteral("get"), QStringLiteral("cvc")};
        r = kubectlUntil(kubectl, getCvc, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));

        // A cost basis that is not a number: the value goes (a spec that makes no sense is not
        // valued) and an Event on the CVC says what to fix.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral(R"({"spec":{"costBasis":"lots"}})")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("--field-selector"),
                                   QStringLiteral("involvedObject.name=bitcoin-stash,reason=InvalidSpec"), QStringLiteral("-o"),
                                   QStringLiteral("jsonpath={.items[*].message}")},
                         [](const KubectlResult &k) { return k.standardOutput.contains(QStringLiteral("spec.costBasis")); }, 20000);
        QVERIFY2(r.standardOutput.contains(QStringLiteral(R"(spec.costBasis is "lots"; it must be the USD paid)")), qPrintable(r.describe() + op.output()));
        r = kubectlUntil(kubectl, getCvc, [](const KubectlResult &k) {
            return !cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(!cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QLatin1Char('$')), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorProfitLoss)
#include "tst_operatorprofitloss.moc"
