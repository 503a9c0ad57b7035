#include "httpserver.h"

#include "httpconnection.h"
#include "httpserversettings.h"

#include <QLoggingCategory>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>

namespace cvc {

Q_LOGGING_CATEGORY(lcHttpServer, "cvc.http.server")

namespace {
// Accepted but not yet taken connections; the default (30) would stall bursts of watch clients.
constexpr int MaxPendingConnections = 1024;
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent), m_settings(std::make_shared<HttpServerSettings>())
{
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setHandler(Handler handler)
{
    m_settings->handler = std::move(handler);
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &config)
{
    m_tlsConfiguration = config;
    m_tls = !config.isNull();
}

void HttpServer::setMaxBodyBytes(qint64 bytes)
{
    m_settings->maxBodyBytes = bytes;
}

void HttpServer::setMaxHeaderBytes(qint64 bytes)
{
    m_settings->maxHeaderBytes = bytes;
}

void HttpServer::setHandshakeTimeout(int milliseconds)
{
    m_settings->handshakeTimeoutMs = milliseconds;
}

void HttpServer::setIdleTimeout(int milliseconds)
{
    m_settings->idleTimeoutMs = milliseconds;
}

void HttpServer::setRequestHeaderTimeout(int milliseconds)
{
    m_settings->headerTimeoutMs = milliseconds;
}

void HttpServer::setErrorResponder(ErrorResponder responder)
{
    m_settings->errorResponder = std::move(responder);
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_server) {
        m_errorString = QStringLiteral("the server is already listening");
        return false;
    }
    if (m_tls) {
        auto *server = new QSslServer(this);
        QSslConfiguration config = m_tlsConfiguration;
        // We speak HTTP/1.1 only: offering h2 would make clients switch protocols on us.
        config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        // Ask for a client certificate but let requests without one through; the caller decides
        // what an (unverified) certificate is worth.
        config.setPeerVerifyMode(QSslSocket::QueryPeer);
        server->setSslConfiguration(config);
        server->setHandshakeTimeout(m_settings->handshakeTimeoutMs);
        connect(server, &QSslServer::errorOccurred, this,
                [this](QSslSocket *socket, QAbstractSocket::SocketError) {
                    // Only the reason: never certificate contents.
                    if (!socket->isEncrypted())
                        Q_EMIT handshakeFailed(socket->peerAddress(), socket->errorString());
                });
        m_server = server;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(MaxPendingConnections);
    // Emitted for QSslServer only once the handshake is done (newConnection comes too early).
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
    if (!m_server->listen(address, port)) {
        m_errorString = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_errorString.clear();
    return true;
}

bool HttpServer::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

QString HttpServer::errorString() const
{
    return m_errorString;
}

void HttpServer::close()
{
    if (m_server) {
        m_server->close();
        // Sockets still in their TLS handshake are children of the QSslServer and go with it.
        delete m_server;
        m_server = nullptr;
    }
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections)
        connection->abort();
}

int HttpServer::openConnectionCount() const
{
    int handshaking = 0;
    if (m_server)
        handshaking = m_server->findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly).size();
    return m_connectionCount + handshaking;
}

void HttpServer::acceptPending()
{
    while (m_server && m_server->hasPendingConnections()) {
        if (QTcpSocket *socket = m_server->nextPendingConnection())
            adopt(socket);
    }
}

void HttpServer::adopt(QTcpSocket *socket)
{
    auto *connection = new HttpConnection(socket, m_settings, this);
    ++m_connectionCount;
    connect(connection, &QObject::destroyed, this, [this] { --m_connectionCount; });
}

} // namespace cvc
