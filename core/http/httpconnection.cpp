#include "httpconnection.h"

#include "httpbodybudget.h"
#include "httpexchange.h"
#include "httpresponsehead.h"
#include "httpserversettings.h"

#include <QLoggingCategory>
#include <QSslSocket>
#include <QTimer>

namespace cvc {

Q_LOGGING_CATEGORY(lcHttpConnection, "cvc.http.connection")

namespace {
// Bytes Qt may buffer for us while a request is being answered (pipelined data waits there).
constexpr qint64 SocketReadBufferBytes = 1024 * 1024;
// After answering an error we read and drop what the client still sends for a short while, so
// that closing does not reset the connection before the client has read our answer.
constexpr int DrainQuietMs = 250;
constexpr int DrainMaxMs = 5000;
constexpr qint64 DrainMaxBytes = 16 * 1024 * 1024;
}

HttpConnection::HttpConnection(QTcpSocket *socket, std::shared_ptr<const HttpServerSettings> settings,
                               std::shared_ptr<HttpBodyBudget> bodyBudget, QObject *parent)
    : HttpResponder(parent)
    , m_socket(socket)
    , m_settings(std::move(settings))
    , m_bodyBudget(std::move(bodyBudget))
    , m_parser(m_settings->maxHeaderBytes, m_settings->maxBodyBytes)
    , m_idleTimer(new QTimer(this))
    , m_headerTimer(new QTimer(this))
    , m_bodyTimer(new QTimer(this))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(SocketReadBufferBytes);
    m_idleTimer->setSingleShot(true);
    connect(m_idleTimer, &QTimer::timeout, this, &HttpConnection::handleTimeout);
    m_headerTimer->setSingleShot(true);
    connect(m_headerTimer, &QTimer::timeout, this, &HttpConnection::handleHeaderTimeout);
    m_bodyTimer->setSingleShot(true);
    connect(m_bodyTimer, &QTimer::timeout, this, &HttpConnection::handleBodyTimeout);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::readFromSocket);
    connect(m_socket, &QAbstractSocket::disconnected, this, &HttpConnection::handleDisconnect);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            handleDisconnect();
    });
    restartIdleTimer();
    // Bytes may have arrived with the handshake, before we connected to readyRead.
    if (m_socket->bytesAvailable() > 0)
        scheduleProcessing();
}

HttpConnection::~HttpConnection()
{
    releaseBody();
    if (m_exchange)
        m_exchange->detach();
}

void HttpConnection::abort()
{
    if (m_gone)
        return;
    m_socket->abort();
    handleDisconnect();
}

qint64 HttpConnection::pendingBytes(const HttpExchange *) const
{
    qint64 pending = m_socket->bytesToWrite();
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}

void HttpConnection::restartIdleTimer()
{
    if (m_draining)
        return;
    if (m_settings->idleTimeoutMs > 0)
        m_idleTimer->start(m_settings->idleTimeoutMs);
    else
        m_idleTimer->stop();
}

void HttpConnection::handleTimeout()
{
    if (m_gone)
        return;
    if (m_draining) {
        m_socket->disconnectFromHost();
        return;
    }
    if (handlerIsBusy())
        return;   // a slow handler or a long stream is not idleness
    qCDebug(lcHttpConnection) << "closing idle connection from" << m_socket->peerAddress();
    m_socket->disconnectFromHost();
}

