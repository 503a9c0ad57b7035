// CHANGE as ../shared/cvc-contract.md defines it, end to end (issue 10): the market move at the
// last price change, price / previousPrice - 1. One price move, then three ticks with an
// unchanged price (CoinGecko's last_updated_at still moves, as the real one's does), then an
// amount edit: status.change and kubectl's CHANGE column show the same percentage throughout.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QtTest>

using namespace cvc::e2e;

namespace {

// The CHANGE cell of `kubectl get cvc` (NAME COIN AMOUNT VALUE CHANGE UPDATED); empty without a row.
QString changeCell(const KubectlResult &r, const QString &name)
{
    return cvcRow(r, name).split(QLatin1Char(' '), Qt::SkipEmptyParts).value(4);
}

} // namespace

class TestOperatorChange : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void changeIsTheLastPriceMove()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}, QStringLiteral("1s")),
                 qPrintable(op.errorString()));

        const QStringList getCvc{QStringLiteral("get"), QStringLiteral("cvc")};
        const auto status = [&kubectl] {
            const KubectlResult k = kubectl.run({QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"),
                                                 QStringLiteral("-o"), QStringLiteral("json")});
            return QJsonDocument::fromJson(k.standardOutput.toUtf8()).object().value(QStringLiteral("status")).toObject();
        };
        // What differs from "+1.89 %, measured from 41222" in status and in the CHANGE column; empty when nothing.
        const auto changeMismatch = [&]() -> QString {
            const QJsonObject s = status();
            if (s.value(QStringLiteral("change")).toString() != QLatin1String("+1.89%")
                || s.value(QStringLiteral("previousPrice")).toDouble() != 41222.0)
                return QStringLiteral("status ") + QString::fromUtf8(QJsonDocument(s).toJson(QJsonDocument::Compact));
            const KubectlResult k = kubectl.run(getCvc);
            if (changeCell(k, QStringLiteral("bitcoin-stash")) != QLatin1String("+1.89%"))
                return k.describe();
            return QString();
        };
        QString mismatch;

        // Valued once: no price move yet, so no CHANGE.
        r = kubectlUntil(kubectl, getCvc, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + op.output()));
        QVERIFY2(!changeCell(r, QStringLiteral("bitcoin-stash")).endsWith(QLatin1Char('%')), qPrintable(r.describe()));
        QVERIFY(!status().contains(QStringLiteral("change")));
        QVERIFY(!status().contains(QStringLiteral("previousPrice")));

        // One price move: 41222 → 42000 is +1.89 %.
        const qint64 movedAt = QDateTime::currentSecsSinceEpoch();
        const auto setBitcoin = [&prices](double usd, qint64 lastUpdatedAt) {
            return prices.setState(QJsonObject{{QStringLiteral("prices"), QJsonObject{{QStringLiteral("bitcoin"), QJsonObject{
                {QStringLiteral("usd"), usd}, {QStringLiteral("last_updated_at"), lastUpdatedAt}}}}}});
        };
        QVERIFY(setBitcoin(42000, movedAt));
        r = kubectlUntil(kubectl, getCvc, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000 +1.89%"));
        }, 15000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$96.6000 +1.89%")), qPrintable(r.describe()));
        mismatch = changeMismatch();
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("after the move: ") + mismatch));

        // Three ticks at the same price, each with a newer price time: each is a new valuation
        // (priceUpdatedAt is written), none is a price move.
        for (int tick = 1; tick <= 3; ++tick) {
            const qint64 at = movedAt + tick;
            QVERIFY(setBitcoin(42000, at));
            const QString atText = QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate);
            QTRY_COMPARE_WITH_TIMEOUT(status().value(QStringLiteral("priceUpdatedAt")).toString(), atText, 15000);
            mismatch = changeMismatch();
            QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("unchanged tick %1: %2").arg(tick).arg(mismatch)));
        }

        // An amount edit (0.0023 → 0.5) moves the value 217-fold and the market not at all.
        r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                         QStringLiteral("-p"), QStringLiteral("{\"spec\":{\"amount\":0.5}}")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectlUntil(kubectl, getCvc, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$21000.0000"));
        }, 10000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$21000.0000")), qPrintable(r.describe()));
        QTRY_COMPARE_WITH_TIMEOUT(status().value(QStringLiteral("observedGeneration")).toInt(), 2, 5000);
        QCOMPARE(status().value(QStringLiteral("previousValue")).toDouble(), 96.6);
        mismatch = changeMismatch();
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("after the amount edit: ") + mismatch));
        // And the tick after the edit leaves it too.
        QVERIFY(setBitcoin(42000, movedAt + 4));
        QTRY_COMPARE_WITH_TIMEOUT(status().value(QStringLiteral("priceUpdatedAt")).toString(),
                                  QDateTime::fromSecsSinceEpoch(movedAt + 4, Qt::UTC).toString(Qt::ISODate), 15000);
        mismatch = changeMismatch();
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("tick after the amount edit: ") + mismatch));

        QCOMPARE(op.terminate(5000), 0);
    }
};

QTEST_GUILESS_MAIN(TestOperatorChange)
#include "tst_operatorchange.moc"
