#include "httpserver.h"
#include "rawhttpclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cvc;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

// TLS through QSslServer, with throw-away certificates made by the openssl command line tool
// (core/http must not depend on the sandbox's CA code).
class TestHttpServerTls : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QSslCertificate m_ca;
    QSslConfiguration m_serverConfig;
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    int m_liveExchanges = 0;

    bool openssl(const QStringList &arguments)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000) || process.exitCode() != 0) {
            qWarning() << "openssl" << arguments << "failed:" << process.readAllStandardError();
            return false;
        }
        return true;
    }

    bool makeKey(const QString &name)
    {
        return openssl({"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key"});
    }

    bool makeCa(const QString &name)
    {
        return makeKey(name)
            && openssl({"req", "-x509", "-new", "-key", name + ".key", "-out", name + ".crt", "-days", "2",
                        "-subj", "/CN=" + name});
    }

    bool makeSigned(const QString &name, const QString &ca, const QString &subject, const QString &extensions)
    {
        QFile ext(m_dir.filePath(name + ".ext"));
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write(extensions.toUtf8());
        ext.close();
        return makeKey(name)
            && openssl({"req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", subject})
            && openssl({"x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
                        "-CAcreateserial", "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext"});
    }

    QSslCertificate certificate(const QString &name)
    {
        return QSslCertificate(readFile(m_dir.filePath(name + ".crt")), QSsl::Pem);
    }

    QSslKey key(const QString &name)
    {
        return QSslKey(readFile(m_dir.filePath(name + ".key")), QSsl::Ec, QSsl::Pem);
    }

    void start()
    {
        m_server->setTlsConfiguration(m_serverConfig);
        m_server->setHandler([this](HttpExchange *exchange) {
            ++m_liveExchanges;
            connect(exchange, &QObject::destroyed, this, [this] { --m_liveExchanges; });
            const QSslCertificate peer = exchange->request().peerCertificate;
            if (exchange->request().path == QLatin1String("/stream")) {
                exchange->beginStream(200, "text/plain");
                exchange->writeChunk("hello\n");
                return;
            }
            const QStringList cn = peer.subjectInfo(QSslCertificate::CommonName);
            const QStringList org = peer.subjectInfo(QSslCertificate::Organization);
            exchange->respond(200, "text/plain",
                              (peer.isNull() ? QStringLiteral("anonymous")
                                             : cn.join(',') + '/' + org.join(',')).toUtf8());
        });
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
        m_port = m_server->serverPort();
    }

    // A TLS client socket that trusts only the test CA.
    std::unique_ptr<RawHttpClient> connectTls(const QString &clientName = {}, QByteArrayList alpn = {"http/1.1"})
    {
        auto *socket = new QSslSocket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({m_ca});
        config.setAllowedNextProtocols(alpn);
        if (!clientName.isEmpty()) {
            config.setLocalCertificate(certificate(clientName));
            config.setPrivateKey(key(clientName));
        }
        socket->setSslConfiguration(config);
        auto client = std::make_unique<RawHttpClient>(socket);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        if (!QTest::qWaitFor([socket] { return socket->isEncrypted(); }, 10000)) {
            qWarning() << "handshake failed:" << socket->errorString() << socket->sslHandshakeErrors();
            return nullptr;
        }
        return client;
    }

    QByteArray get(const QByteArray &path) const
    {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeCa("ca"));
        QVERIFY(makeCa("otherca"));
        QVERIFY(makeSigned("server", "ca", "/CN=localhost",
                           "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"));
        QVERIFY(makeSigned("alice", "ca", "/CN=alice/O=devs/O=ops", "extendedKeyUsage=clientAuth\n"));
        QVERIFY(makeSigned("mallory", "otherca", "/CN=mallory", "extendedKeyUsage=clientAuth\n"));
        m_ca = certificate("ca");
        QVERIFY(!m_ca.isNull());
        m_serverConfig = QSslConfiguration::defaultConfiguration();
        m_serverConfig.setLocalCertificate(certificate("server"));
        m_serverConfig.setPrivateKey(key("server"));
        m_serverConfig.setCaCertificates({m_ca});
        QVERIFY(!m_serverConfig.privateKey().isNull());
    }

    void init()
    {
        m_server = std::make_unique<HttpServer>();
        m_liveExchanges = 0;
    }

    void cleanup()
    {
        m_server.reset();
        QTRY_COMPARE_WITH_TIMEOUT(m_liveExchanges, 0, 5000);
    }

    void qnamOverHttpsWithoutClientCertificate()
    {
        start();
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/version").arg(m_port)));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({m_ca});
        request.setSslConfiguration(config);
        QNetworkReply *reply = manager.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), QByteArray("anonymous"));
        // QNAM offers h2 first and the server takes it, as kube-apiserver does.
        QCOMPARE(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool(), true);
        reply->deleteLater();
    }

    void http1OnlyKeepsQnamOnHttp11()
    {
        m_server->setHttp1Only(true);
        start();
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/version").arg(m_port)));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({m_ca});
        request.setSslConfiguration(config);
        QNetworkReply *reply = manager.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), QByteArray("anonymous"));
        QCOMPARE(reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool(), false);
        reply->deleteLater();
    }

    void negotiatesH2OrHttp11ByAlpn()
    {
        start();
        auto h2 = connectTls({}, {"h2", "http/1.1"});
        QVERIFY(h2);
        QCOMPARE(static_cast<QSslSocket *>(h2->socket())->sslConfiguration().nextNegotiatedProtocol(), QByteArray("h2"));
        auto client = connectTls({}, {"http/1.1"});
        QVERIFY(client);
        auto *socket = static_cast<QSslSocket *>(client->socket());
        QCOMPARE(socket->sslConfiguration().nextNegotiatedProtocol(), QByteArray("http/1.1"));
        client->send(get("/x"));
        const auto response = client->readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }

    void exposesClientCertificate()
    {
        start();
        auto client = connectTls("alice");
        QVERIFY(client);
        client->send(get("/whoami"));
        const auto response = client->readResponse();
        QVERIFY(response);
        QVERIFY(response->body == "alice/devs,ops" || response->body == "alice/ops,devs");
        // Keep-alive over TLS keeps the certificate.
        client->send(get("/whoami"));
        const auto again = client->readResponse();
        QVERIFY(again);
        QCOMPARE(again->body, response->body);
    }

    void certificateFromAnotherCaIsPassedOnUnverified()
    {
        // The server only asks; whoever uses peerCertificate verifies it against its CA.
        start();
        auto client = connectTls("mallory");
        QVERIFY(client);
        client->send(get("/whoami"));
        const auto response = client->readResponse();
        QVERIFY(response);
        QCOMPARE(response->body, QByteArray("mallory/"));
    }

    void plainHttpToTlsPortFailsCleanly()
    {
        // Qt waits for a ClientHello until the handshake timeout, then drops the socket.
        m_server->setHandshakeTimeout(500);
        start();
        RawHttpClient plain(new QTcpSocket);
        QVERIFY(plain.connectTo(m_port));
        plain.send(get("/"));
        QVERIFY(plain.waitForDisconnected(10000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 5000);
        // And the server still serves TLS afterwards.
        auto client = connectTls();
        QVERIFY(client);
        client->send(get("/x"));
        QVERIFY(client->readResponse());
    }

    void silentClientHitsHandshakeTimeout()
    {
        m_server->setHandshakeTimeout(300);
        start();
        RawHttpClient silent(new QTcpSocket);
        QVERIFY(silent.connectTo(m_port));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 1, 5000);
        QVERIFY(silent.waitForDisconnected(10000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 5000);
    }

    void clientLeavingMidHandshakeLeaksNothing()
    {
        start();
        for (int i = 0; i < 20; ++i) {
            auto *socket = new QSslSocket;
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setCaCertificates({m_ca});
            socket->setSslConfiguration(config);
            RawHttpClient client(socket);
            socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY(QTest::qWaitFor([socket] { return socket->state() == QAbstractSocket::ConnectedState; }, 5000));
            socket->abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 10000);
    }

    void handshakesCountTowardsTheConnectionCap()
    {
        // A client that connects and never says hello holds a descriptor as surely as a request.
        m_server->setMaxConnections(1);
        m_server->setHandshakeTimeout(500);
        start();
        RawHttpClient silent(new QTcpSocket);
        QVERIFY(silent.connectTo(m_port));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 1, 5000);

        auto *socket = new QSslSocket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({m_ca});
        socket->setSslConfiguration(config);
        RawHttpClient waiting(socket);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        // Taken only once the silent one's handshake has timed out.
        QVERIFY(silent.waitForDisconnected(10000));
        QTRY_VERIFY_WITH_TIMEOUT(socket->isEncrypted(), 10000);
        QCOMPARE(m_server->acceptedConnectionCount(), 2);
        waiting.send(get("/x"));
        const auto response = waiting.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
    }

    void untrustingClientLeavesCleanly()
    {
        // A client that does not trust our certificate aborts the handshake.
        start();
        QSignalSpy failed(m_server.get(), &HttpServer::handshakeFailed);
        auto *socket = new QSslSocket;
        RawHttpClient client(socket);
        socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(client.waitForDisconnected(10000));
        QVERIFY(!socket->isEncrypted());
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QCOMPARE(failed.first().at(0).value<QHostAddress>(), QHostAddress(QHostAddress::LocalHost));
    }

    void disconnectMidTlsStream()
    {
        start();
        auto client = connectTls("alice");
        QVERIFY(client);
        client->send(get("/stream"));
        QVERIFY(client->readHead());
        QCOMPARE(client->readChunk(), std::optional<QByteArray>("hello\n"));
        QCOMPARE(m_liveExchanges, 1);
        client->socket()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(m_liveExchanges, 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 5000);
    }

    void manyConcurrentTlsStreams()
    {
        constexpr int Clients = 200;
        start();
        std::vector<std::unique_ptr<RawHttpClient>> clients;
        for (int i = 0; i < Clients; ++i) {
            auto *socket = new QSslSocket;
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setCaCertificates({m_ca});
            socket->setSslConfiguration(config);
            clients.push_back(std::make_unique<RawHttpClient>(socket));
            socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port);
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(), [](const auto &c) {
            return static_cast<QSslSocket *>(c->socket())->isEncrypted();
        }), 30000);
        for (auto &client : clients)
            client->send(get("/stream"));
        for (auto &client : clients) {
            QVERIFY(client->readHead(10000));
            QCOMPARE(client->readChunk(10000), std::optional<QByteArray>("hello\n"));
        }
        QCOMPARE(m_liveExchanges, Clients);
        QCOMPARE(m_server->openConnectionCount(), Clients);
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(m_liveExchanges, 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->openConnectionCount(), 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestHttpServerTls)
#include "tst_httpserver_tls.moc"
