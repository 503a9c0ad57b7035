#include "objectcache.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace cvc;

static QJsonObject obj(const QString &ns, const QString &name, const QString &rv, int amount = 1)
{
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("namespace"), ns},
                                                                {QStringLiteral("name"), name},
                                                                {QStringLiteral("resourceVersion"), rv}}},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("amount"), amount}}}};
}

class TestObjectCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keys()
    {
        QCOMPARE(ObjectCache::keyOf(obj(QStringLiteral("ns"), QStringLiteral("a"), QStringLiteral("1"))), QStringLiteral("ns/a"));
        QCOMPARE(ObjectCache::keyOf(obj(QString(), QStringLiteral("a"), QStringLiteral("1"))), QStringLiteral("a"));
    }

    // A relist makes the cache equal to the list and reports exactly the difference.
    void relistEmitsDifference()
    {
        ObjectCache cache;
        QSignalSpy added(&cache, &ObjectCache::objectAdded);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        QSignalSpy synced(&cache, &ObjectCache::synced);
        cache.replaceAll({obj("n", "a", "1"), obj("n", "b", "2"), obj("n", "c", "3")}, QStringLiteral("3"));
        QCOMPARE(added.size(), 3);
        QCOMPARE(synced.size(), 1);
        QVERIFY(cache.hasSynced());
        cache.replaceAll({obj("n", "a", "1"), obj("n", "b", "7", 2), obj("n", "d", "8")}, QStringLiteral("8"));
        QCOMPARE(added.size(), 4);
        QCOMPARE(added.last().at(0).toString(), QStringLiteral("n/d"));
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.last().at(0).toString(), QStringLiteral("n/b"));
        QCOMPARE(modified.last().at(1).toJsonObject(), obj("n", "b", "7", 2));
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.last().at(0).toString(), QStringLiteral("n/c"));
        QCOMPARE(cache.size(), 3);
        QCOMPARE(cache.resourceVersion(), QStringLiteral("8"));
    }

    // A list in pages is the same relist: nothing changes until the last page, then exactly
    // the difference; an abandoned list (a failed page) leaves the cache as it was.
    void pagedListIsOneRelist_data()
    {
        QTest::addColumn<int>("storage");
        QTest::newRow("decoded") << int(ObjectCache::Storage::Decoded);
        QTest::newRow("compact") << int(ObjectCache::Storage::Compact);
    }

    void pagedListIsOneRelist()
    {
        QFETCH(int, storage);
        ObjectCache cache;
        cache.setStorage(ObjectCache::Storage(storage));
        cache.replaceAll({obj("n", "a", "1"), obj("n", "b", "2"), obj("n", "c", "3")}, QStringLiteral("3"));
        QSignalSpy added(&cache, &ObjectCache::objectAdded);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        QSignalSpy synced(&cache, &ObjectCache::synced);

        cache.beginList();
        cache.addListPage({obj("n", "a", "1"), obj("n", "b", "7", 2)});
        cache.abandonList();
        QCOMPARE(cache.size(), 3);
        QCOMPARE(cache.object(QStringLiteral("n/b")).value(QStringLiteral("spec")).toObject().value(QStringLiteral("amount")).toInt(), 1);

        cache.beginList();
        cache.addListPage({obj("n", "a", "1"), obj("n", "b", "7", 2)});
        cache.addListPage({obj("n", "d", "8")});
        QCOMPARE(added.size() + modified.size() + deleted.size(), 0);
        cache.finishList(QStringLiteral("8"));
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("n/d"));
        QCOMPARE(added.at(0).at(1).value<QJsonObject>(), obj("n", "d", "8"));
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.at(0).at(1).value<QJsonObject>(), obj("n", "b", "7", 2));
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.at(0).at(0).toString(), QStringLiteral("n/c"));
        QCOMPARE(synced.size(), 1);
        QCOMPARE(cache.resourceVersion(), QStringLiteral("8"));
        QCOMPARE(cache.keys().size(), 3);
    }

    // An object the server has but that cannot be read is known by key and reason until a
    // readable version, its deletion or a relist without it.
    void unreadableObjects()
    {
        ObjectCache cache;
        QSignalSpy unreadable(&cache, &ObjectCache::unreadableChanged);
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        cache.replaceAll({obj("n", "a", "1"), obj("n", "b", "2")}, QStringLiteral("2"));

        // A watch event for b that cannot be read: b is no longer an object anyone may act on.
        cache.setUnreadable(obj("n", "b", "3"), QStringLiteral("too deep"));
        QCOMPARE(deleted.size(), 1);
        QVERIFY(!cache.contains(QStringLiteral("n/b")));
        QCOMPARE(cache.unreadable(), (QHash<QString, QString>{{QStringLiteral("n/b"), QStringLiteral("too deep")}}));
        QCOMPARE(unreadable.size(), 1);
        cache.setUnreadable(obj("n", "b", "4"), QStringLiteral("too deep"));
        QCOMPARE(unreadable.size(), 1);

        // Readable again.
        cache.applyEvent(QStringLiteral("MODIFIED"), obj("n", "b", "5"));
        QVERIFY(cache.unreadable().isEmpty());
        QCOMPARE(unreadable.size(), 2);

        // Found in a paged list: known once the list is complete; gone with a list without it.
        cache.beginList();
        cache.addListPage({obj("n", "a", "1")});
        cache.setUnreadable(obj("n", "c", "6"), QStringLiteral("too deep"));
        QVERIFY(cache.unreadable().isEmpty());
        cache.finishList(QStringLiteral("6"));
        QCOMPARE(cache.unreadable().keys(), QStringList{QStringLiteral("n/c")});
        QVERIFY(!cache.contains(QStringLiteral("n/b")));
        cache.replaceAll({obj("n", "a", "1")}, QStringLiteral("7"));
        QVERIFY(cache.unreadable().isEmpty());

        // Deleted while unreadable.
        cache.setUnreadable(obj("n", "d", "8"), QStringLiteral("too deep"));
        const int before = int(unreadable.size());
        cache.applyEvent(QStringLiteral("DELETED"), obj("n", "d", "9"));
        QVERIFY(cache.unreadable().isEmpty());
        QCOMPARE(unreadable.size(), before + 1);
    }

    void events()
    {
        ObjectCache cache;
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        cache.applyEvent(QStringLiteral("ADDED"), obj("n", "a", "1"));
        cache.applyEvent(QStringLiteral("MODIFIED"), obj("n", "a", "2", 5));
        QCOMPARE(cache.object(QStringLiteral("n/a")).value(QLatin1String("spec")).toObject().value(QLatin1String("amount")).toInt(), 5);
        cache.applyEvent(QStringLiteral("BOOKMARK"), QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("9")}}}});
        QCOMPARE(cache.resourceVersion(), QStringLiteral("9"));
        QCOMPARE(cache.size(), 1);
        cache.applyEvent(QStringLiteral("DELETED"), obj("n", "a", "10"));
        QCOMPARE(cache.size(), 0);
        QCOMPARE(deleted.size(), 1);
        cache.applyEvent(QStringLiteral("DELETED"), obj("n", "a", "11")); // unknown: nothing to report
        QCOMPARE(deleted.size(), 1);
    }

    void connectionState()
    {
        ObjectCache cache;
        QSignalSpy spy(&cache, &ObjectCache::connectionStateChanged);
        ConnectionState s;
        s.phase = ConnectionState::Phase::Reconnecting;
        s.since = QDateTime(QDate(2026, 1, 2), QTime(12, 0, 3), Qt::UTC);
        s.reason = QStringLiteral("watch dropped");
        cache.setConnectionState(s);
        cache.setConnectionState(s);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(cache.connectionState().toString(), QStringLiteral("Reconnecting since 12:00:03 UTC: watch dropped"));
    }

    // What a real API server sends: managedFields on every object. The cache keeps everything
    // else exactly, numbers and nesting included, and reports it the same way.
    void keepsObjectsWithoutManagedFields_data()
    {
        QTest::addColumn<ObjectCache::Storage>("storage");
        QTest::newRow("decoded") << ObjectCache::Storage::Decoded;
        QTest::newRow("compact") << ObjectCache::Storage::Compact;
    }

    void keepsObjectsWithoutManagedFields()
    {
        QFETCH(ObjectCache::Storage, storage);
        QJsonObject o = obj(QStringLiteral("n"), QStringLiteral("a"), QStringLiteral("1"));
        QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
        meta.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("value"), QStringLiteral("$94.8106")}});
        meta.insert(QStringLiteral("managedFields"),
                    QJsonArray{QJsonObject{{QStringLiteral("manager"), QStringLiteral("kubectl")},
                                           {QStringLiteral("operation"), QStringLiteral("Apply")}}});
        o.insert(QStringLiteral("metadata"), meta);
        o.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("amount"), 0.0023},
                                                     {QStringLiteral("coin"), QStringLiteral("bitcoin")},
                                                     {QStringLiteral("extra"), QJsonObject{{QStringLiteral("deep"), QJsonArray{1, 2.5, true}}}}});
        QJsonObject expected = o;
        meta.remove(QStringLiteral("managedFields"));
        expected.insert(QStringLiteral("metadata"), meta);

        ObjectCache cache;
        cache.setStorage(storage);
        QSignalSpy added(&cache, &ObjectCache::objectAdded);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        cache.applyEvent(QStringLiteral("ADDED"), o);
        QCOMPARE(cache.object(QStringLiteral("n/a")), expected);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(1).toJsonObject(), expected);
        QCOMPARE(cache.objects(), QList<QJsonObject>{expected});
        // Only managedFields differ: no change to report.
        meta.insert(QStringLiteral("managedFields"), QJsonArray{});
        o.insert(QStringLiteral("metadata"), meta);
        cache.applyEvent(QStringLiteral("MODIFIED"), o);
        QCOMPARE(modified.size(), 0);
        QVERIFY(cache.object(QStringLiteral("n/missing")).isEmpty());
        // Switching storage keeps every object as it was.
        cache.setStorage(storage == ObjectCache::Storage::Compact ? ObjectCache::Storage::Decoded : ObjectCache::Storage::Compact);
        QCOMPARE(cache.object(QStringLiteral("n/a")), expected);
        QCOMPARE(cache.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestObjectCache)
#include "tst_objectcache.moc"
