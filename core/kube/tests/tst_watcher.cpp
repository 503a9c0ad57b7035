#include "fakeapiserver.h"
#include "kubeclient.h"
#include "objectcache.h"
#include "watcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace cvc;
using namespace cvc::test;

namespace {

ClientConfig configFor(const FakeApiServer &server)
{
    ClientConfig c;
    c.server = QUrl(server.url());
    return c;
}

Watcher::Options fastOptions(const QString &ns = {})
{
    Watcher::Options o;
    o.namespaceName = ns;
    o.backoffInitialMs = 20;
    o.backoffMaximumMs = 200;
    return o;
}

int amountOf(const QJsonObject &o)
{
    return o.value("spec").toObject().value("amount").toInt();
}

// The cache holds exactly the server's objects (compared without kind/apiVersion differences).
bool sameAsServer(const ObjectCache &cache, const FakeApiServer &server, const QString &ns = {})
{
    int n = 0;
    for (const QJsonObject &o : server.objects()) {
        const QString objectNs = o.value("metadata").toObject().value("namespace").toString();
        if (!ns.isEmpty() && objectNs != ns)
            continue;
        ++n;
        if (cache.object(ObjectCache::keyOf(o)) != o)
            return false;
    }
    return cache.size() == n;
}

} // namespace

class TestWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listThenWatch()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.put("a", "one", 1);
        server.put("b", "two", 2);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        QSignalSpy synced(&cache, &ObjectCache::synced);
        watcher.start();
        QCOMPARE(watcher.state().phase, ConnectionState::Phase::Connecting);
        QVERIFY(synced.wait(5000));
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 5000);
        QCOMPARE(cache.connectionState().phase, ConnectionState::Phase::Live);
        QVERIFY(sameAsServer(cache, server)); // list items got kind/apiVersion back
        const HttpRequest watch = server.requests.last();
        QCOMPARE(watch.path, QStringLiteral("/apis/crypto.tools/v1/cryptovaluecalculators"));
        QCOMPARE(watch.queryItem("resourceVersion"), QString::number(server.resourceVersion()));
        QCOMPARE(watch.queryItem("allowWatchBookmarks"), QStringLiteral("true"));
        QCOMPARE(watch.queryItem("timeoutSeconds"), QStringLiteral("290"));

        QSignalSpy added(&cache, &ObjectCache::objectAdded);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        server.put("a", "three", 3);
        server.put("a", "one", 10);
        server.remove("b", "two");
        QTRY_COMPARE_WITH_TIMEOUT(deleted.size(), 1, 5000);
        QCOMPARE(added.size(), 1);
        QCOMPARE(modified.size(), 1);
        QCOMPARE(amountOf(modified.first().at(1).toJsonObject()), 10);
        QVERIFY(sameAsServer(cache, server));
    }

    // Review C1: one CVC nested 1,100 levels deep (more than Qt's parser reads) must not stop the
    // others, in the initial LIST or in the watch; it is named once per resourceVersion, leaves the
    // cache while it is unreadable and comes back when fixed, and the watcher never relists over it.
    void deepObjectStopsNothing()
    {
        QJsonObject deep{{"x", 1}};
        for (int i = 0; i < 1100; ++i)
            deep = QJsonObject{{"x", deep}};
        const QJsonObject tooDeep{{"deep", deep}};
        FakeApiServer server;
        QVERIFY(server.listen());
        server.put("a", "first", 1);
        server.put("a", "deep-one", 2, tooDeep);
        const QString deepRv = QString::number(server.resourceVersion());
        server.put("b", "second", 3);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        QSignalSpy skipped(&watcher, &Watcher::objectSkipped);
        QSignalSpy synced(&cache, &ObjectCache::synced);
        watcher.start();
        QVERIFY(synced.wait(5000));
        QCOMPARE(cache.keys().size(), 2);
        QVERIFY(cache.contains(QStringLiteral("a/first")));
        QVERIFY(cache.contains(QStringLiteral("b/second")));
        QCOMPARE(skipped.count(), 1);
        QCOMPARE(skipped.at(0).at(0).toJsonObject().value("metadata").toObject(),
                 (QJsonObject{{"namespace", "a"}, {"name", "deep-one"}, {"uid", "uid-deep-one"}, {"resourceVersion", deepRv}}));
        QCOMPARE(skipped.at(0).at(1).toString(),
                 QStringLiteral("CryptoValueCalculator a/deep-one is nested deeper than 1024 levels and cannot be read; "
                                "it is left out and tried again at the next relist"));
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 5000);

        // Live: another deep one, then an ordinary one; an ordinary one turns deep, then is fixed.
        server.put("a", "deep-two", 4, tooDeep);
        server.put("a", "third", 5);
        QTRY_VERIFY_WITH_TIMEOUT(cache.contains(QStringLiteral("a/third")), 5000);
        QCOMPARE(skipped.count(), 2);
        QVERIFY(!cache.contains(QStringLiteral("a/deep-two")));
        server.put("a", "first", 6, tooDeep);
        QTRY_VERIFY_WITH_TIMEOUT(!cache.contains(QStringLiteral("a/first")), 5000);   // its cached spec is stale
        QCOMPARE(skipped.count(), 3);
        server.put("a", "first", 7);
        QTRY_VERIFY_WITH_TIMEOUT(cache.contains(QStringLiteral("a/first")), 5000);
        QCOMPARE(amountOf(cache.object(QStringLiteral("a/first"))), 7);
        server.remove("a", "deep-two");   // a deep object's deletion is an ordinary event for the others
        server.put("b", "second", 8);
        QTRY_COMPARE_WITH_TIMEOUT(amountOf(cache.object(QStringLiteral("b/second"))), 8, 5000);
        QCOMPARE(watcher.listCount(), 1);
        QCOMPARE(watcher.state().phase, ConnectionState::Phase::Live);
        QCOMPARE(skipped.count(), 3);
    }

    void oneNamespace()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.put("a", "one", 1);
        server.put("b", "two", 2);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions(QStringLiteral("a")));
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 5000);
        QCOMPARE(server.requests.last().path, QStringLiteral("/apis/crypto.tools/v1/namespaces/a/cryptovaluecalculators"));
        server.put("b", "other", 5);
        server.put("a", "mine", 5);
        QTRY_COMPARE_WITH_TIMEOUT(cache.size(), 2, 5000);
        QVERIFY(sameAsServer(cache, server, QStringLiteral("a")));
    }

    // Large lists come in pages; an expired continue token makes the next list unpaged.
    void pagedList()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        for (int i = 0; i < 7; ++i)
            server.put("a", QStringLiteral("obj-%1").arg(i), i);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher::Options o = fastOptions();
        o.listPageSize = 3;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, o);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 5000);
        QCOMPARE(cache.size(), 7);
        QCOMPARE(server.requests.size(), 4); // three pages and the watch
        QCOMPARE(server.requests.at(1).queryItem("continue"), QStringLiteral("3"));
        QCOMPARE(server.requests.at(2).queryItem("limit"), QStringLiteral("3"));

        FakeApiServer expiring;
        QVERIFY(expiring.listen());
        for (int i = 0; i < 7; ++i)
            expiring.put("a", QStringLiteral("obj-%1").arg(i), i);
        expiring.expireContinue = true;
        KubeClient client2(configFor(expiring));
        ObjectCache cache2;
        Watcher watcher2(&client2, ResourceType::cryptoValueCalculators(), &cache2, o);
        watcher2.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher2.state().phase, ConnectionState::Phase::Live, 5000);
        QCOMPARE(cache2.size(), 7);
        QCOMPARE(expiring.requests.at(2).hasQueryItem("limit"), false); // the fallback list is in one piece
    }

    // A stream that ends is resumed from the last resourceVersion seen, bookmarks included: no relist.
    void rewatchFromLastResourceVersion()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 1, 5000);
        server.put("a", "one", 1);
        server.putSilently("z", "unseen", 1); // moves the RV without telling this watch
        server.bookmark();
        QTRY_COMPARE_WITH_TIMEOUT(cache.resourceVersion(), QString::number(server.resourceVersion()), 5000);
        const int watchesBefore = watcher.watchCount();
        server.dropWatches();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.watchCount(), watchesBefore + 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 1, 5000);
        QCOMPARE(server.requests.last().queryItem("resourceVersion"), QString::number(server.resourceVersion()));
        QCOMPARE(watcher.listCount(), 1);
        server.put("a", "two", 2);
        QTRY_COMPARE_WITH_TIMEOUT(cache.size(), 2, 5000);
    }

    // History compacted while disconnected: 410, relist, and the cache reports exactly what changed.
    void relistOnExpired()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.put("a", "keep", 1);
        server.put("a", "change", 1);
        server.put("a", "vanish", 1);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 1, 5000);
        QCOMPARE(cache.size(), 3);

        QSignalSpy added(&cache, &ObjectCache::objectAdded);
        QSignalSpy modified(&cache, &ObjectCache::objectModified);
        QSignalSpy deleted(&cache, &ObjectCache::objectDeleted);
        QSignalSpy states(&watcher, &Watcher::stateChanged);
        server.silentWatches = true; // park the re-watch so the changes below are missed by it
        server.dropWatches();
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 1, 5000);
        server.putSilently("a", "change", 2);
        server.putSilently("a", "new", 1);
        QJsonObject gone;
        server.compact();
        server.silentWatches = false;
        // Drop the parked watch; the next one starts from an RV older than the history: 410.
        server.dropWatches();
        server.remove("a", "vanish");
        server.compact();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.listCount(), 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(sameAsServer(cache, server), 5000);
        QCOMPARE(added.size(), 1);
        QCOMPARE(modified.size(), 1);
        QCOMPARE(modified.first().at(0).toString(), QStringLiteral("a/change"));
        QCOMPARE(deleted.size(), 1);
        QCOMPARE(deleted.first().at(0).toString(), QStringLiteral("a/vanish"));
        bool sawRelist = false;
        for (const auto &s : states)
            sawRelist |= s.at(0).value<ConnectionState>().reason.contains(QLatin1String("resource version expired (410)"));
        QVERIFY(sawRelist);
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 5000);
    }

    // Nothing at all (not even a bookmark) for the stall timeout: the watch is restarted.
    void stallDetection()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.silentWatches = true;
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher::Options o = fastOptions();
        o.stallTimeoutMs = 300;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, o);
        QSignalSpy states(&watcher, &Watcher::stateChanged);
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.watchCount() >= 3, 10000);
        bool sawStall = false;
        for (const auto &s : states) {
            const ConnectionState st = s.at(0).value<ConnectionState>();
            sawStall |= st.phase == ConnectionState::Phase::Reconnecting
                        && st.reason.startsWith(QLatin1String("no data from the watch for 0 s"));
        }
        QVERIFY(sawStall);
        QCOMPARE(watcher.listCount(), 1);
    }

    void backoffThenRecovery()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        int failures = 3;
        server.setHook([&](HttpExchange *e) {
            if (failures <= 0)
                return false;
            --failures;
            e->respond(500, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"etcd is down\",\"reason\":\"InternalError\",\"code\":500}");
            return true;
        });
        server.put("a", "one", 1);
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        QSignalSpy states(&watcher, &Watcher::stateChanged);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 10000);
        QCOMPARE(watcher.listCount(), 4);
        QVERIFY(states.size() >= 2);
        const ConnectionState first = states.at(1).at(0).value<ConnectionState>();
        QCOMPARE(first.phase, ConnectionState::Phase::Connecting);
        QVERIFY2(first.reason.startsWith(QLatin1String("listing cryptovaluecalculators.crypto.tools failed: "
                                                       "Error from server (InternalError): etcd is down; retrying in ")),
                 qPrintable(first.reason));
        QCOMPARE(cache.size(), 1);
    }

    // The server's Retry-After counts, but a year (or more than an int of milliseconds) must not park
    // the watcher for good: it waits at most five minutes.
    void retryAfterIsCapped()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([&](HttpExchange *e) {
            e->respond(429, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"slow down\","
                                                "\"reason\":\"TooManyRequests\",\"details\":{\"retryAfterSeconds\":31536000},\"code\":429}");
            return true;
        });
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        QSignalSpy states(&watcher, &Watcher::stateChanged);
        watcher.start();
        QTRY_VERIFY_WITH_TIMEOUT(watcher.state().reason.contains(QLatin1String("retrying in")), 5000);
        QVERIFY2(watcher.state().reason.endsWith(QLatin1String("; retrying in 300.0 s")), qPrintable(watcher.state().reason));
    }

    // "Reconnecting since" is when the data stopped being live, however many attempts follow.
    void reconnectingSinceStaysPut()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 1, 5000);
        int failures = 4;
        server.setHook([&](HttpExchange *e) {
            if (failures <= 0 || !e->request().hasQueryItem(QStringLiteral("watch")))
                return false;
            --failures;
            e->respond(503, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                                "\"message\":\"overloaded\",\"reason\":\"ServiceUnavailable\",\"code\":503}");
            return true;
        });
        QSignalSpy states(&cache, &ObjectCache::connectionStateChanged);
        server.dropWatches();
        QTRY_VERIFY_WITH_TIMEOUT(failures == 0 && cache.connectionState().phase == ConnectionState::Phase::Live, 10000);
        QList<ConnectionState> reconnecting;
        for (const auto &s : states) {
            const ConnectionState st = s.at(0).value<ConnectionState>();
            if (st.phase == ConnectionState::Phase::Reconnecting)
                reconnecting << st;
        }
        QVERIFY(reconnecting.size() >= 2); // the drop, then refused attempts (equal texts are not repeated)
        for (const ConnectionState &st : reconnecting)
            QCOMPARE(st.since, reconnecting.first().since);
        QVERIFY2(reconnecting.last().reason.contains(QLatin1String("Error from server (ServiceUnavailable): overloaded; retrying in")),
                 qPrintable(reconnecting.last().reason));
        QCOMPARE(watcher.listCount(), 1); // a failed watch start does not force a relist
    }

    void forbiddenIsFailed()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([](HttpExchange *e) {
            e->respond(403, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"cryptovaluecalculators.crypto.tools is forbidden: User \\\"bob\\\" cannot list resource\",\"reason\":\"Forbidden\",\"code\":403}");
            return true;
        });
        KubeClient client(configFor(server));
        ObjectCache cache;
        Watcher watcher(&client, ResourceType::cryptoValueCalculators(), &cache, fastOptions());
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(cache.connectionState().phase, ConnectionState::Phase::Failed, 5000);
        QVERIFY(cache.connectionState().error.has_value());
        QCOMPARE(cache.connectionState().error->httpStatus, 403);
        QVERIFY(cache.connectionState().toString().contains(QLatin1String("User \"bob\" cannot list resource")));
        watcher.stop();
        QCOMPARE(watcher.state().phase, ConnectionState::Phase::Idle);
    }
};

QTEST_GUILESS_MAIN(TestWatcher)
#include "tst_watcher.moc"