void HttpConnection::handleHeaderTimeout()
{
    if (m_gone || m_draining || m_closing || handlerIsBusy() || !m_parser.isInHead())
        return;
    if (!m_parser.hasPartialHead() && m_buffer.isEmpty()) {
        // Only empty lines: there is no request to answer, so close as for an idle connection.
        qCDebug(lcHttpConnection) << "no request line in time from" << m_socket->peerAddress();
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    qCDebug(lcHttpConnection) << "request head too slow from" << m_socket->peerAddress();
    answerError(408, QStringLiteral("timed out reading the request headers"));
}

void HttpConnection::handleBodyTimeout()
{
    if (m_gone || m_draining || !m_readingBody)
        return;
    qCDebug(lcHttpConnection) << "request body too slow from" << m_socket->peerAddress();
    answerError(408, QStringLiteral("timed out reading the request body (%1 ms)").arg(m_settings->bodyTimeoutMs));
}

void HttpConnection::readFromSocket()
{
    if (m_gone)
        return;
    if (m_draining) {
        const QByteArray dropped = m_socket->readAll();
        m_drained += dropped.size();
        if (m_drained > DrainMaxBytes || m_drainDeadline.hasExpired())
            m_socket->disconnectFromHost();
        else
            m_idleTimer->start(DrainQuietMs);
        return;
    }
    if (handlerIsBusy() || m_closing)
        return;   // one request at a time: pipelined bytes wait in the socket
    processBuffer();
}

void HttpConnection::scheduleProcessing()
{
    if (m_processScheduled)
        return;
    m_processScheduled = true;
    // Queued, so that a handler answering synchronously never re-enters the parser.
    QMetaObject::invokeMethod(this, [this] {
        m_processScheduled = false;
        processBuffer();
    }, Qt::QueuedConnection);
}

void HttpConnection::processBuffer()
{
    if (m_gone || handlerIsBusy() || m_draining || m_closing)
        return;
    if (m_socket->bytesAvailable() > 0) {
        m_buffer += m_socket->readAll();
        restartIdleTimer();
    }
    // The clock for the head starts with its first byte, empty lines before the request line
    // included (as Go's ReadHeaderTimeout), not with the connection.
    if (m_parser.isInHead() && !m_buffer.isEmpty() && !m_headerTimer->isActive() && m_settings->headerTimeoutMs > 0)
        m_headerTimer->start(m_settings->headerTimeoutMs);
    while (true) {
        switch (m_parser.parse(m_buffer)) {
        case HttpRequestParser::Result::NeedMore:
            // A chunked body grows as it comes.
            if (m_readingBody)
                reserveBody(m_parser.bodyBytes());
            return;
        case HttpRequestParser::Result::HeadComplete:
            m_headerTimer->stop();
            if (!startBody())
                return;
            continue;
        case HttpRequestParser::Result::Error:
            answerError(m_parser.errorStatus(), m_parser.errorMessage());
            return;
        case HttpRequestParser::Result::Complete:
            if (!reserveBody(m_parser.bodyBytes()))
                return;
            dispatch();
            return;
        }
    }
}

// The head is complete: the head handler may refuse the request, the body must fit the budget,
// and only then may the client be told to send it. False when the request ended here.
bool HttpConnection::startBody()
{
    m_readingBody = true;
    m_http10 = m_parser.isHttp10();
    m_closeAfterResponse = !m_parser.wantsKeepAlive();
    m_isHead = m_parser.request().method == "HEAD";
    if (m_settings->headHandler) {
        HttpExchange *exchange = createExchange(m_parser.request());
        m_settings->headHandler(exchange);
        // Answered (the connection is draining now) or the client left meanwhile.
        if (m_gone || m_exchange != exchange || !m_readingBody)
            return false;
    }
    if (!m_parser.hasBody())
        return true;
    if (!reserveBody(m_parser.contentLength()))
        return false;
    // Tell a waiting client to send the body, unless it already started.
    if (m_parser.expectsContinue() && m_buffer.isEmpty())
        write("HTTP/1.1 100 Continue\r\n\r\n");
    if (m_settings->bodyTimeoutMs > 0)
        m_bodyTimer->start(m_settings->bodyTimeoutMs);
    return true;
}

// Grows this connection's share of the server's body budget to bytes; answers 429 when the
// budget cannot give that much.
bool HttpConnection::reserveBody(qint64 bytes)
{
    if (bytes <= m_reservedBodyBytes)
        return true;
    if (!m_bodyBudget->tryReserve(bytes - m_reservedBodyBytes, m_settings->maxBufferedBodyBytes)) {
        qCDebug(lcHttpConnection) << "body budget spent; refusing a body from" << m_socket->peerAddress();
        answerError(429,
                    QStringLiteral("the server is reading too many request bodies at once (%1 bytes); try again later")
                        .arg(m_settings->maxBufferedBodyBytes),
                    {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}});
        return false;
    }
    m_reservedBodyBytes = bytes;
    return true;
}

void HttpConnection::releaseBody()
{
    if (m_reservedBodyBytes > 0)
        m_bodyBudget->release(m_reservedBodyBytes);
    m_reservedBodyBytes = 0;
}

void HttpConnection::addPeer(HttpRequest *request) const
{
    request->peerAddress = m_socket->peerAddress();
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        request->peerCertificate = ssl->peerCertificate();
        request->peerCertificateChain = ssl->peerCertificateChain();
    }
}

HttpExchange *HttpConnection::createExchange(HttpRequest request)
{
    addPeer(&request);
    auto *exchange = new HttpExchange(std::move(request), this);
    m_exchange = exchange;
    return exchange;
}

void HttpConnection::dispatch()
{
    m_bodyTimer->stop();
    releaseBody();
    m_readingBody = false;
    HttpRequest request = m_parser.takeRequest();
    m_parser.reset();
    m_idleTimer->stop();
    m_headerTimer->stop();

    HttpExchange *exchange = m_exchange;
    if (exchange) {
        // The head handler let it through: the same exchange, now with the body.
        addPeer(&request);
        exchange->setRequest(std::move(request));
    } else {
        exchange = createExchange(std::move(request));
    }
    if (m_settings->handler) {
        m_settings->handler(exchange);
    } else {
        exchange->respond(404, "text/plain; charset=utf-8", "no handler\n");
    }
}

void HttpConnection::write(const QByteArray &data)
{
    if (m_gone || data.isEmpty())
        return;
    m_socket->write(data);
    m_socket->flush();
}

