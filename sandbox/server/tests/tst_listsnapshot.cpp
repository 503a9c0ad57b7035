// ListSnapshot (a collection at a past resourceVersion, from the store and the watch history) and
// ListPager (one page of it, as kube-apiserver's etcd3 store cuts pages), without a network.
#include "listpager.h"
#include "listsnapshot.h"
#include "objectfilter.h"
#include "objectstore.h"
#include "watchhub.h"

#include <QTest>

using namespace cvc::sandbox;

namespace {

const QString kKey = QStringLiteral("crypto.tools/cryptovaluecalculators");

QJsonObject object(const QString &ns, const QString &name, int amount = 1)
{
    return QJsonObject{{"metadata", QJsonObject{{"namespace", ns}, {"name", name}}},
                       {"spec", QJsonObject{{"amount", amount}}}};
}

QStringList keys(const QList<ListSnapshot::Entry> &entries)
{
    QStringList out;
    for (const ListSnapshot::Entry &entry : entries)
        out.append(entry.key);
    return out;
}

QStringList names(const QList<QJsonObject> &objects)
{
    QStringList out;
    for (const QJsonObject &o : objects)
        out.append(o.value("metadata").toObject().value("name").toString());
    return out;
}

} // namespace

class TestListSnapshot : public QObject
{
    Q_OBJECT

    // A store whose every change reaches a history of `capacity` events, as in SandboxServer.
    struct Fixture
    {
        explicit Fixture(int capacity)
            : hub(capacity)
        {
            QString error;
            store.open(QString(), &error);
            hub.resetFloor(store.resourceVersion());
            QObject::connect(&store, &ObjectStore::objectChanged, &hub, &WatchHub::publish);
        }
        qint64 write(WatchEvent::Type type, const QJsonObject &o)
        {
            QJsonObject stored;
            QString error;
            if (!store.write(type, kKey, o, &stored, &error))
                qWarning("write: %s", qPrintable(error));
            return store.resourceVersion();
        }
        ObjectStore store;
        WatchHub hub;
    };

private Q_SLOTS:
    void keysAcrossNamespacesInEtcdOrder()
    {
        Fixture f(100);
        f.write(WatchEvent::Type::Added, object("a", "x"));
        f.write(WatchEvent::Type::Added, object("a-b", "x"));
        f.write(WatchEvent::Type::Added, object("a", "w"));
        const auto all = ListSnapshot::at(f.store, f.hub, kKey, QString(), f.store.resourceVersion());
        QVERIFY(all);
        // '-' sorts before '/': etcd's /registry/…/a-b/x comes before /registry/…/a/w.
        QCOMPARE(keys(*all), (QStringList{"a-b/x", "a/w", "a/x"}));
        const auto inA = ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("a"), f.store.resourceVersion());
        QCOMPARE(keys(*inA), (QStringList{"w", "x"}));
    }

    void undoesLaterChanges()
    {
        Fixture f(100);
        f.write(WatchEvent::Type::Added, object("ns", "a"));
        f.write(WatchEvent::Type::Added, object("ns", "b"));
        const qint64 then = f.write(WatchEvent::Type::Added, object("ns", "c"));
        f.write(WatchEvent::Type::Modified, object("ns", "a", 5));
        f.write(WatchEvent::Type::Deleted, object("ns", "b"));
        f.write(WatchEvent::Type::Added, object("ns", "d"));
        f.write(WatchEvent::Type::Modified, object("ns", "a", 6));
        f.write(WatchEvent::Type::Added, object("other", "a"));

        const auto past = ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("ns"), then);
        QVERIFY(past);
        QCOMPARE(keys(*past), (QStringList{"a", "b", "c"}));
        QCOMPARE(past->at(0).object.value("spec").toObject().value("amount").toInt(), 1);
        QCOMPARE(past->at(0).object.value("metadata").toObject().value("resourceVersion").toString(), QStringLiteral("1"));
        const auto now = ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("ns"), f.store.resourceVersion());
        QCOMPARE(keys(*now), (QStringList{"a", "c", "d"}));
        QCOMPARE(now->at(0).object.value("spec").toObject().value("amount").toInt(), 6);
    }

    void olderThanTheHistoryIsGone()
    {
        Fixture f(3);
        const qint64 first = f.write(WatchEvent::Type::Added, object("ns", "a"));
        for (int i = 0; i < 3; ++i)
            f.write(WatchEvent::Type::Modified, object("ns", "a", 10 + i));
        QVERIFY(ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("ns"), first));
        f.write(WatchEvent::Type::Modified, object("ns", "a", 20));
        QVERIFY(!ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("ns"), first));
        QVERIFY(ListSnapshot::at(f.store, f.hub, kKey, QStringLiteral("ns"), f.store.resourceVersion()));
    }

    void pagesOfLimit()
    {
        QList<ListSnapshot::Entry> entries;
        for (const char *name : {"a", "b", "c", "d", "e"})
            entries.append({QString::fromLatin1(name), object("ns", QString::fromLatin1(name))});
        const ObjectFilter everything;
        ListPager::Page first = ListPager::page(entries, everything, QString(), 2);
        QCOMPARE(names(first.items), (QStringList{"a", "b"}));
        QCOMPARE(first.lastKey, std::optional<QString>(QStringLiteral("b")));
        QCOMPARE(first.remainingItemCount, std::optional<qint64>(3));
        // The next page starts just after "b", at "b\0".
        ListPager::Page second = ListPager::page(entries, everything, QStringLiteral("b") + QChar(u'\0'), 3);
        QCOMPARE(names(second.items), (QStringList{"c", "d", "e"}));
        QVERIFY(!second.lastKey);
        QVERIFY(!second.remainingItemCount);
        ListPager::Page whole = ListPager::page(entries, everything, QString(), 0);
        QCOMPARE(whole.items.size(), 5);
        QVERIFY(!whole.lastKey);
    }
};

QTEST_GUILESS_MAIN(TestListSnapshot)
#include "tst_listsnapshot.moc"
