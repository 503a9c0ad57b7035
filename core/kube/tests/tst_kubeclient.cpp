#include "awaitresponse.h"
#include "fakeapiserver.h"
#include "kubeclient.h"
#include "kubewatchstream.h"
#include "testcerts.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc;
using namespace cvc::test;

namespace {

ClientConfig plainConfig(const QString &url)
{
    ClientConfig c;
    c.server = QUrl(url);
    c.namespaceName = QStringLiteral("default");
    return c;
}

QString describe(const KubeResponse &r)
{
    return r.error ? r.error->toString() : QStringLiteral("ok");
}

QByteArray statusBody(int code, const char *reason, const QString &message, const QJsonObject &details = {})
{
    QJsonObject s{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", QJsonObject()}, {"status", "Failure"},
                  {"message", message}, {"reason", reason}, {"code", code}};
    if (!details.isEmpty())
        s.insert("details", details);
    return QJsonDocument(s).toJson(QJsonDocument::Compact);
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TestPki m_pki;

    QSslConfiguration serverTls() const
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(m_pki.serverCert));
        tls.setPrivateKey(QSslKey(m_pki.serverKey, QSsl::Rsa));
        tls.setCaCertificates(QSslCertificate::fromData(m_pki.caPem));
        return tls;
    }

    ClientConfig tlsConfig(const QString &url) const
    {
        ClientConfig c = plainConfig(url);
        c.caCertificates = QSslCertificate::fromData(m_pki.caPem);
        c.caPem = m_pki.caPem;
        return c;
    }

    QString writePlugin()
    {
        const QString path = m_dir.filePath(QStringLiteral("plugin.sh"));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("#!/bin/sh\n"
                "n=$(cat \"$STATE/count\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$STATE/count\"\n"
                "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$STATE/info\"\n"
                "if [ -f \"$STATE/fail\" ]; then echo \"token expired, run: cloud login\" >&2; exit 3; fi\n"
                "exp=$(cat \"$STATE/expiry\" 2>/dev/null)\n"
                "printf '{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"exec-token-%s\"%s}}' "
                "\"$API\" \"$n\" \"${exp:+,\\\"expirationTimestamp\\\":\\\"$exp\\\"}\"\n");
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return path;
    }

    static int readCount(const QString &dir)
    {
        QFile f(QDir(dir).filePath(QStringLiteral("count")));
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        return f.readAll().trimmed().toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_pki = TestPki::generate(m_dir.path());
        QVERIFY2(m_pki.error.isEmpty(), qPrintable(m_pki.error));
    }

    void getWithHeadersAndPrefix()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.put("ns", "a", 1);
        KubeClient client(plainConfig(server.url() + QStringLiteral("/prefix/")));
        client.setUserAgent(QStringLiteral("cvc-operator/1.2.3"));
        server.setHook([](HttpExchange *e) {
            if (!e->request().path.startsWith(QLatin1String("/prefix")))
                return false;
            e->respond(200, "application/json", "{\"kind\":\"X\",\"query\":\"" + e->request().target + "\"}");
            return true;
        });
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("labelSelector"), QStringLiteral("a+b=c d"));
            client.get(QStringLiteral("/api/v1/x"), q, this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(server.requests.last().path, QStringLiteral("/prefix/api/v1/x"));
        QCOMPARE(server.requests.last().queryItem(QStringLiteral("labelSelector")), QStringLiteral("a+b=c d"));
        QCOMPARE(server.requests.last().header("User-Agent"), QByteArray("cvc-operator/1.2.3"));
        QCOMPARE(server.requests.last().header("Accept"), QByteArray("application/json"));
        QVERIFY(server.requests.last().header("Accept-Encoding").contains("gzip"));
        QVERIFY(!server.requests.last().hasHeader("Authorization"));
    }

    void gzipResponse()
    {
        QProcess gzip;
        gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
        gzip.write("{\"kind\":\"Namespace\",\"metadata\":{\"name\":\"zipped\"}}");
        gzip.closeWriteChannel();
        QVERIFY(gzip.waitForFinished(10000));
        const QByteArray compressed = gzip.readAllStandardOutput();
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([&](HttpExchange *e) {
            e->respond(200, "application/json", compressed, {{"Content-Encoding", "gzip"}});
            return true;
        });
        KubeClient client(plainConfig(server.url()));
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/api/v1/namespaces/zipped"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.object.value("metadata").toObject().value("name").toString(), QStringLiteral("zipped"));
    }

    void disableCompression()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        ClientConfig c = plainConfig(server.url());
        c.disableCompression = true;
        KubeClient client(c);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(server.requests.last().header("Accept-Encoding"), QByteArray("identity"));
        QCOMPARE(server.requests.last().target, FakeApiServer::pathFor("ns").toLatin1()); // no dangling '?'
    }

    void statusErrors()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([](HttpExchange *e) {
            const QString p = e->request().path;
            if (p == QLatin1String("/notfound"))
                e->respond(404, "application/json", statusBody(404, "NotFound", QStringLiteral("cryptovaluecalculators.crypto.tools \"x\" not found"),
                                                               {{"name", "x"}, {"group", "crypto.tools"}, {"kind", "cryptovaluecalculators"}}));
            else if (p == QLatin1String("/invalid"))
                e->respond(422, "application/json",
                           statusBody(422, "Invalid", QStringLiteral("CryptoValueCalculator.crypto.tools \"bad\" is invalid: spec.amount: Required value"),
                                      {{"name", "bad"}, {"kind", "CryptoValueCalculator"},
                                       {"causes", QJsonArray{QJsonObject{{"reason", "FieldValueRequired"}, {"message", "Required value"}, {"field", "spec.amount"}},
                                                             QJsonObject{{"reason", "FieldValueNotSupported"}, {"message", "Unsupported value: \"litecoin\""}, {"field", "spec.coin"}}}}}));
            else if (p == QLatin1String("/busy"))
                e->respond(429, "application/json", statusBody(429, "TooManyRequests", QStringLiteral("slow down")), {{"Retry-After", "7"}});
            else if (p == QLatin1String("/unauthorized"))
                e->respond(401, "application/json", statusBody(401, "Unauthorized", QStringLiteral("Unauthorized")));
            else if (p == QLatin1String("/html"))
                e->respond(502, "text/html", "<html>bad gateway</html>");
            else if (p == QLatin1String("/warn"))
                e->respond(200, "application/json", "{}", {{"Warning", "299 - \"unknown field \\\"spec.foo\\\"\""}, {"Warning", "299 - \"second, with comma\""}});
            else
                return false;
            return true;
        });
        KubeClient client(plainConfig(server.url()));
        KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/notfound"), this, cb); });
        QVERIFY(r.error && r.error->isNotFound());
        QCOMPARE(r.error->detailsKind, QStringLiteral("cryptovaluecalculators"));
        QCOMPARE(r.error->toString(), QStringLiteral("Error from server (NotFound): cryptovaluecalculators.crypto.tools \"x\" not found"));

        r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/invalid"), this, cb); });
        QCOMPARE(r.error->httpStatus, 422);
        QCOMPARE(r.error->causes.size(), 2);
        QCOMPARE(r.error->toString(),
                 QStringLiteral("Error from server (Invalid): CryptoValueCalculator.crypto.tools \"bad\" is invalid: spec.amount: Required value\n"
                                "* spec.coin: Unsupported value: \"litecoin\""));

        r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/busy"), this, cb); });
        QCOMPARE(r.error->reason, QStringLiteral("TooManyRequests"));
        QCOMPARE(r.error->retryAfterSeconds, 7);

        QSignalSpy unauthorized(&client, &KubeClient::unauthorized);
        r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/unauthorized"), this, cb); });
        QVERIFY(r.error->isUnauthorized());
        QCOMPARE(r.error->toString(), QStringLiteral("You must be logged in to the server (Unauthorized)"));
        QCOMPARE(unauthorized.size(), 1);

        r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/html"), this, cb); });
        QCOMPARE(r.error->httpStatus, 502);
        QCOMPARE(r.error->toString(), QStringLiteral("Error from server (HTTP 502): <html>bad gateway</html>"));

        QSignalSpy warnings(&client, &KubeClient::warningReceived);
        r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/warn"), this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(r.warnings, (QStringList{"unknown field \"spec.foo\"", "second, with comma"}));
        QCOMPARE(warnings.size(), 2);
    }

    void writes()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([](HttpExchange *e) {
            e->respond(200, "application/json", "{}");
            return true;
        });
        KubeClient client(plainConfig(server.url()));
        const QString path = FakeApiServer::pathFor("ns", "a");
        WriteOptions o;
        o.fieldManager = QStringLiteral("cvc-operator");
        o.dryRun = true;
        o.fieldValidation = QStringLiteral("Strict");
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.create(FakeApiServer::pathFor("ns"), QJsonObject{{"a", 1}}, o, this, cb); }).ok());
        QCOMPARE(server.requests.last().method, QByteArray("POST"));
        QCOMPARE(server.requests.last().header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(server.requests.last().queryItem("fieldManager"), QStringLiteral("cvc-operator"));
        QCOMPARE(server.requests.last().queryItem("dryRun"), QStringLiteral("All"));
        QCOMPARE(server.requests.last().queryItem("fieldValidation"), QStringLiteral("Strict"));
        QCOMPARE(server.requests.last().body, QByteArray("{\"a\":1}"));
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.replace(path, QJsonObject{{"b", 2}}, {}, this, cb); }).ok());
        QCOMPARE(server.requests.last().method, QByteArray("PUT"));
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.patch(path, PatchType::Merge, QJsonObject{{"c", 3}}, {}, this, cb); }).ok());
        QCOMPARE(server.requests.last().header("Content-Type"), QByteArray("application/merge-patch+json"));
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.patch(path, PatchType::Json, QJsonArray{QJsonObject{{"op", "remove"}, {"path", "/x"}}}, {}, this, cb); }).ok());
        QCOMPARE(server.requests.last().header("Content-Type"), QByteArray("application/json-patch+json"));
        QCOMPARE(server.requests.last().body, QByteArray("[{\"op\":\"remove\",\"path\":\"/x\"}]"));
        WriteOptions apply;
        apply.fieldManager = QStringLiteral("cvc");
        apply.force = true;
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.patch(path, PatchType::Apply, QJsonObject{{"d", 4}}, apply, this, cb); }).ok());
        QCOMPARE(server.requests.last().header("Content-Type"), QByteArray("application/apply-patch+yaml"));
        QCOMPARE(server.requests.last().queryItem("force"), QStringLiteral("true"));
        QVERIFY(awaitResponse([&](ResponseCallback cb) { client.remove(path, o, this, cb); }).ok());
        QCOMPARE(server.requests.last().method, QByteArray("DELETE"));
        QVERIFY(!server.requests.last().hasQueryItem("dryRun")); // in the body for delete
        const QJsonObject body = QJsonDocument::fromJson(server.requests.last().body).object();
        QCOMPARE(body.value("propagationPolicy").toString(), QStringLiteral("Background"));
        QCOMPARE(body.value("dryRun").toArray(), QJsonArray{"All"});
    }

    void timeoutIsReportedAsTimeout()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        QList<QPointer<HttpExchange>> held;
        server.setHook([&](HttpExchange *e) { held.append(e); return true; }); // never answers
        KubeClient client(plainConfig(server.url()));
        client.setRequestTimeout(300);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/slow"), this, cb); });
        QVERIFY(r.error);
        QCOMPARE(r.error->reason, QStringLiteral("Timeout"));
        QCOMPARE(r.error->toString(), QStringLiteral("GET /slow on %1 timed out after 0.3 s").arg(server.url()));
    }

    void connectionRefused()
    {
        KubeClient client(plainConfig(QStringLiteral("http://127.0.0.1:1")));
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/x"), this, cb); });
        QVERIFY(r.error && r.error->isTransport());
        QVERIFY2(r.error->toString().startsWith(QLatin1String("cannot reach the API server http://127.0.0.1:1: Connection refused")),
                 qPrintable(describe(r)));
    }

    void contextDestroyedDropsCallback()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(plainConfig(server.url()));
        auto *context = new QObject;
        bool called = false;
        client.get(FakeApiServer::pathFor("ns"), context, [&](const KubeResponse &) { called = true; });
        delete context;
        bool later = false;
        client.get(FakeApiServer::pathFor("ns"), this, [&](const KubeResponse &) { later = true; });
        QTRY_VERIFY_WITH_TIMEOUT(later, 5000);
        QVERIFY(!called);
    }

    void rateLimit()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(plainConfig(server.url()));
        client.setRateLimit(10, 1); // one at once, then one per 100 ms
        QElapsedTimer timer;
        timer.start();
        int done = 0;
        for (int i = 0; i < 5; ++i)
            client.get(FakeApiServer::pathFor("ns"), this, [&](const KubeResponse &) { ++done; });
        QTRY_COMPARE_WITH_TIMEOUT(done, 5, 10000);
        QVERIFY2(timer.elapsed() >= 390, qPrintable(QString::number(timer.elapsed()))); // 4 waits of 100 ms
    }

    // Qt allows six HTTP/1.1 connections per host and manager: watches live on managers of their
    // own, so eight open watches do not block an ordinary GET.
    void watchesDoNotStarveRequests()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(plainConfig(server.url()));
        QList<KubeWatchStream *> streams;
        QSignalSpy *firstOpened = nullptr;
        for (int i = 0; i < 8; ++i) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("resourceVersion"), QString::number(server.resourceVersion()));
            streams << client.watch(FakeApiServer::pathFor(QStringLiteral("ns%1").arg(i)), q, this);
        }
        firstOpened = new QSignalSpy(streams.last(), &KubeWatchStream::opened);
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 8, 10000);
        QVERIFY(firstOpened->size() == 1 || firstOpened->wait(5000));
        QCOMPARE(client.watchManagerCount(), 2);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); }, 5000);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        delete firstOpened;
        qDeleteAll(streams);
        QTRY_COMPARE_WITH_TIMEOUT(client.watchManagerCount(), 0, 5000);
    }

    void watchStream()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        KubeClient client(plainConfig(server.url()));
        const qint64 start = server.resourceVersion();
        server.put("ns", "a", 1);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("resourceVersion"), QString::number(start));
        KubeWatchStream *stream = client.watch(FakeApiServer::pathFor("ns"), q, this);
        QSignalSpy events(stream, &KubeWatchStream::eventReceived);
        QSignalSpy finished(stream, &KubeWatchStream::finished);
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 5000);
        QCOMPARE(server.requests.last().queryItem("watch"), QStringLiteral("1"));
        server.put("ns", "a", 2);
        server.remove("ns", "a");
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 3, 5000);
        QCOMPARE(events.at(1).at(0).toString(), QStringLiteral("MODIFIED"));
        QCOMPARE(events.at(2).at(0).toString(), QStringLiteral("DELETED"));
        server.dropWatches();
        QVERIFY(finished.wait(5000));
        QVERIFY(!finished.first().at(0).value<std::optional<KubeError>>().has_value());
        delete stream;

        // From a compacted resourceVersion: one ERROR event with 410, then the end.
        server.compact();
        stream = client.watch(FakeApiServer::pathFor("ns"), q, this);
        QSignalSpy events2(stream, &KubeWatchStream::eventReceived);
        QSignalSpy finished2(stream, &KubeWatchStream::finished);
        QVERIFY(finished2.wait(5000));
        QCOMPARE(events2.size(), 1);
        QCOMPARE(events2.first().at(0).toString(), QStringLiteral("ERROR"));
        QVERIFY(KubeError::fromStatus(events2.first().at(1).toJsonObject(), 0).isExpired());
        delete stream;
    }

    // The client may go first (e.g. a session closed); streams it made must not crash on their own end.
    void clientDeletedBeforeStream()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        auto *client = new KubeClient(plainConfig(server.url()));
        KubeWatchStream *stream = client->watch(FakeApiServer::pathFor("ns"), {}, this);
        QSignalSpy opened(stream, &KubeWatchStream::opened);
        QVERIFY(opened.wait(5000));
        delete client;
        stream->abort();
        delete stream;
        QTRY_COMPARE_WITH_TIMEOUT(server.openWatches(), 0, 5000);
    }

    void discovery()
    {
        FakeApiServer server;
        QVERIFY(server.listen());
        server.setHook([](HttpExchange *e) {
            if (e->request().path != QLatin1String("/apis/crypto.tools/v1"))
                return false;
            e->respond(200, "application/json", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"crypto.tools/v1\",\"resources\":[\n"
                "                {\"name\":\"cryptovaluecalculators\",\"singularName\":\"cryptovaluecalculator\",\"namespaced\":true,\"kind\":\"CryptoValueCalculator\",\n"
                "                 \"verbs\":[\"get\",\"list\",\"watch\"],\"shortNames\":[\"cvc\",\"cvcs\"]},\n"
                "                {\"name\":\"cryptovaluecalculators/status\",\"namespaced\":true,\"kind\":\"CryptoValueCalculator\",\"verbs\":[\"get\",\"patch\",\"update\"]}]}");
            return true;
        });
        KubeClient client(plainConfig(server.url()));
        std::optional<DiscoveryResult> result;
        client.discover("crypto.tools", "v1", "cryptovaluecalculators", this, [&](const DiscoveryResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY(result->found());
        QCOMPARE(result->resource->kind, QStringLiteral("CryptoValueCalculator"));
        QVERIFY(result->resource->hasStatusSubresource);
        QVERIFY(result->resource->namespaced);
        QCOMPARE(result->resource->shortNames, (QStringList{"cvc", "cvcs"}));
        QCOMPARE(result->resource->path("ns", "x", "status"), QStringLiteral("/apis/crypto.tools/v1/namespaces/ns/cryptovaluecalculators/x/status"));
        result.reset();
        client.discover("nothing.io", "v1", "things", this, [&](const DiscoveryResult &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY(!result->found());
        QVERIFY(!result->error);
    }

    void tlsWithTokenAndCa()
    {
        FakeApiServer server;
        QVERIFY(server.listen(serverTls()));
        ClientConfig c = tlsConfig(server.url());
        c.authKind = ClientConfig::AuthKind::Token;
        c.token = QStringLiteral("secret-token");
        KubeClient client(c);
        KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(server.requests.last().header("Authorization"), QByteArray("Bearer secret-token"));

        // A server certificate from another CA is refused, and the message says so.
        ClientConfig wrong = c;
        wrong.caCertificates = QSslCertificate::fromData(m_pki.otherCaPem);
        KubeClient wrongClient(wrong);
        r = awaitResponse([&](ResponseCallback cb) { wrongClient.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.error && r.error->isTransport());
        QVERIFY2(r.error->toString().contains(QLatin1String("certificate"), Qt::CaseInsensitive), qPrintable(describe(r)));
        QVERIFY(!r.error->toString().contains(QLatin1String("secret-token")));

        // tls-server-name: the certificate names sandbox.test, we connect by IP and verify that name.
        ClientConfig named = c;
        named.tlsServerName = QStringLiteral("sandbox.test");
        KubeClient namedClient(named);
        r = awaitResponse([&](ResponseCallback cb) { namedClient.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        named.tlsServerName = QStringLiteral("elsewhere.test");
        KubeClient otherNameClient(named);
        r = awaitResponse([&](ResponseCallback cb) { otherNameClient.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.error);

        // insecure-skip-tls-verify connects without the CA.
        ClientConfig insecure = plainConfig(server.url());
        insecure.insecureSkipTlsVerify = true;
        KubeClient insecureClient(insecure);
        r = awaitResponse([&](ResponseCallback cb) { insecureClient.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
    }

    void clientCertificate()
    {
        FakeApiServer server;
        QVERIFY(server.listen(serverTls()));
        ClientConfig c = tlsConfig(server.url());
        c.clientCertificate = QSslCertificate(m_pki.clientCert);
        c.clientKey = QSslKey(m_pki.clientKey, QSsl::Ec);
        QVERIFY(!c.clientKey.isNull());
        c.authKind = ClientConfig::AuthKind::ClientCertificate;
        KubeClient client(c);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(server.requests.last().peerCertificate.subjectInfo(QSslCertificate::CommonName), QStringList{"alice"});
    }

    void execPlugin()
    {
        FakeApiServer server;
        QVERIFY(server.listen(serverTls()));
        QSet<QByteArray> accepted;
        server.setHook([&](HttpExchange *e) {
            if (!accepted.contains(e->request().header("Authorization"))) {
                e->respond(401, "application/json", statusBody(401, "Unauthorized", QStringLiteral("Unauthorized")));
                return true;
            }
            return false;
        });
        QTemporaryDir state;
        ClientConfig c = tlsConfig(server.url());
        c.authKind = ClientConfig::AuthKind::Exec;
        c.userName = QStringLiteral("exec-user");
        c.sourceFile = QStringLiteral("/home/u/.kube/config");
        c.exec.command = writePlugin();
        c.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        c.exec.interactiveMode = QStringLiteral("Never");
        c.exec.provideClusterInfo = true;
        c.exec.clusterConfig = QJsonObject{{"audience", "sandbox"}};
        c.exec.env = {{"STATE", state.path()}, {"API", "client.authentication.k8s.io/v1"}};
        KubeClient client(c);
        accepted = {"Bearer exec-token-1"};
        KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(readCount(state.path()), 1); // cached: no expiry given

        QFile infoFile(QDir(state.path()).filePath("info"));
        QVERIFY(infoFile.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        QCOMPARE(info.value("apiVersion").toString(), QStringLiteral("client.authentication.k8s.io/v1"));
        QCOMPARE(info.value("spec").toObject().value("interactive").toBool(true), false);
        const QJsonObject cluster = info.value("spec").toObject().value("cluster").toObject();
        QCOMPARE(cluster.value("server").toString(), server.url());
        QCOMPARE(cluster.value("config").toObject().value("audience").toString(), QStringLiteral("sandbox"));
        QCOMPARE(QByteArray::fromBase64(cluster.value("certificate-authority-data").toString().toLatin1()), m_pki.caPem);

        // The server stops accepting the token: the failed request is not retried, the next one re-runs the plugin.
        accepted = {"Bearer exec-token-2"};
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.error && r.error->isUnauthorized());
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(readCount(state.path()), 2);

        // An expired credential is fetched again before use.
        QFile expiry(QDir(state.path()).filePath("expiry"));
        QVERIFY(expiry.open(QIODevice::WriteOnly));
        expiry.write("2000-01-01T00:00:00Z");
        expiry.close();
        accepted = {"Bearer exec-token-3", "Bearer exec-token-4"};
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.error && r.error->isUnauthorized()); // token 2 revoked: dropped for the next request
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY2(r.ok(), qPrintable(describe(r))); // run 3 answers a credential that has already expired …
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(readCount(state.path()), 4); // … so the next request ran the plugin again

        // A failing plugin: its stderr is in the message, with the user and file.
        QFile fail(QDir(state.path()).filePath("fail"));
        QVERIFY(fail.open(QIODevice::WriteOnly));
        fail.close();
        r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        QVERIFY(r.error);
        QCOMPARE(r.error->toString(), QStringLiteral("exec plugin \"%1\" of user \"exec-user\" in /home/u/.kube/config failed with exit code 3: "
                                                     "token expired, run: cloud login").arg(c.exec.command));
        QVERIFY(!r.error->toString().contains(QLatin1String("exec-token")));
    }

    // Launched from a desktop menu: the plugin and what it calls are only on the login shell's PATH.
    void execPluginOnLoginShellPath()
    {
        FakeApiServer server;
        QVERIFY(server.listen(serverTls()));
        server.setHook([](HttpExchange *e) {
            if (e->request().header("Authorization") == "Bearer helper-token")
                return false;
            e->respond(401, "application/json", statusBody(401, "Unauthorized", QStringLiteral("Unauthorized")));
            return true;
        });
        const QString home = m_dir.filePath(QStringLiteral("login-home"));
        QDir().mkpath(home + QStringLiteral("/tools"));
        auto writeExecutable = [](const QString &path, const QByteArray &content) {
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(content);
            f.close();
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        };
        writeExecutable(home + QStringLiteral("/tools/cvc-login-plugin-abc"),
                        "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                        "\"status\":{\"token\":\"%s\"}}' \"$(cvc-login-helper-abc)\"\n");
        writeExecutable(home + QStringLiteral("/tools/cvc-login-helper-abc"), "#!/bin/sh\necho helper-token\n");
        QFile profile(home + QStringLiteral("/.profile"));
        QVERIFY(profile.open(QIODevice::WriteOnly));
        profile.write(QStringLiteral("echo 'Welcome!'\nPATH=\"$PATH:%1/tools\"\nexport PATH\n").arg(home).toUtf8());
        profile.close();
        const QByteArray oldHome = qgetenv("HOME"), oldShell = qgetenv("SHELL");
        qputenv("HOME", home.toLocal8Bit());
        qputenv("SHELL", "/bin/sh");
        ClientConfig c = tlsConfig(server.url());
        c.authKind = ClientConfig::AuthKind::Exec;
        c.exec.command = QStringLiteral("cvc-login-plugin-abc");
        c.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        c.exec.interactiveMode = QStringLiteral("Never");
        KubeClient client(c);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(FakeApiServer::pathFor("ns"), this, cb); });
        qputenv("HOME", oldHome);
        qputenv("SHELL", oldShell);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
    }

    void execPluginTimeout()
    {
        ClientConfig c = tlsConfig(QStringLiteral("https://127.0.0.1:1"));
        c.authKind = ClientConfig::AuthKind::Exec;
        c.userName = QStringLiteral("slow");
        c.sourceFile = QStringLiteral("/k");
        c.exec.command = QStringLiteral("/bin/sleep");
        c.exec.args = {QStringLiteral("30")};
        c.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        c.exec.timeoutMs = 300;
        KubeClient client(c);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/x"), this, cb); });
        QVERIFY(r.error);
        QCOMPARE(r.error->toString(), QStringLiteral("exec plugin \"/bin/sleep\" of user \"slow\" in /k did not finish within 0.3 s and was stopped"));
    }

    void execPluginNotFound()
    {
        ClientConfig c = tlsConfig(QStringLiteral("https://127.0.0.1:1"));
        c.authKind = ClientConfig::AuthKind::Exec;
        c.userName = QStringLiteral("u");
        c.sourceFile = QStringLiteral("/k");
        c.exec.command = QStringLiteral("cvc-no-such-auth-plugin");
        c.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1beta1");
        c.exec.installHint = QStringLiteral("Install it with: apt install cvc-auth");
        KubeClient client(c);
        const KubeResponse r = awaitResponse([&](ResponseCallback cb) { client.get(QStringLiteral("/x"), this, cb); });
        QVERIFY(r.error);
        QCOMPARE(r.error->toString(), QStringLiteral("exec plugin \"cvc-no-such-auth-plugin\" of user \"u\" in /k was not found "
                                                     "(searched PATH and the login shell's PATH). Install it with: apt install cvc-auth"));
    }
};

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
