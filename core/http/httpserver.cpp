#include "httpserver.h"

#include "httpbodybudget.h"
#include "http2connection.h"
#include "httpconnection.h"
#include "httplistener.h"
#include "httpserversettings.h"

#include <QSslSocket>

namespace cvc {

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_shared<HttpServerSettings>())
    , m_bodyBudget(std::make_shared<HttpBodyBudget>())
    , m_listener(new HttpListener(m_settings, this))
{
    connect(m_listener, &HttpListener::socketReady, this, &HttpServer::adopt);
    connect(m_listener, &HttpListener::handshakeFailed, this, &HttpServer::handshakeFailed);
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setHandler(Handler handler)
{
    m_settings->handler = std::move(handler);
}

void HttpServer::setHeadHandler(Handler handler)
{
    m_settings->headHandler = std::move(handler);
}

void HttpServer::setTlsConfiguration(const QSslConfiguration &config)
{
    m_tlsConfiguration = config;
}

void HttpServer::setHttp1Only(bool http1Only)
{
    m_settings->http1Only = http1Only;
}

void HttpServer::setMaxConcurrentStreams(int streams)
{
    m_settings->maxConcurrentStreams = qMax(1, streams);
}

void HttpServer::setMaxBodyBytes(qint64 bytes)
{
    m_settings->maxBodyBytes = bytes;
}

void HttpServer::setMaxHeaderBytes(qint64 bytes)
{
    m_settings->maxHeaderBytes = bytes;
}

void HttpServer::setMaxBufferedBodyBytes(qint64 bytes)
{
    m_settings->maxBufferedBodyBytes = bytes;
}

void HttpServer::setMaxConnections(int connections)
{
    m_settings->maxConnections = qMax(1, connections);
}

void HttpServer::setMaxConnectionsPerPeer(int connections)
{
    m_settings->maxConnectionsPerPeer = qMax(1, connections);
}

void HttpServer::setHandshakeTimeout(int milliseconds)
{
    m_settings->handshakeTimeoutMs = milliseconds;
}

void HttpServer::setIdleTimeout(int milliseconds)
{
    m_settings->idleTimeoutMs = milliseconds;
}

void HttpServer::setHttp2PingInterval(int milliseconds, int timeoutMs)
{
    m_settings->http2PingIntervalMs = milliseconds;
    m_settings->http2PingTimeoutMs = timeoutMs;
}

void HttpServer::setRequestHeaderTimeout(int milliseconds)
{
    m_settings->headerTimeoutMs = milliseconds;
}

void HttpServer::setRequestBodyTimeout(int milliseconds)
{
    m_settings->bodyTimeoutMs = milliseconds;
}

void HttpServer::setErrorResponder(ErrorResponder responder)
{
    m_settings->errorResponder = std::move(responder);
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    m_listener->setTlsConfiguration(m_tlsConfiguration);
    if (!m_listener->listen(address, port, &m_errorString))
        return false;
    m_errorString.clear();
    return true;
}

bool HttpServer::isListening() const
{
    return m_listener->isListening();
}

quint16 HttpServer::serverPort() const
{
    return m_listener->port();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_listener->address();
}

QString HttpServer::errorString() const
{
    return m_errorString;
}

void HttpServer::close()
{
    m_listener->close();
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections)
        connection->abort();
    const QList<Http2Connection *> h2Connections = findChildren<Http2Connection *>(Qt::FindDirectChildrenOnly);
    for (Http2Connection *connection : h2Connections)
        connection->abort();
}

void HttpServer::goAway()
{
    const QList<Http2Connection *> connections = findChildren<Http2Connection *>(Qt::FindDirectChildrenOnly);
    for (Http2Connection *connection : connections)
        connection->goAway();
}

int HttpServer::openConnectionCount() const
{
    return m_listener->openSockets();
}

qint64 HttpServer::acceptedConnectionCount() const
{
    return m_listener->acceptedCount();
}

qint64 HttpServer::refusedConnectionCount() const
{
    return m_listener->refusedCount();
}

qint64 HttpServer::acceptFailureCount() const
{
    return m_listener->acceptFailureCount();
}

qint64 HttpServer::bufferedBodyBytes() const
{
    return m_bodyBudget->reserved();
}

void HttpServer::adopt(QTcpSocket *socket)
{
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    if (ssl && ssl->sslConfiguration().nextNegotiatedProtocol() == "h2")
        new Http2Connection(socket, m_settings, m_bodyBudget, this);
    else
        new HttpConnection(socket, m_settings, m_bodyBudget, this);
}

} // namespace cvc