void HttpConnection::respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                             const QByteArray &body, const HttpHeaders &extra)
{
    if (exchange != m_exchange || m_gone)
        return;
    HttpResponseHead head;
    head.status = status;
    head.contentType = contentType;
    head.extra = extra;
    const bool bodyless = status == 204 || status == 304 || (status >= 100 && status < 200);
    head.contentLength = (bodyless && status != 304) ? -1 : body.size();
    if (head.extraRequestsClose())
        m_closeAfterResponse = true;
    if (m_readingBody)
        endRequestAtHead();
    head.close = m_closeAfterResponse;
    head.http10KeepAlive = m_http10 && !m_closeAfterResponse;
    QByteArray out = head.serialize();
    if (!m_isHead && !bodyless)
        out += body;
    write(out);
    finishCurrent();
}

void HttpConnection::beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                                 const HttpHeaders &extra)
{
    if (exchange != m_exchange || m_gone)
        return;
    HttpResponseHead head;
    head.status = status;
    head.contentType = contentType;
    head.extra = extra;
    if (head.extraRequestsClose())
        m_closeAfterResponse = true;
    if (m_readingBody)
        endRequestAtHead();
    // HTTP/1.0 has no chunked framing: the end of the connection ends the body.
    m_streamDelimitedByClose = m_http10;
    if (m_streamDelimitedByClose)
        m_closeAfterResponse = true;
    head.chunked = !m_streamDelimitedByClose;
    head.close = m_closeAfterResponse;
    write(head.serialize());
}

void HttpConnection::writeChunk(HttpExchange *exchange, const QByteArray &data)
{
    if (exchange != m_exchange || m_gone || m_isHead)
        return;
    if (m_streamDelimitedByClose)
        write(data);
    else
        write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::endStream(HttpExchange *exchange)
{
    if (exchange != m_exchange || m_gone)
        return;
    if (!m_isHead && !m_streamDelimitedByClose)
        write("0\r\n\r\n");
    finishCurrent();
}

// Answered while the head handler had the request: it never reaches the handler. A body it came
// with cannot be skipped safely, so then the connection ends after the answer.
void HttpConnection::endRequestAtHead()
{
    m_readingBody = false;
    m_bodyTimer->stop();
    releaseBody();
    if (m_parser.hasBody()) {
        m_closeAfterResponse = true;
        m_drainAfterResponse = true;
    }
    m_parser.reset();
}

void HttpConnection::finishCurrent()
{
    m_exchange = nullptr;
    m_isHead = false;
    m_streamDelimitedByClose = false;
    if (m_drainAfterResponse) {
        // Drop what the client still sends of the unread body for a moment, then close, so that
        // it reads our answer rather than a reset.
        m_drainAfterResponse = false;
        startDraining();
        return;
    }
    if (m_closeAfterResponse) {
        m_closing = true;
        // Waits for the written bytes to go out, then closes and emits disconnected().
        m_socket->disconnectFromHost();
        return;
    }
    restartIdleTimer();
    scheduleProcessing();
}

void HttpConnection::answerError(int status, const QString &message, const HttpHeaders &extra)
{
    qCDebug(lcHttpConnection) << "answering" << status << message << "to" << m_socket->peerAddress();
    if (m_exchange) {
        // The head handler let the request through; it never reaches the handler now.
        HttpExchange *exchange = m_exchange;
        m_exchange = nullptr;
        exchange->detach();
    }
    m_readingBody = false;
    QByteArray body = m_settings->errorResponder ? m_settings->errorResponder(status, message)
                                                 : message.toUtf8() + '\n';
    HttpResponseHead head;
    head.status = status;
    head.contentType = body.startsWith('{') ? QByteArray("application/json")
                                            : QByteArray("text/plain; charset=utf-8");
    head.extra = extra;
    head.contentLength = body.size();
    head.close = true;
    write(head.serialize() + body);
    startDraining();
}

void HttpConnection::startDraining()
{
    m_buffer.clear();
    m_headerTimer->stop();
    m_bodyTimer->stop();
    releaseBody();
    m_draining = true;
    m_drainDeadline.setRemainingTime(DrainMaxMs);
    m_idleTimer->start(DrainQuietMs);
    // Bytes Qt holds already would not be signalled again.
    if (m_socket->bytesAvailable() > 0)
        m_drained += m_socket->readAll().size();
}

void HttpConnection::handleDisconnect()
{
    if (m_gone)
        return;
    m_gone = true;
    m_idleTimer->stop();
    m_headerTimer->stop();
    m_bodyTimer->stop();
    releaseBody();
    m_readingBody = false;
    if (m_exchange) {
        HttpExchange *exchange = m_exchange;
        m_exchange = nullptr;
        exchange->detach();
    }
    Q_EMIT closed();
    deleteLater();
}

} // namespace cvc
