#include "history/historystore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace cvc;

class TestHistoryStore : public QObject
{
    Q_OBJECT

private:
    QDateTime at(int minutes) const { return m_t0.addSecs(minutes * 60); }
    HistorySample sample(const QString &key, int minutes, double amount, double price) const
    {
        return {at(minutes), key, QStringLiteral("uid-") + key, QStringLiteral("bitcoin"), amount, price,
                amount * price};
    }

    QTemporaryDir m_dir;
    QDateTime m_t0 = QDateTime(QDate(2026, 11, 1), QTime(12, 0), Qt::UTC);

private Q_SLOTS:
    void createsVersionedWalSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("schema.sqlite"));
        {
            HistoryStore store;
            QVERIFY2(store.open(path), qPrintable(store.errorString()));
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
            QCOMPARE(query.value(0).toInt(), HistoryStore::schemaVersion);
            QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("check"));

        HistoryStore newer;
        QVERIFY(!newer.open(path));
        QVERIFY2(newer.errorString().contains(QStringLiteral("newer version")), qPrintable(newer.errorString()));
    }

    void seriesOfOneCvcIsDownsampled()
    {
        HistoryStore store;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("series.sqlite"))));
        QSignalSpy added(&store, &HistoryStore::samplesAdded);
        // A sample every 20 s for 10 minutes: 30 samples, 10 one-minute buckets in the 1h range.
        for (int i = 0; i < 30; ++i) {
            HistorySample s = sample(QStringLiteral("default/btc"), 0, 0.5, 100 + i);
            s.time = m_t0.addSecs(i * 20);
            s.value = 0.5 * (100 + i);
            QVERIFY(store.addSample(s));
        }
        QCOMPARE(added.count(), 30);
        const auto points = store.series(QStringLiteral("default/btc"), HistoryRange::Hour, at(10));
        QCOMPARE(points.size(), 10);
        // Each bucket holds the mean of its three samples.
        QCOMPARE(points.first().value, 0.5 * 101);
        QCOMPARE(points.last().value, 0.5 * 128);
        QVERIFY(points.first().time < points.last().time);
        QCOMPARE(store.series(QStringLiteral("default/btc"), HistoryRange::Day, at(10)).size(), 1);
        QVERIFY(store.series(QStringLiteral("default/other"), HistoryRange::Day, at(10)).isEmpty());
    }

    void aNamespaceTotalCountsItsOwnCvcs()
    {
        HistoryStore store;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("namespaces.sqlite"))));
        QVERIFY(store.addSample(sample(QStringLiteral("team-a/x"), 0, 1, 100)));
        QVERIFY(store.addSample(sample(QStringLiteral("team-ab/y"), 1, 1, 10)));   // a longer name, not team-a
        QVERIFY(store.addSample(sample(QStringLiteral("team-b/z"), 2, 1, 5000)));
        QVERIFY(store.addSample(sample(QStringLiteral("team-a/x"), 3, 1, 200)));
        const auto a = store.totalSeries(HistoryRange::Hour, at(10), QStringLiteral("team-a"));
        QCOMPARE(a.size(), 2);
        QCOMPARE(a.at(0).value, 100.0);
        QCOMPARE(a.at(1).value, 200.0);
        const auto b = store.totalSeries(HistoryRange::Hour, at(10), QStringLiteral("team-b"));
        QCOMPARE(b.size(), 1);
        QCOMPARE(b.at(0).value, 5000.0);
        const auto all = store.totalSeries(HistoryRange::Hour, at(10));
        QCOMPARE(all.size(), 4);
        QCOMPARE(all.at(3).value, 5210.0);
    }

    void totalCarriesValuesForwardUntilDeleted()
    {
        HistoryStore store;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("total.sqlite"))));
        QVERIFY(store.addSample(sample(QStringLiteral("a/x"), 0, 1, 100)));
        QVERIFY(store.addSample(sample(QStringLiteral("a/y"), 1, 1, 10)));
        QVERIFY(store.addSample(sample(QStringLiteral("a/x"), 2, 1, 200)));
        QVERIFY(store.markDeleted(QStringLiteral("a/y"), at(3)));
        QVERIFY(store.addSample(sample(QStringLiteral("a/x"), 4, 1, 300)));
        const auto points = store.totalSeries(HistoryRange::Hour, at(10));
        QCOMPARE(points.size(), 4);
        QCOMPARE(points.at(0).value, 100.0);
        QCOMPARE(points.at(1).value, 110.0);  // y joins
        QCOMPARE(points.at(2).value, 210.0);  // x moves, y carried forward
        QCOMPARE(points.at(3).value, 300.0);  // y was deleted
        // The deleted CVC's own history stays until cleared.
        QCOMPARE(store.deletedKeys(), QStringList{QStringLiteral("a/y")});
        QCOMPARE(store.series(QStringLiteral("a/y"), HistoryRange::Hour, at(10)).size(), 1);
        QSignalSpy cleared(&store, &HistoryStore::historyCleared);
        QVERIFY(store.clear(QStringLiteral("a/y")));
        QCOMPARE(cleared.count(), 1);
        QCOMPARE(store.keys(), QStringList{QStringLiteral("a/x")});
        QCOMPARE(store.sampleCount(QStringLiteral("a/y")), 0);
    }

    void backfillUsesAmountInEffect()
    {
        HistoryStore store;
        QVERIFY(store.open(m_dir.filePath(QStringLiteral("backfill.sqlite"))));
        const QString key = QStringLiteral("default/btc");
        QVERIFY(store.addSample(sample(key, 0, 2, 100)));
        // The amount changed to 3 at minute 30 while the app was closed.
        QVERIFY(store.recordAmount(key, QStringLiteral("uid-") + key, QStringLiteral("bitcoin"), 3, at(30)));
        const auto gaps = store.gaps(at(60), 5 * 60 * 1000, 24 * 3600 * 1000);
        QCOMPARE(gaps.size(), 1);
        QCOMPARE(gaps.first().key, key);
        QCOMPARE(gaps.first().coin, QStringLiteral("bitcoin"));
        QCOMPARE(gaps.first().from, at(0));
        QCOMPARE(gaps.first().to, at(60));

        QList<QPair<QDateTime, double>> prices;
        for (int m = 0; m <= 60; m += 10)
            prices.append({at(m), 1000.0 + m});
        // Minute 0 is already sampled: 10..60 are written.
        QCOMPARE(store.backfill(key, prices), 6);
        const auto points = store.series(key, HistoryRange::Hour, at(60));
        QCOMPARE(points.size(), 7);
        QCOMPARE(points.at(0).value, 200.0);
        QCOMPARE(points.at(1).value, 2 * 1010.0);
        QCOMPARE(points.at(2).value, 2 * 1020.0);
        QCOMPARE(points.at(3).value, 3 * 1030.0);
        QCOMPARE(points.at(5).value, 3 * 1050.0);
        // A second backfill of the same stretch writes nothing twice.
        QCOMPARE(store.backfill(key, prices), 0);
        QVERIFY(store.gaps(at(61), 5 * 60 * 1000, 24 * 3600 * 1000).isEmpty());
        QCOMPARE(store.gaps(at(70), 5 * 60 * 1000, 24 * 3600 * 1000).size(), 1);
        QVERIFY(store.markDeleted(key, at(71)));
        QVERIFY(store.gaps(at(80), 5 * 60 * 1000, 24 * 3600 * 1000).isEmpty());
    }

    void survivesReopen()
    {
        const QString path = m_dir.filePath(QStringLiteral("reopen.sqlite"));
        {
            HistoryStore store;
            QVERIFY(store.open(path));
            QVERIFY(store.addSample(sample(QStringLiteral("n/a"), 0, 1, 5)));
        }
        HistoryStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.sampleCount(), 1);
        QVERIFY(store.clearAll());
        QCOMPARE(store.sampleCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
