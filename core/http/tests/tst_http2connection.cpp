// The HTTP/2 side of HttpServer (Http2Connection over libnghttp2) against a client that sends what
// it likes: the same handlers answer h2 streams, watches stream as DATA and end on RST_STREAM, and
// hostile clients (too many streams, rapid resets, garbage, large heads and bodies) meet the
// limits without taking the server down.
#include "http2testclient.h"
#include "httpserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace cvc;

class TestHttp2Connection : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSslConfiguration m_tls;
    std::unique_ptr<HttpServer> m_server;
    QList<QPointer<HttpExchange>> m_streams;   // /watch exchanges still open
    int m_disconnects = 0;
    int m_handled = 0;

    void start()
    {
        m_server->setTlsConfiguration(m_tls);
        m_server->setHeadHandler([](HttpExchange *exchange) {
            if (exchange->request().path == QLatin1String("/denied"))
                exchange->respond(401, "text/plain", "no\n");
        });
        m_server->setHandler([this](HttpExchange *exchange) {
            ++m_handled;
            const HttpRequest &request = exchange->request();
            if (request.path == QLatin1String("/watch")) {
                exchange->beginStream(200, "application/json");
                exchange->writeChunk("{\"type\":\"ADDED\"}\n");
                connect(exchange, &HttpExchange::disconnected, this, [this] { ++m_disconnects; });
                m_streams.append(exchange);
                return;
            }
            if (request.path == QLatin1String("/hang"))
                return;   // answered never: the stream stays open
            exchange->respond(200, "text/plain",
                              (request.protocol == HttpProtocol::Http2 ? "h2 " : "http1 ") + request.method + ' '
                                  + request.target + ' ' + QByteArray::number(request.body.size()) + ' '
                                  + request.header("x-test"));
        });
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    }

    std::unique_ptr<Http2TestClient> connectClient()
    {
        auto client = std::make_unique<Http2TestClient>(m_server->serverPort());
        if (!client->waitConnected())
            return nullptr;
        return client;
    }

    // The server still answers a new, well-behaved client.
    bool stillServes()
    {
        auto client = connectClient();
        if (!client)
            return false;
        const int32_t id = client->request("GET", "/ok");
        return QTest::qWaitFor([&] { return client->response(id).closed; }, 5000) && client->response(id).status == 200;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess openssl;
        openssl.setWorkingDirectory(m_dir.path());
        openssl.start(QStringLiteral("openssl"),
                      {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                       "server.key", "-out", "server.crt", "-days", "2", "-subj", "/CN=localhost"});
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
        QFile crt(m_dir.filePath("server.crt")), key(m_dir.filePath("server.key"));
        QVERIFY(crt.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
        m_tls = QSslConfiguration::defaultConfiguration();
        m_tls.setLocalCertificate(QSslCertificate(crt.readAll(), QSsl::Pem));
        m_tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec, QSsl::Pem));
    }

    void init()
    {
        m_server = std::make_unique<HttpServer>();
        m_streams.clear();
        m_disconnects = 0;
        m_handled = 0;
    }

    void cleanup() { m_server.reset(); }

    void requestsReachTheSameHandlers()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t get = client->request("GET", "/a/b?x=1+2", {{"x-test", "yes"}});
        const int32_t post = client->request("POST", "/p", {{"content-type", "application/json"}}, QByteArray(100000, 'x'));
        QTRY_VERIFY_WITH_TIMEOUT(client->response(get).closed && client->response(post).closed, 5000);
        QCOMPARE(client->response(get).status, 200);
        QCOMPARE(client->response(get).body, QByteArray("h2 GET /a/b?x=1+2 0 yes"));
        QCOMPARE(client->response(post).body, QByteArray("h2 POST /p 100000 "));
    }

    // A watch is a long-lived stream; the client's RST_STREAM is a disconnect for the handler.
    void streamedResponseEndsOnReset()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t id = client->request("GET", "/watch");
        QTRY_COMPARE_WITH_TIMEOUT(client->response(id).body, QByteArray("{\"type\":\"ADDED\"}\n"), 5000);
        QCOMPARE(m_streams.size(), 1);
        m_streams.first()->writeChunk("{\"type\":\"MODIFIED\"}\n");
        QTRY_VERIFY_WITH_TIMEOUT(client->response(id).body.endsWith("MODIFIED\"}\n"), 5000);
        client->resetStream(id);
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnects, 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(m_streams.first().isNull(), 5000);
    }

    // Flow control: a client that does not read leaves the bytes queued in the stream, visible to
    // the handler as pendingBytes(), not in an unbounded socket buffer.
    void unreadStreamQueuesInTheStream()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t id = client->request("GET", "/watch");
        QTRY_COMPARE_WITH_TIMEOUT(m_streams.size(), 1, 5000);
        // The client's libnghttp2 consumes and updates windows itself; 64 KiB initial window and
        // 4 MiB written at once: most must still wait in the stream right after writing.
        const QByteArray chunk(64 * 1024, 'e');
        for (int i = 0; i < 64; ++i)
            m_streams.first()->writeChunk(chunk);
        QVERIFY(m_streams.first()->pendingBytes() > 2 * 1024 * 1024);
        QTRY_VERIFY_WITH_TIMEOUT(client->response(id).body.size() > 4 * 1024 * 1024, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(m_streams.first()->pendingBytes(), 0, 5000);
    }

    void authenticationAtHeadersDropsTheBody()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t id = client->request("POST", "/denied", {}, QByteArray(200000, 'b'));
        QTRY_VERIFY_WITH_TIMEOUT(client->response(id).status == 401, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->bufferedBodyBytes(), 0, 5000);
        QCOMPARE(m_handled, 0);
    }

    // fuzz_http2connection's corpus/http2connection/seed-trailers: fields in trailers arrived after
    // the head handler (authentication) had checked the head, and reached the handler beside them.
    void trailersNeverJoinTheCheckedHead()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t id = client->request("POST", "/t", {}, "body", false);
        QVERIFY(id > 0);
        // Trailers: HEADERS with END_STREAM | END_HEADERS and "x-test: smuggled" as an HPACK
        // literal without indexing, which leaves the client session's table as it was.
        const QByteArray field = QByteArray::fromHex("0006") + "x-test" + QByteArray::fromHex("08") + "smuggled";
        QByteArray frame;
        frame += char(0);
        frame += char(0);
        frame += char(field.size());
        frame += char(0x01);   // HEADERS
        frame += char(0x05);   // END_STREAM | END_HEADERS
        for (const int shift : {24, 16, 8, 0})
            frame += char((id >> shift) & 0xff);
        client->sendRaw(frame + field);
        // The client session never learns that its side ended, so it sees no stream close: wait
        // for the answer, which names the handler's x-test (none) after the body's size.
        QTRY_COMPARE_WITH_TIMEOUT(client->response(id).body, QByteArray("h2 POST /t 4 "), 5000);
        QCOMPARE(client->response(id).status, 200);
    }

    void limitsHoldOnHttp2()
    {
        m_server->setMaxBodyBytes(1000);
        m_server->setMaxHeaderBytes(4096);
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t big = client->request("POST", "/p", {}, QByteArray(5000, 'b'));
        const int32_t head = client->request("GET", "/h", {{"x-big", QByteArray(8000, 'h')}});
        QTRY_VERIFY_WITH_TIMEOUT(client->response(big).status == 413, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(client->response(head).status == 431, 5000);
        QCOMPARE(m_handled, 0);
        QVERIFY(stillServes());
    }

    void streamsBeyondTheCapAreRefused()
    {
        m_server->setMaxConcurrentStreams(10);
        start();
        // A client that ignores the cap: its requests leave before it reads the server's SETTINGS.
        auto client = std::make_unique<Http2TestClient>(m_server->serverPort());
        client->setInputPaused(true);
        QVERIFY(client->waitConnected());
        QList<int32_t> ids;
        for (int i = 0; i < 30; ++i)
            ids << client->request("GET", "/hang");
        client->setInputPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(std::count_if(ids.begin(), ids.end(), [&](int32_t id) {
                                     return client->response(id).reset || id < 0;
                                 }) >= 20, 5000);
        QCOMPARE(m_handled, 10);
        QVERIFY(stillServes());
    }

    // CVE-2023-44487: open and cancel streams in a loop; the server sends GOAWAY.
    void rapidResetGetsGoAway()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        for (int i = 0; i < 2000 && !client->goAwayReceived() && !client->isDisconnected(); ++i) {
            const int32_t id = client->request("GET", "/hang");
            if (id < 0)
                break;
            client->resetStream(id);
            if (i % 50 == 0)
                QCoreApplication::processEvents();
        }
        QTRY_VERIFY_WITH_TIMEOUT(client->goAwayReceived() || client->isDisconnected(), 5000);
        QVERIFY(stillServes());
    }

    void garbageEndsTheConnectionOnly()
    {
        start();
        for (int round = 0; round < 20; ++round) {
            auto client = connectClient();
            QVERIFY(client);
            QByteArray garbage(4096, Qt::Uninitialized);
            for (char &c : garbage)
                c = char(QRandomGenerator::global()->bounded(256));
            if (round % 2)
                garbage.prepend(QByteArray::fromHex("0000040100000000"));   // a HEADERS frame head, then noise
            client->sendRaw(garbage);
            QTRY_VERIFY_WITH_TIMEOUT(client->isDisconnected() || client->goAwayReceived(), 5000);
        }
        QVERIFY(stillServes());
    }

    // Idleness on h2 is "no stream open", as Go's http2 server counts it: frames that are not
    // requests (PINGs here) do not keep a connection, an open watch does, and a client that never
    // sends its preface is closed after the same idle timeout.
    void idleMeansNoStreamOpen()
    {
        m_server->setIdleTimeout(300);
        start();
        QElapsedTimer clock;
        clock.start();
        auto silent = std::make_unique<Http2TestClient>(m_server->serverPort());   // sends nothing
        auto watcher = connectClient();
        QVERIFY(watcher);
        const int32_t watch = watcher->request("GET", "/watch");
        QTRY_COMPARE_WITH_TIMEOUT(m_streams.size(), 1, 5000);
        auto pinger = connectClient();
        QVERIFY(pinger);
        QTimer pings;
        connect(&pings, &QTimer::timeout, this, [&] {
            pinger->sendRaw(QByteArray::fromHex("000008060000000000") + QByteArray("stillok!"));   // PING, 8 bytes
        });
        pings.start(50);
        QTRY_VERIFY_WITH_TIMEOUT(pinger->goAwayReceived(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(pinger->isDisconnected() && silent->isDisconnected(), 5000);
        QVERIFY(clock.elapsed() >= 300);
        // The watch's connection outlived the idle timeout several times over.
        QVERIFY(!watcher->goAwayReceived());
        QVERIFY(!watcher->response(watch).closed);
        QCOMPARE(m_disconnects, 0);
    }

    // A client silent for the PING interval gets a PING; one that answers nothing (gone without a
    // FIN) loses its connection and its watch, one that answers keeps both.
    void pingDropsClientsThatDoNotAnswer()
    {
        m_server->setHttp2PingInterval(100, 300);
        start();
        auto alive = connectClient();
        auto gone = connectClient();
        QVERIFY(alive && gone);
        const int32_t watch = alive->request("GET", "/watch");
        gone->request("GET", "/watch");
        QTRY_COMPARE_WITH_TIMEOUT(m_streams.size(), 2, 5000);
        gone->setInputPaused(true);   // reads nothing, so answers no PING
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnects, 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(alive->pingsReceived() >= 5, 5000);
        QCOMPARE(m_disconnects, 1);
        QVERIFY(!alive->isDisconnected());
        QVERIFY(!alive->response(watch).closed);
    }

    // A HEADERS frame without END_HEADERS whose CONTINUATION never comes holds the whole
    // connection (nothing else may be sent meanwhile): closed after the request-header timeout,
    // as HTTP/1.1 closes a head that does not end.
    void headerBlockThatNeverEndsIsClosed()
    {
        m_server->setRequestHeaderTimeout(300);
        start();
        auto client = connectClient();
        QVERIFY(client);
        // A whole round trip first, so that no frame of the client session (its SETTINGS ACK)
        // lands inside the open header block, which would be a protocol error at once.
        const int32_t first = client->request("GET", "/ok");
        QTRY_VERIFY_WITH_TIMEOUT(client->response(first).closed, 5000);
        QElapsedTimer clock;
        clock.start();
        // HEADERS, END_STREAM but no END_HEADERS, stream 3, ":method: GET" (HPACK static index 2).
        client->sendRaw(QByteArray::fromHex("000001010100000003" "82"));
        QTRY_VERIFY_WITH_TIMEOUT(client->isDisconnected(), 5000);
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(m_handled, 1);
        QVERIFY(!client->goAwayReceived() || client->goAwayCode() == 0);
        QVERIFY(stillServes());
    }

    void goAwayLetsOpenStreamsFinish()
    {
        start();
        auto client = connectClient();
        QVERIFY(client);
        const int32_t id = client->request("GET", "/watch");
        QTRY_COMPARE_WITH_TIMEOUT(m_streams.size(), 1, 5000);
        m_server->goAway();
        QTRY_VERIFY_WITH_TIMEOUT(client->goAwayReceived(), 5000);
        QCOMPARE(client->goAwayCode(), 0u);
        m_streams.first()->writeChunk("{\"type\":\"DELETED\"}\n");
        m_streams.first()->endStream();
        QTRY_VERIFY_WITH_TIMEOUT(client->response(id).closed, 5000);
        QVERIFY(client->response(id).body.endsWith("DELETED\"}\n"));
        QTRY_VERIFY_WITH_TIMEOUT(client->isDisconnected(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestHttp2Connection)
#include "tst_http2connection.moc"
