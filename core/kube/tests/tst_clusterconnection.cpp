// ClusterConnection against the in-test API server: discovery retried until the CRD is there, one
// list and one watch for every reader, and the fallback to one namespace when listing all of them
// is forbidden (403). kube-sandbox has no RBAC, so the 403 comes from the in-test server here.
#include "clusterconnection.h"
#include "fakeapiserver.h"
#include "informer.h"
#include "objectcache.h"

#include <QSignalSpy>
#include <QtTest>

using namespace cvc;
using namespace cvc::test;

namespace {

QByteArray apiResourceList()
{
    const QJsonArray resources{
        QJsonObject{{"name", "cryptovaluecalculators"}, {"singularName", "cryptovaluecalculator"}, {"namespaced", true},
                    {"kind", "CryptoValueCalculator"}, {"verbs", QJsonArray{"get", "list", "watch", "patch"}}},
        QJsonObject{{"name", "cryptovaluecalculators/status"}, {"namespaced", true}, {"kind", "CryptoValueCalculator"},
                    {"verbs", QJsonArray{"get", "patch"}}}};
    return QJsonDocument(QJsonObject{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", "crypto.tools/v1"},
                                     {"resources", resources}})
        .toJson(QJsonDocument::Compact);
}

QByteArray forbidden()
{
    return QJsonDocument(QJsonObject{{"kind", "Status"}, {"apiVersion", "v1"}, {"status", "Failure"},
                                     {"message", "cryptovaluecalculators.crypto.tools is forbidden: User \"bob\" cannot list "
                                                 "resource \"cryptovaluecalculators\" in API group \"crypto.tools\" at the cluster scope"},
                                     {"reason", "Forbidden"}, {"code", 403}})
        .toJson(QJsonDocument::Compact);
}

enum class ClusterScope { Allowed, Forbidden };

// Serves discovery of crypto.tools/v1 and the CVCs team-a/a1 and team-b/b1; listing and watching
// them in all namespaces answers 403 when `scope` says so.
void serve(FakeApiServer &server, ClusterScope scope)
{
    server.setHook([scope](HttpExchange *e) {
        const QString path = e->request().path;
        if (path == QLatin1String("/apis/crypto.tools/v1")) {
            e->respond(200, "application/json", apiResourceList());
            return true;
        }
        if (scope == ClusterScope::Forbidden && path == FakeApiServer::pathFor(QString())) {
            e->respond(403, "application/json", forbidden());
            return true;
        }
        return false;
    });
    if (!server.listen())
        qFatal("cannot listen");
    server.put(QStringLiteral("team-a"), QStringLiteral("a1"), 1);
    server.put(QStringLiteral("team-b"), QStringLiteral("b1"), 2);
}

ClientConfig configFor(const FakeApiServer &server)
{
    ClientConfig config;
    config.server = QUrl(server.url());
    return config;
}

int requestsTo(const FakeApiServer &server, const QString &path, bool watch)
{
    int n = 0;
    for (const HttpRequest &r : server.requests)
        n += (r.path == path && r.hasQueryItem(QStringLiteral("watch")) == watch) ? 1 : 0;
    return n;
}

} // namespace

class TestClusterConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void discoveryIsRetriedUntilTheCrdIsThere()
    {
        FakeApiServer server;
        bool served = false;
        server.setHook([&served](HttpExchange *e) {
            if (e->request().path != QLatin1String("/apis/crypto.tools/v1"))
                return false;
            if (served)
                e->respond(200, "application/json", apiResourceList());
            else
                e->respond(404, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
            return true;
        });
        QVERIFY(server.listen());
        server.put(QStringLiteral("team-a"), QStringLiteral("a1"), 1);
        ClusterConnection::Options options;
        options.discoveryRetryMs = 50;
        ClusterConnection connection(configFor(server), options);
        QSignalSpy failed(&connection, &ClusterConnection::discoveryFailed);
        QSignalSpy discovered(&connection, &ClusterConnection::discovered);
        connection.start();
        QTRY_VERIFY(failed.count() >= 1);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("apply crds/cryptovaluecalculators.yaml")),
                 qPrintable(failed.first().at(0).toString()));
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QString()), false), 0);   // nothing listed without the type
        served = true;
        QTRY_COMPARE(discovered.count(), 1);
        QVERIFY(connection.cvcs()->resourceType().hasStatusSubresource);
        QTRY_VERIFY(connection.cvcs()->cache()->contains(QStringLiteral("team-a/a1")));
    }

    void everyReaderSharesOneListAndOneWatch()
    {
        FakeApiServer server;
        serve(server, ClusterScope::Allowed);
        ClusterConnection::Options options;
        options.fallbackNamespace = QStringLiteral("team-a");
        ClusterConnection connection(configFor(server), options);
        connection.start();
        ObjectCache *cache = connection.cvcs()->cache();
        QTRY_VERIFY(cache->hasSynced());
        QCOMPARE(cache->size(), 2);
        QTRY_COMPARE(server.openWatches(), 1);
        QSignalSpy deleted(cache, &ObjectCache::objectDeleted);
        // A fallback namespace changes nothing while all namespaces may be read.
        connection.setFallbackNamespace(QStringLiteral("team-b"));
        server.put(QStringLiteral("team-b"), QStringLiteral("b2"), 3);
        QTRY_VERIFY(cache->contains(QStringLiteral("team-b/b2")));
        QVERIFY(!connection.isNarrowed());
        QCOMPARE(deleted.count(), 0);
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QString()), false), 1);
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QString()), true), 1);
    }

    void forbiddenClusterWideListFallsBackToTheNamespaceOnScreen()
    {
        FakeApiServer server;
        serve(server, ClusterScope::Forbidden);   // RBAC lets this user read namespaces one by one only
        ClusterConnection::Options options;
        options.fallbackNamespace = QStringLiteral("team-a");
        ClusterConnection connection(configFor(server), options);
        QSignalSpy narrowed(&connection, &ClusterConnection::scopeNarrowed);
        connection.start();
        QTRY_COMPARE(narrowed.count(), 1);
        QCOMPARE(narrowed.first().at(0).toString(), QStringLiteral("team-a"));
        QVERIFY2(narrowed.first().at(1).toString().contains(QStringLiteral("in all namespaces is forbidden")),
                 qPrintable(narrowed.first().at(1).toString()));
        QVERIFY(connection.isNarrowed());
        ObjectCache *cache = connection.cvcs()->cache();
        QTRY_VERIFY(cache->contains(QStringLiteral("team-a/a1")));
        QCOMPARE(cache->size(), 1);
        QTRY_COMPARE(cache->connectionState().phase, ConnectionState::Phase::Live);
        QCOMPARE(connection.cvcs()->namespaceName(), QStringLiteral("team-a"));
        // The cluster scope was asked once; the narrowed watch never asks it again.
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QString()), false), 1);

        // Narrowed, the watch has to follow the namespace on screen.
        connection.setFallbackNamespace(QStringLiteral("team-b"));
        QTRY_VERIFY(cache->contains(QStringLiteral("team-b/b1")));
        QTRY_COMPARE(cache->size(), 1);
        QCOMPARE(narrowed.count(), 2);
        QCOMPARE(narrowed.last().at(0).toString(), QStringLiteral("team-b"));
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QString()), false), 1);
        QCOMPARE(requestsTo(server, FakeApiServer::pathFor(QStringLiteral("team-b")), false), 1);
    }
};

QTEST_GUILESS_MAIN(TestClusterConnection)
#include "tst_clusterconnection.moc"
