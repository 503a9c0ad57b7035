#include "dashboard/holdingsmodel.h"
#include "dashboard/holdingsproxymodel.h"
#include "holdingsview.h"

#include "kube/objectcache.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QJsonArray>
#include <QScrollBar>
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


// The same CVC after a tick: a new `value` annotation (first event) and a new price (second).
QJsonObject withPrice(QJsonObject object, double price)
{
    QJsonObject status = object["status"].toObject();
    status["price"] = price;
    object["status"] = status;
    return object;
}

QString cvcName(int i)
{
    return QStringLiteral("cvc-%1").arg(i, 3, 10, QLatin1Char('0'));
}

// `count` CVCs cvc-000… of one bitcoin each, valued $firstValue, $firstValue+1, …
void loadCvcs(ObjectCache &cache, int count, int firstValue)
{
    QList<QJsonObject> loaded;
    for (int i = 0; i < count; ++i)
        loaded << cvcObject(cvcName(i), "bitcoin", 1, QStringLiteral("$%1.0000").arg(firstValue + i));
    cache.replaceAll(loaded, "1");
}

// A model, checked by QAbstractItemModelTester, over `count` loaded CVCs (see loadCvcs).
struct TestedModel
{
    TestedModel(int count, int firstValue)
        : tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {
        loadCvcs(cache, count, firstValue);
        model.setCache(&cache);
        holdingsChanged.clear();   // counts from the first change after the load
    }

    ObjectCache cache;
    HoldingsModel model;
    QAbstractItemModelTester tester;
    QSignalSpy holdingsChanged{&model, &HoldingsModel::holdingsChanged};
};

// The cells the dataChanged signals in `spy` cover, as row * ColumnCount + column.
QSet<int> coveredCells(const QSignalSpy &spy)
{
    QSet<int> cells;
    for (const QList<QVariant> &args : spy) {
        const QModelIndex topLeft = args.at(0).value<QModelIndex>();
        const QModelIndex bottomRight = args.at(1).value<QModelIndex>();
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            for (int column = topLeft.column(); column <= bottomRight.column(); ++column)
                cells.insert(row * HoldingsModel::ColumnCount + column);
        }
    }
    return cells;
}

// Fails unless the table holds exactly the cache's objects, each once, and shows their values.
void compareWithCache(const HoldingsModel &model, const ObjectCache &cache)
{
    QCOMPARE(model.rowCount(), cache.size());
    QStringList keys;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString key = model.index(row, 0).data(HoldingsModel::KeyRole).toString();
        keys << key;
        QVERIFY2(cache.contains(key), qPrintable(key));
        QCOMPARE(model.rowOf(key), row);
        const QJsonObject metadata = cache.object(key)["metadata"].toObject();
        // The row shows the cache's latest version of the object, not an older one.
        QCOMPARE(model.holdingAt(row).resourceVersion, metadata["resourceVersion"].toString());
        QCOMPARE(model.index(row, HoldingsModel::NameColumn).data().toString(), metadata["name"].toString());
        QCOMPARE(model.index(row, HoldingsModel::ValueColumn).data().toString(),
                 metadata["annotations"].toObject()["value"].toString());
    }
    keys.sort();
    QStringList expected = cache.keys();
    expected.sort();
    QCOMPARE(keys, expected);
}

} // namespace

class TestHoldingsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }   // prices are shown with the locale's separators

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
        QCOMPARE(model.index(0, HoldingsModel::PriceColumn).data().toString(), QStringLiteral("$41222.00"));
        QCOMPARE(model.index(0, HoldingsModel::StateColumn).data().toString(), QStringLiteral("fresh"));
        QCOMPARE(model.index(0, HoldingsModel::StateColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Valued: valued at $41222"));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        cache.applyEvent("ADDED", cvcObject("eth", "ethereum", 2));
        QTRY_COMPARE(inserted.count(), 1);
        QCOMPARE(model.index(1, HoldingsModel::StateColumn).data().toString(), QStringLiteral("pending"));

        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "2"));
        QTRY_COMPARE(changed.count(), 1);
        const auto args = changed.first();
        QCOMPARE(args.at(0).value<QModelIndex>().column(), int(HoldingsModel::ValueColumn));
        QCOMPARE(args.at(1).value<QModelIndex>().column(), int(HoldingsModel::ValueColumn));
        QCOMPARE(model.index(0, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$95.0000"));

        // A new resourceVersion with nothing visible repaints nothing.
        QSignalSpy holdingsChanged(&model, &HoldingsModel::holdingsChanged);
        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "3"));
        QVERIFY(holdingsChanged.wait(5000));
        QCOMPARE(model.holdingAt(model.rowOf("default/btc")).resourceVersion, QStringLiteral("3"));
        QCOMPARE(changed.count(), 1);

        cache.applyEvent("DELETED", cvcObject("btc", "bitcoin", 0.0023, "$95.0000", "4"));
        QTRY_COMPARE(removed.count(), 1);
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
        QSignalSpy holdingsChanged(&model, &HoldingsModel::holdingsChanged);

        // The same content under a new resourceVersion, as a relist or a no-op write brings it.
        cache.applyEvent("MODIFIED", cvcObject("btc", "bitcoin", 0.0023, "$94.8106", "2"));
        QVERIFY(holdingsChanged.wait(5000));
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
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().column(), int(HoldingsModel::PriceColumn));
        QCOMPARE(changed.first().at(1).value<QModelIndex>().column(), int(HoldingsModel::StateColumn));
        QCOMPARE(model.index(0, HoldingsModel::PriceColumn).data().toString(), QStringLiteral("$41300.00"));
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
        QTRY_COMPARE(names(), (QStringList{"a", "b", "c"}));
        QCOMPARE(proxy.index(2, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$5.0000"));
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

    void aBurstInOneTurnIsOnePassWithRangedChanges()
    {
        TestedModel tested(12, 10);
        QSignalSpy changed(&tested.model, &QAbstractItemModel::dataChanged);

        // Every row but two a tick changes: the annotation, then the status with the price. The
        // rows left alone split the changed ones into runs (the cache decides the row order).
        const QSet<int> untouchedRows{3, 7};
        QSet<int> expectedCells;
        int runs = 0;
        int rv = 100;
        for (int row = 0; row < tested.model.rowCount(); ++row) {
            if (untouchedRows.contains(row))
                continue;
            if (row == 0 || untouchedRows.contains(row - 1))
                ++runs;
            const QJsonObject before = tested.cache.object(tested.model.holdingAt(row).key);
            const QJsonObject meta = before["metadata"].toObject();
            const QString value = QStringLiteral("$%1.5000").arg(row);
            const QJsonObject annotated = cvcObject(meta["name"].toString(), "bitcoin", before["spec"]["amount"].toDouble(),
                                                    value, QString::number(++rv));
            tested.cache.applyEvent("MODIFIED", annotated);
            tested.cache.applyEvent("MODIFIED", withPrice(annotated, 41300));
            for (int column = HoldingsModel::PriceColumn; column <= HoldingsModel::ValueColumn; ++column)
                expectedCells.insert(row * HoldingsModel::ColumnCount + column);
        }
        QVERIFY(tested.holdingsChanged.wait(5000));
        QCOMPARE(tested.holdingsChanged.count(), 1);
        // One signal per run of adjacent rows, covering the price and value of the changed rows only.
        QCOMPARE(changed.count(), runs);
        QCOMPARE(coveredCells(changed), expectedCells);
        for (int row = 0; row < tested.model.rowCount(); ++row) {
            const bool touched = !untouchedRows.contains(row);
            QCOMPARE(tested.model.index(row, HoldingsModel::PriceColumn).data().toString(),
                     touched ? QStringLiteral("$41300.00") : QStringLiteral("$41222.00"));
            if (touched)
                QCOMPARE(tested.model.index(row, HoldingsModel::ValueColumn).data().toString(), QStringLiteral("$%1.5000").arg(row));
        }
        compareWithCache(tested.model, tested.cache);
    }

    void insertsRemovalsAndChangesInOneTurnEndEqualToTheCache()
    {
        TestedModel tested(10, 0);
        QSignalSpy inserted(&tested.model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&tested.model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy resets(&tested.model, &QAbstractItemModel::modelReset);

        const auto nameAt = [&tested](int row) { return tested.model.index(row, HoldingsModel::NameColumn).data().toString(); };
        // Rows 2, 3 and 4 (one run) and 8 go; 0 and 6 change; two new CVCs come, a third comes
        // and goes within the turn.
        const QStringList gone{nameAt(2), nameAt(3), nameAt(4), nameAt(8)};
        const QStringList changedNames{nameAt(0), nameAt(6)};
        for (const QString &name : gone)
            tested.cache.applyEvent("DELETED", tested.cache.object("default/" + name));
        tested.cache.applyEvent("ADDED", cvcObject("new-1", "ethereum", 2, "$1.0000", "50"));
        tested.cache.applyEvent("ADDED", cvcObject("brief", "ethereum", 2, "$1.0000", "51"));
        for (const QString &name : changedNames)
            tested.cache.applyEvent("MODIFIED", cvcObject(name, "bitcoin", 1, "$999.0000", "52"));
        tested.cache.applyEvent("DELETED", cvcObject("brief", "ethereum", 2, "$1.0000", "53"));
        tested.cache.applyEvent("ADDED", cvcObject("new-2", "dogecoin", 3, "$2.0000", "54"));
        QVERIFY(tested.holdingsChanged.wait(5000));

        QCOMPARE(tested.holdingsChanged.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 2);    // rows 2…4 together, row 8 alone
        QCOMPARE(inserted.count(), 1);   // both new rows at once, in arrival order
        QCOMPARE(inserted.first().at(2).toInt() - inserted.first().at(1).toInt(), 1);
        QCOMPARE(nameAt(tested.model.rowCount() - 2), QStringLiteral("new-1"));
        QCOMPARE(nameAt(tested.model.rowCount() - 1), QStringLiteral("new-2"));
        QCOMPARE(tested.model.rowOf("default/brief"), -1);
        for (const QString &name : gone)
            QCOMPARE(tested.model.rowOf("default/" + name), -1);
        for (const QString &name : changedNames)
            QCOMPARE(tested.model.index(tested.model.rowOf("default/" + name), HoldingsModel::ValueColumn).data().toString(),
                     QStringLiteral("$999.0000"));
        compareWithCache(tested.model, tested.cache);
    }

    void deletedAndAddedAgainInOneTurnIsAChangedRow()
    {
        ObjectCache cache;
        cache.replaceAll({cvcObject("a", "bitcoin", 1, "$1.0000"), cvcObject("b", "bitcoin", 1, "$2.0000"),
                          cvcObject("c", "bitcoin", 1, "$3.0000")}, "1");
        HoldingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCache(&cache);
        const int row = model.rowOf("default/b");
        QSignalSpy holdingsChanged(&model, &HoldingsModel::holdingsChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // kubectl replace --force: the old object goes, a new one (new uid) of the same name comes.
        cache.applyEvent("DELETED", cache.object("default/b"));
        QJsonObject recreated = cvcObject("b", "ethereum", 4, "$12383.0400", "7");
        QJsonObject metadata = recreated["metadata"].toObject();
        metadata["uid"] = "uid-b-2";
        recreated["metadata"] = metadata;
        cache.applyEvent("ADDED", recreated);
        QVERIFY(holdingsChanged.wait(5000));

        QCOMPARE(removed.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowOf("default/b"), row);
        QCOMPARE(model.holdingAt(row).uid, QStringLiteral("uid-b-2"));
        QCOMPARE(model.index(row, HoldingsModel::CoinColumn).data().toString(), QStringLiteral("ethereum"));
        QCOMPARE(model.index(row, HoldingsModel::AmountColumn).data().toString(), QStringLiteral("4"));
        QCOMPARE(coveredCells(changed), (QSet<int>{row * HoldingsModel::ColumnCount + HoldingsModel::CoinColumn,
                                                   row * HoldingsModel::ColumnCount + HoldingsModel::AmountColumn,
                                                   row * HoldingsModel::ColumnCount + HoldingsModel::PriceColumn,
                                                   row * HoldingsModel::ColumnCount + HoldingsModel::ValueColumn}));
        compareWithCache(model, cache);

        // The other way round: added and deleted within one turn leaves no trace.
        cache.applyEvent("DELETED", cache.object("default/c"));
        cache.applyEvent("ADDED", cvcObject("c", "bitcoin", 1, "$3.0000", "9"));
        cache.applyEvent("DELETED", cache.object("default/c"));
        QVERIFY(holdingsChanged.wait(5000));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 0);
        compareWithCache(model, cache);
    }

    void selectionCurrentAndScrollSurviveATick()
    {
        ObjectCache cache;
        loadCvcs(cache, 300, 1000);
        HoldingsModel model;
        model.setCache(&cache);
        HoldingsProxyModel proxy;
        proxy.setSourceModel(&model);
        HoldingsView view;
        view.setModel(&proxy);   // sorted by name
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString selected = QStringLiteral("default/") + cvcName(150);
        view.selectKey(selected);
        view.scrollTo(view.currentIndex(), QAbstractItemView::PositionAtCenter);
        const int scroll = view.verticalScrollBar()->value();
        QVERIFY(scroll > 0);
        QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
        QSignalSpy holdingsChanged(&model, &HoldingsModel::holdingsChanged);

        // A tick that reverses the order of values: every row changes, two events each.
        const auto tick = [&cache](int rv) {
            for (int i = 0; i < 300; ++i) {
                const QJsonObject annotated = cvcObject(cvcName(i), "bitcoin", 1, QStringLiteral("$%1.0000").arg(5000 - i),
                                                        QString::number(++rv));
                cache.applyEvent("MODIFIED", annotated);
                cache.applyEvent("MODIFIED", withPrice(annotated, 40000 + rv));
            }
        };
        tick(1000);
        QVERIFY(holdingsChanged.wait(5000));
        QTRY_COMPARE(view.currentIndex().siblingAtColumn(HoldingsModel::ValueColumn).data().toString(),
                     QStringLiteral("$4850.0000"));
        QCOMPARE(view.selectedKeys(), QStringList{selected});
        QCOMPARE(view.currentKey(), selected);
        QCOMPARE(view.verticalScrollBar()->value(), scroll);

        // Sorted by value the selected row moves with its CVC; the selection follows it.
        view.sortByColumn(HoldingsModel::ValueColumn, Qt::DescendingOrder);
        const auto firstName = [&proxy] { return proxy.index(0, HoldingsModel::NameColumn).data().toString(); };
        QCOMPARE(firstName(), cvcName(0));
        tick(2000);
        // Now the smallest values went to the top of the tick before: reverse again.
        for (int i = 0; i < 300; ++i)
            cache.applyEvent("MODIFIED", cvcObject(cvcName(i), "bitcoin", 1, QStringLiteral("$%1.0000").arg(1000 + i),
                                                   QString::number(3000 + i)));
        QTRY_COMPARE(firstName(), cvcName(299));
        QCOMPARE(view.selectedKeys(), QStringList{selected});
        QCOMPARE(view.currentKey(), selected);
        QCOMPARE(view.currentIndex().siblingAtColumn(HoldingsModel::ValueColumn).data().toString(),
                 QStringLiteral("$1150.0000"));
        QCOMPARE(resets.count(), 0);
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
