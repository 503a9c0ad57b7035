#include "objectstore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc::sandbox;

namespace {

QJsonObject object(const QString &ns, const QString &name, const QJsonObject &spec = {})
{
    QJsonObject metadata{{QStringLiteral("name"), name}};
    if (!ns.isEmpty())
        metadata.insert(QStringLiteral("namespace"), ns);
    return QJsonObject{{QStringLiteral("metadata"), metadata}, {QStringLiteral("spec"), spec}};
}

QString rvOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString();
}

} // namespace

class TestObjectStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stampsIncreasingResourceVersions()
    {
        ObjectStore store;
        QString error;
        QVERIFY(store.open(QString(), &error));
        QSignalSpy changed(&store, &ObjectStore::objectChanged);
        QJsonObject stored;
        QVERIFY(store.write(WatchEvent::Type::Added, QStringLiteral("g/things"), object("a", "x"), &stored, &error));
        QCOMPARE(rvOf(stored), QStringLiteral("1"));
        QVERIFY(store.write(WatchEvent::Type::Modified, QStringLiteral("g/things"), object("a", "x"), &stored, &error));
        QCOMPARE(rvOf(stored), QStringLiteral("2"));
        QVERIFY(store.write(WatchEvent::Type::Deleted, QStringLiteral("g/things"), stored, &stored, &error));
        QCOMPARE(rvOf(stored), QStringLiteral("3"));
        QVERIFY(!store.get(QStringLiteral("g/things"), QStringLiteral("a"), QStringLiteral("x")));
        QCOMPARE(changed.size(), 3);
        const auto last = changed.at(2).at(0).value<WatchEvent>();
        QCOMPARE(last.type, WatchEvent::Type::Deleted);
        QCOMPARE(last.resourceVersion, 3);
        QCOMPARE(store.resourceVersion(), 3);
    }

    void listsByNamespaceInKeyOrder()
    {
        ObjectStore store;
        QString error;
        QVERIFY(store.open(QString(), &error));
        const QString key = QStringLiteral("g/things");
        const QList<std::pair<QString, QString>> keys = {{"b", "2"}, {"a", "9"}, {"ab", "1"}, {"a", "1"}};
        for (const auto &[ns, name] : keys)
            QVERIFY(store.write(WatchEvent::Type::Added, key, object(ns, name), nullptr, &error));
        QCOMPARE(store.list(key).size(), 4);
        const QList<QJsonObject> inA = store.list(key, QStringLiteral("a"));
        QCOMPARE(inA.size(), 2);
        QCOMPARE(inA.at(0)[QStringLiteral("metadata")][QStringLiteral("name")].toString(), QStringLiteral("1"));
        QCOMPARE(inA.at(1)[QStringLiteral("metadata")][QStringLiteral("name")].toString(), QStringLiteral("9"));
        QCOMPARE(store.list(key).first()[QStringLiteral("metadata")][QStringLiteral("namespace")].toString(), QStringLiteral("a"));
        QCOMPARE(store.totalCount(), 4);
    }

    void survivesReopenWithDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("state.db"));
        QString error;
        {
            ObjectStore store;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            QVERIFY(store.write(WatchEvent::Type::Added, QStringLiteral("g/things"), object("a", "x", QJsonObject{{"n", 1}}),
                                nullptr, &error));
            QVERIFY(store.write(WatchEvent::Type::Added, QStringLiteral("g/things"), object("a", "y"), nullptr, &error));
            QJsonObject y = *store.get(QStringLiteral("g/things"), QStringLiteral("a"), QStringLiteral("y"));
            QVERIFY(store.write(WatchEvent::Type::Deleted, QStringLiteral("g/things"), y, nullptr, &error));
        }
        ObjectStore store;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QCOMPARE(store.resourceVersion(), 3);
        const auto x = store.get(QStringLiteral("g/things"), QStringLiteral("a"), QStringLiteral("x"));
        QVERIFY(x);
        QCOMPARE((*x)[QStringLiteral("spec")][QStringLiteral("n")].toInt(), 1);
        QCOMPARE(rvOf(*x), QStringLiteral("1"));
        QVERIFY(!store.get(QStringLiteral("g/things"), QStringLiteral("a"), QStringLiteral("y")));
        QJsonObject stored;
        QVERIFY(store.write(WatchEvent::Type::Added, QStringLiteral("g/things"), object("a", "z"), &stored, &error));
        QCOMPARE(rvOf(stored), QStringLiteral("4"));
    }
};

QTEST_GUILESS_MAIN(TestObjectStore)
#include "tst_objectstore.moc"
