// A watch from scratch replays the whole collection as ADDED events. A client that never reads
// must not make the server queue all of it: the replay counts against the same 16 MiB of unsent
// bytes after which a live watch is ended (kube-apiserver ends watchers that cannot keep up).

#include "serverthread.h"
#include "testclient.h"

#include <QTest>

namespace {

const QByteArray kNamespaces = "/api/v1/namespaces";
const QByteArray kConfigMaps = "/api/v1/namespaces/replay/configmaps";

// ~1 MiB each: 40 of them are far more than the limit plus what the kernel buffers on loopback.
constexpr int kObjects = 40;

QByteArray bigConfigMap(int index)
{
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big-" + QByteArray::number(index)
        + "\"},\"data\":{\"blob\":\"" + QByteArray(1024 * 1024, char('a' + index % 26)) + "\"}}";
}

} // namespace

class TestWatchReplayLimit : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerThread> m_server;

    TestResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {})
    {
        TestConnection connection(m_server->port(), m_server->caPem());
        if (!connection.waitEncrypted())
            return {};
        connection.send(method, target, m_server->token(), body, body.isEmpty() ? QByteArray() : QByteArray("application/json"));
        return connection.readResponse(30000);
    }

    int openWatches(int expected)
    {
        // Each request is handled after the server has dealt with what happened before it.
        int open = -1;
        for (int attempt = 0; attempt < 200 && open != expected; ++attempt)
            open = call("GET", "/sandbox/stats").json()["openWatches"].toInt();
        return open;
    }

private Q_SLOTS:
    void initTestCase()
    {
        cvc::sandbox::SandboxServer::Config config;
        config.defaultWatchTimeoutSeconds = 120;
        m_server = std::make_unique<ServerThread>(config);
        QVERIFY2(m_server->startServer(), qPrintable(m_server->error()));
        QCOMPARE(call("POST", kNamespaces, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"replay"}})").status, 201);
        for (int i = 0; i < kObjects; ++i)
            QCOMPARE(call("POST", kConfigMaps, bigConfigMap(i)).status, 201);
    }

    void cleanupTestCase() { m_server.reset(); }

    void stalledReaderOfTheInitialReplayIsEnded()
    {
        TestConnection stalled(m_server->port(), m_server->caPem());
        QVERIFY(stalled.waitEncrypted());
        stalled.send("GET", kConfigMaps + "?watch=1", m_server->token());
        QCOMPARE(stalled.readHead().status, 200);
        // The client reads nothing more for now; the server must not keep this watch queued.
        QCOMPARE(openWatches(0), 0);
        // What it finds once it reads: part of the replay, then the end of the stream.
        const QList<QJsonObject> got = stalled.readEvents(kObjects, 30000);
        QVERIFY(stalled.streamEnded());
        QVERIFY2(got.size() < kObjects, qPrintable(QString::number(got.size())));
        for (const QJsonObject &event : got)
            QCOMPARE(event["type"].toString(), QStringLiteral("ADDED"));
    }

    void smallReplayIsUnaffected()
    {
        QCOMPARE(call("POST", kNamespaces, R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"small"}})").status, 201);
        QCOMPARE(call("POST", "/api/v1/namespaces/small/configmaps",
                      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one"},"data":{"a":"b"}})").status, 201);
        TestConnection watch(m_server->port(), m_server->caPem());
        QVERIFY(watch.waitEncrypted());
        watch.send("GET", "/api/v1/namespaces/small/configmaps?watch=1", m_server->token());
        QCOMPARE(watch.readHead().status, 200);
        const QList<QJsonObject> got = watch.readEvents(1);
        QCOMPARE(got.size(), 1);
        QVERIFY(!watch.streamEnded());
        QCOMPARE(openWatches(1), 1);
    }
};

QTEST_GUILESS_MAIN(TestWatchReplayLimit)
#include "tst_watchreplaylimit.moc"
