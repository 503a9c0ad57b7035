#include "dashboard/cointotalsmodel.h"
#include "dashboard/holdingsmodel.h"
#include "kube/objectcache.h"
#include "dashboard/portfolio.h"

#include <QSignalSpy>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;

namespace {

QJsonObject valued(const QString &name, const QString &coin, double amount, const QString &value, const QString &change24h)
{
    return {{"apiVersion", "crypto.tools/v1"},
            {"kind", "CryptoValueCalculator"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", "default"}, {"annotations", QJsonObject{{"value", value}}}}},
            {"spec", QJsonObject{{"coin", coin}, {"amount", amount}}},
            {"status", QJsonObject{{"price", 1}, {"change24h", change24h}}}};
}

} // namespace

class TestPortfolio : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void totalsPerCoinAnd24hChange()
    {
        ObjectCache cache;
        HoldingsModel model;
        model.setCache(&cache);
        Portfolio portfolio(&model);
        CoinTotalsModel totals(&portfolio);
        QSignalSpy changed(&portfolio, &Portfolio::changed);
        cache.applyEvent("ADDED", valued("a", "bitcoin", 1, "$110.0000", "+10.00%"));
        cache.applyEvent("ADDED", valued("b", "bitcoin", 2, "$90.0000", "-10.00%"));
        cache.applyEvent("ADDED", valued("c", "ethereum", 3, "$50.0000", ""));
        // Three changes, one recomputation.
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(portfolio.total(), 250.0);
        QCOMPARE(Portfolio::formatUsd(portfolio.total()), QStringLiteral("$250.0000"));
        // 24 h ago: 100 + 100 + 50 (no change known) = 250 → 0 %.
        QVERIFY(portfolio.hasChange24h());
        QCOMPARE(portfolio.change24hPercent(), 0.0);
        QCOMPARE(totals.rowCount(), 2);
        QCOMPARE(totals.index(0, CoinTotalsModel::CoinColumn).data().toString(), QStringLiteral("bitcoin"));
        QCOMPARE(totals.index(0, CoinTotalsModel::AmountColumn).data().toString(), QStringLiteral("3"));
        QCOMPARE(totals.index(0, CoinTotalsModel::ValueColumn).data().toString(), QStringLiteral("$200.0000"));
        QCOMPARE(totals.index(0, CoinTotalsModel::ShareColumn).data().toString(), QStringLiteral("80.0%"));

        // A tick that changes values only is dataChanged, not a reset.
        QSignalSpy resets(&totals, &QAbstractItemModel::modelReset);
        QSignalSpy dataChanged(&totals, &QAbstractItemModel::dataChanged);
        cache.applyEvent("MODIFIED", valued("c", "ethereum", 3, "$60.0000", "+20.00%"));
        QTRY_COMPARE(dataChanged.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(totals.index(1, CoinTotalsModel::ValueColumn).data().toString(), QStringLiteral("$60.0000"));
        // 24 h ago: 100 + 100 + 50 = 250; now 260 → +4 %.
        QCOMPARE(QString::number(portfolio.change24hPercent(), 'f', 2), QStringLiteral("4.00"));
    }
};

QTEST_MAIN(TestPortfolio)
#include "tst_portfolio.moc"
