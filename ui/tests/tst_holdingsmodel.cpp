#include "holdingsmodel.h"
#include "holdingsproxymodel.h"

#include "objectcache.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;

namespace {

QJsonObject cvcObject(const QString &name, const QString &coin, double amount, const QString &value = {},
                      const QString &rv = QStringLiteral("1"))
{
    QJsonObject metadata{{"name", name}, {"namespace", "default"}, {"uid", QString("uid-" + name)},
                         {"resourceVersion", rv}, {"generation", 1}};
    QJsonObject object{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"},
                       {"spec", QJsonObject{{"coin", coin}, {"amount", amount}}}};
    if (!value.isEmpty()) {
        metadata.insert("annotations", QJsonObject{{"value", value}});
        object.insert("status", QJsonObject{
            {"price", 41222}, {"value", value.mid(1).toDouble()}, {"change", "+1.25%"}, {"change24h", "-0.40%"},
            {"lastUpdated", "2026-11-24T01:02:03Z"}, {"observedGeneration", 1},
            {"conditions", QJsonArray{QJsonObject{{"type", "Ready"}, {"status", "True"}, {"reason", "Valued"},
                                                  {"message", "valued at $41222"}}}}});
    }
    object.insert("metadata", metadata);
    return object;
}

} // namespace

class TestHoldingsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTheCacheWithoutResets()
    {
        ObjectCache cache;
        cache.replaceAll({cvcObject("btc", "bitcoin", 0.0023, "$94.8106")}, "1");
        HoldingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCache(&cache);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$94.8106"));
        QCOMPARE(model.index(0, HoldingsModel::AmountColumn).data().toString(), QStringLiteral("0.0023"));
        QCOMPARE(model.index(0, HoldingsModel::PriceColumn).data().toString(), QStringLiteral("$41222"));
        QCOMPARE(model.index(0, HoldingsModel::StateColumn).data().toString(), QStringLiteral("fresh"));
        QCOMPARE(model.index(0, HoldingsModel::StateColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Valued: valued at $41222"));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        cache.applyEvent("ADDED", cvcObject("eth", "ethereum", 2));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.index(1, HoldingsModel::StateColumn).data().toString(), QStringLiteral("pending"));

        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "2"));
        QCOMPARE(changed.count(), 1);
        const auto args = changed.first();
        QCOMPARE(args.at(0).value<QModelIndex>().column(), int(HoldingsModel::ValueColumn));
        QCOMPARE(args.at(1).value<QModelIndex>().column(), int(HoldingsModel::ValueColumn));
        QCOMPARE(model.index(0, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$95.0000"));

        // A new resourceVersion with nothing visible repaints nothing.
        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "3"));
        QCOMPARE(changed.count(), 1);

        cache.applyEvent("DELETED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "4"));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf("default/eth"), 0);
        QCOMPARE(model.index(0, HoldingsModel::NameColumn).data().toString(), QStringLiteral("eth"));
        QCOMPARE(resets.count(), 0);
    }

    void aTickRepaintsOnlyWhatItChanged()
    {
        ObjectCache cache;
        cache.replaceAll({cvcObject("btc", "bitcoin", 0.0023, "$94.8106")}, "1");
        HoldingsModel model;
        model.setCache(&cache);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // The same content under a new resourceVersion, as a relist or a no-op write brings it.
        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$94.8106", "2"));
        QCOMPARE(changed.count(), 0);

        // A status write: price, change, time and the Ready message move; name…amount do not.
        QJsonObject ticked = cvcObject("btc", "bitcoin", 0.0023, "$94.8106", "3");
        QJsonObject status = ticked["status"].toObject();
        status["price"] = 41300;
        status["lastUpdated"] = "2026-11-24T01:03:03Z";
        status["conditions"] = QJsonArray{QJsonObject{{"type", "Ready"}, {"status", "True"}, {"reason", "Valued"},
                                                      {"message", "valued at $41300"}}};
        ticked["status"] = status;
        cache.applyEvent("MODIFIED", ticked);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(HoldingsModel::PriceColumn));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(), int(HoldingsModel::StateColumn));
        QCOMPARE(model.index(0, HoldingsModel::PriceColumn).data().toString(), QStringLiteral("$41300"));
        QCOMPARE(model.index(0, HoldingsModel::UpdatedColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("2026-11-24T01:03:03Z"));
        // The value's tooltip is the state's reason, so it follows the new message.
        QCOMPARE(model.index(0, HoldingsModel::ValueColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Valued: valued at $41300"));
    }

    void proxyFollowsValuesOncePerPass()
    {
        ObjectCache cache;
        cache.replaceAll({cvcObject("a", "bitcoin", 1, "$10.0000"), cvcObject("b", "bitcoin", 1, "$20.0000"),
                          cvcObject("c", "bitcoin", 1, "$30.0000")}, "1");
        HoldingsModel model;
        model.setCache(&cache);
        HoldingsProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(HoldingsModel::ValueColumn, Qt::DescendingOrder);
        const auto names = [&proxy] {
            QStringList out;
            for (int row = 0; row < proxy.rowCount(); ++row)
                out << proxy.index(row, HoldingsModel::NameColumn).data().toString();
            return out;
        };
        QCOMPARE(names(), (QStringList{"c", "b", "a"}));

        QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
        cache.applyEvent("MODIFIED", cvcObject("a", "bitcoin", 1, "$40.0000", "2"));
        cache.applyEvent("MODIFIED", cvcObject("c", "bitcoin", 1, "$5.0000", "3"));
        QCOMPARE(proxy.index(0, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$5.0000"));
        QTRY_COMPARE(names(), (QStringList{"a", "b", "c"}));
        QCOMPARE(layouts.count(), 1);

        // New rows land sorted (in the same pass as changed ones).
        cache.applyEvent("ADDED", cvcObject("d", "bitcoin", 1, "$25.0000"));
        QTRY_COMPARE(names(), (QStringList{"a", "d", "b", "c"}));

        // A new cache (a reset) comes sorted.
        ObjectCache other;
        other.replaceAll({cvcObject("x", "bitcoin", 1, "$1.0000"), cvcObject("y", "bitcoin", 1, "$2.0000")}, "1");
        model.setCache(&other);
        QCOMPARE(names(), (QStringList{"y", "x"}));
        model.setCache(&cache);
        QCOMPARE(names(), (QStringList{"a", "d", "b", "c"}));

        // The filter follows a changed coin.
        proxy.setFilterFixedString("ether");
        QCOMPARE(proxy.rowCount(), 0);
        cache.applyEvent("MODIFIED", cvcObject("b", "ethereum", 1, "$20.0000", "4"));
        QTRY_COMPARE(names(), (QStringList{"b"}));
    }

    void statesComeFromConditions()
    {
        QJsonObject stale = cvcObject("btc", "bitcoin", 1, "$1.0000");
        QJsonObject status = stale["status"].toObject();
        status["conditions"] = QJsonArray{QJsonObject{{"type", "PriceStale"}, {"status", "True"},
                                                      {"reason", "RateLimited"}, {"message", "CoinGecko said 429"}}};
        stale["status"] = status;
        Holding h = Holding::fromObject(stale);
        QCOMPARE(h.state, Holding::State::Stale);
        QCOMPARE(h.stateReason, QStringLiteral("RateLimited: CoinGecko said 429"));

        status["conditions"] = QJsonArray{QJsonObject{{"type", "InvalidSpec"}, {"status", "True"},
                                                      {"reason", "UnknownCoin"}, {"message", "no price for x"}}};
        stale["status"] = status;
        QCOMPARE(Holding::fromObject(stale).state, Holding::State::Invalid);

        QJsonObject edited = cvcObject("btc", "bitcoin", 1, "$1.0000");
        QJsonObject metadata = edited["metadata"].toObject();
        metadata["generation"] = 2;
        edited["metadata"] = metadata;
        QCOMPARE(Holding::fromObject(edited).state, Holding::State::Pending);
    }
};

QTEST_MAIN(TestHoldingsModel)
#include "tst_holdingsmodel.moc"
