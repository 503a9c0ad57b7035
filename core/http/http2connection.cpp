#include "http2connection.h"

#include "http2stream.h"
#include "httpbodybudget.h"
#include "httpexchange.h"
#include "httpresponsehead.h"
#include "httpserversettings.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTimer>

#include <nghttp2/nghttp2.h>

namespace cvc {

Q_LOGGING_CATEGORY(lcHttp2Connection, "cvc.http.http2")

namespace {
// Flow-control window we give each stream for request bodies: small, since bodies are at most a
// few MiB and the budget, not the window, bounds what we buffer.
constexpr int32_t InitialWindowBytes = 256 * 1024;

// Connection-specific fields have no meaning in HTTP/2 and make clients reset the stream.
bool isConnectionSpecific(const QByteArray &lowerName)
{
    return lowerName == "connection" || lowerName == "keep-alive" || lowerName == "proxy-connection"
        || lowerName == "transfer-encoding" || lowerName == "upgrade";
}

nghttp2_nv makeNv(const QByteArray &name, const QByteArray &value)
{
    // libnghttp2 copies names and values on submit; the pointers only need to live until then.
    return nghttp2_nv{reinterpret_cast<uint8_t *>(const_cast<char *>(name.constData())),
                      reinterpret_cast<uint8_t *>(const_cast<char *>(value.constData())),
                      size_t(name.size()), size_t(value.size()), NGHTTP2_NV_FLAG_NONE};
}
}

// libnghttp2's C callbacks, forwarding to the connection passed as user data.
struct Http2Callbacks {
    static Http2Connection *self(void *userData) { return static_cast<Http2Connection *>(userData); }

    static int beginHeaders(nghttp2_session *, const nghttp2_frame *frame, void *userData)
    {
        if (frame->hd.type != NGHTTP2_HEADERS)
            return 0;
        // Until the header block ends (END_HEADERS, maybe after CONTINUATION frames) the client may
        // send nothing else on the connection: a block left open stalls every stream.
        Http2Connection *connection = self(userData);
        if (connection->m_settings->headerTimeoutMs > 0)
            connection->m_headerTimer->start(connection->m_settings->headerTimeoutMs);
        if (frame->headers.cat != NGHTTP2_HCAT_REQUEST)
            return 0;
        return connection->beginHeaders(frame->hd.stream_id);
    }
    static int header(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t nameLength,
                      const uint8_t *value, size_t valueLength, uint8_t, void *userData)
    {
        if (frame->hd.type != NGHTTP2_HEADERS)
            return 0;
        return self(userData)->header(frame->hd.stream_id,
                                      QByteArray(reinterpret_cast<const char *>(name), qsizetype(nameLength)),
                                      QByteArray(reinterpret_cast<const char *>(value), qsizetype(valueLength)));
    }
    static int frameReceived(nghttp2_session *, const nghttp2_frame *frame, void *userData)
    {
        // Any whole frame means no header block is open any more (it ended, or was refused).
        self(userData)->m_headerTimer->stop();
        const bool requestHead = frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST;
        const bool endStream = (frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA)
            && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM);
        return self(userData)->frameReceived(frame->hd.stream_id, requestHead, endStream);
    }
    static int dataChunk(nghttp2_session *, uint8_t, int32_t streamId, const uint8_t *data, size_t length,
                         void *userData)
    {
        return self(userData)->dataReceived(streamId, data, length);
    }
    static int invalidFrame(nghttp2_session *, const nghttp2_frame *, int, void *userData)
    {
        self(userData)->m_headerTimer->stop();
        return 0;
    }
    static int streamClosed(nghttp2_session *, int32_t streamId, uint32_t, void *userData)
    {
        return self(userData)->streamClosed(streamId);
    }
    static ssize_t readBody(nghttp2_session *, int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags,
                            nghttp2_data_source *, void *userData)
    {
        return self(userData)->readBody(streamId, buf, length, flags);
    }
};

Http2Connection::Http2Connection(QTcpSocket *socket, std::shared_ptr<const HttpServerSettings> settings,
                                 std::shared_ptr<HttpBodyBudget> bodyBudget, QObject *parent)
    : HttpResponder(parent)
    , m_socket(socket)
    , m_settings(std::move(settings))
    , m_bodyBudget(std::move(bodyBudget))
    , m_idleTimer(new QTimer(this))
    , m_headerTimer(new QTimer(this))
    , m_pingTimer(new QTimer(this))
{
    m_socket->setParent(this);
    nghttp2_session_callbacks *callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, &Http2Callbacks::beginHeaders);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, &Http2Callbacks::header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &Http2Callbacks::frameReceived);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &Http2Callbacks::dataChunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &Http2Callbacks::streamClosed);
    nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(callbacks, &Http2Callbacks::invalidFrame);
    nghttp2_option *option = nullptr;
    nghttp2_option_new(&option);
    nghttp2_option_set_stream_reset_rate_limit(option, uint64_t(m_settings->maxResetBurst),
                                               uint64_t(m_settings->resetsPerSecond));
    nghttp2_session_server_new2(&m_session, callbacks, this, option);
    nghttp2_option_del(option);
    nghttp2_session_callbacks_del(callbacks);

    const nghttp2_settings_entry entries[] = {
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, uint32_t(m_settings->maxConcurrentStreams)},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, uint32_t(m_settings->maxHeaderBytes)},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, uint32_t(InitialWindowBytes)},
    };
    nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, entries, std::size(entries));

    m_idleTimer->setSingleShot(true);
    connect(m_idleTimer, &QTimer::timeout, this, &Http2Connection::handleIdleTimeout);
    if (m_settings->idleTimeoutMs > 0)
        m_idleTimer->start(m_settings->idleTimeoutMs);
    m_headerTimer->setSingleShot(true);
    connect(m_headerTimer, &QTimer::timeout, this, &Http2Connection::handleHeaderTimeout);
    m_pingTimer->setSingleShot(true);
    connect(m_pingTimer, &QTimer::timeout, this, &Http2Connection::handlePingTimeout);
    if (m_settings->http2PingIntervalMs > 0)
        m_pingTimer->start(m_settings->http2PingIntervalMs);
    connect(m_socket, &QIODevice::readyRead, this, &Http2Connection::readFromSocket);
    // Frames wait in libnghttp2 while the socket is full; each flush to the network makes room.
    connect(m_socket, &QIODevice::bytesWritten, this, &Http2Connection::sendPending);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &Http2Connection::sendPending);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Http2Connection::handleDisconnect);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            handleDisconnect();
    });
    sendPending();
    // Bytes may have arrived with the handshake, before we connected to readyRead.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Http2Connection::readFromSocket, Qt::QueuedConnection);
}

Http2Connection::~Http2Connection()
{
    for (auto &[id, stream] : m_streams) {
        releaseBody(stream.get());
        stream->closed = true;
        if (stream->exchange)
            stream->exchange->detach();
    }
    nghttp2_session_del(m_session);
}

void Http2Connection::abort()
{
    if (m_gone)
        return;
    nghttp2_session_terminate_session(m_session, NGHTTP2_NO_ERROR);
    m_receiving = false;
    sendPending();
    // The socket outlives us for a moment so the GOAWAY reaches the client (a restarting apiserver
    // says goodbye); a client that does not read loses it after a second.
    QTcpSocket *socket = m_socket;
    socket->disconnect(this);
    socket->setParent(nullptr);
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(1000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    socket->disconnectFromHost();
    handleDisconnect();
}

void Http2Connection::goAway()
{
    if (m_gone)
        return;
    // One GOAWAY naming the last stream taken. (A shutdown notice first, RFC 9113 6.8, leaves
    // Qt 6.4's client holding new requests on the old connection.)
    nghttp2_submit_goaway(m_session, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(m_session),
                          NGHTTP2_NO_ERROR, nullptr, 0);
    sendPending();
}

void Http2Connection::readFromSocket()
{
    // libnghttp2 must not be re-entered from its own callbacks (a handler's work can make Qt emit
    // readyRead): the loop below picks the bytes up.
    if (m_gone || m_receiving)
        return;
    m_receiving = true;
    while (!m_gone && m_socket->bytesAvailable() > 0) {
        const QByteArray data = m_socket->readAll();
        heardFromClient();
        const ssize_t read = nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t *>(data.constData()),
                                                      size_t(data.size()));
        if (read < 0) {
            // A protocol error: libnghttp2 has queued GOAWAY where the error allows one.
            qCDebug(lcHttp2Connection) << "closing on" << nghttp2_strerror(int(read)) << "from" << m_socket->peerAddress();
            nghttp2_session_terminate_session(m_session, NGHTTP2_PROTOCOL_ERROR);
            m_socket->readAll();
            break;
        }
    }
    m_receiving = false;
    sendPending();
}

void Http2Connection::sendPending()
{
    // Not from inside libnghttp2's callbacks (handlers answering at once): readFromSocket() sends
    // when mem_recv returns.
    if (m_gone || m_sending || m_receiving)
        return;
    m_sending = true;
    auto socketHolds = [this] {
        qint64 pending = m_socket->bytesToWrite();
        if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
            pending += ssl->encryptedBytesToWrite();
        return pending;
    };
    while (!m_gone && nghttp2_session_want_write(m_session) && socketHolds() < m_settings->maxQueuedBytesPerConnection) {
        const uint8_t *data = nullptr;
        const ssize_t length = nghttp2_session_mem_send(m_session, &data);
        if (length < 0) {
            qCDebug(lcHttp2Connection) << "send failed:" << nghttp2_strerror(int(length));
            m_socket->abort();
            m_sending = false;
            handleDisconnect();
            return;
        }
        if (length == 0)
            break;
        m_socket->write(reinterpret_cast<const char *>(data), length);
    }
    m_sending = false;
    // No flush(): QSslSocket may then deliver readyRead synchronously and re-enter us. Qt writes
    // the bytes from the event loop.
    closeIfDone();
}

// libnghttp2 wants neither to read nor to write once GOAWAY went either way and no stream is
// left, or after a fatal error: then the socket closes once its bytes are out.
void Http2Connection::closeIfDone()
{
    if (m_gone || nghttp2_session_want_read(m_session) || nghttp2_session_want_write(m_session))
        return;
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
}

void Http2Connection::handleIdleTimeout()
{
    // A long watch is not idleness: the clock starts again when the last stream closes.
    if (m_gone || !m_streams.empty())
        return;
    goAway();
}

void Http2Connection::handleHeaderTimeout()
{
    if (m_gone)
        return;
    // No stream can be answered 408: the block that never ended holds the whole connection.
    dropConnection("request headers not complete in time");
}

// Bytes from the client: it is alive, so no PING is due for another interval.
void Http2Connection::heardFromClient()
{
    m_pingSent = false;
    if (m_settings->http2PingIntervalMs > 0)
        m_pingTimer->start(m_settings->http2PingIntervalMs);
}

void Http2Connection::handlePingTimeout()
{
    if (m_gone)
        return;
    if (m_pingSent) {
        dropConnection("no answer to PING");
        return;
    }
    m_pingSent = true;
    nghttp2_submit_ping(m_session, NGHTTP2_FLAG_NONE, nullptr);
    m_pingTimer->start(m_settings->http2PingTimeoutMs);
    sendPending();
}

void Http2Connection::dropConnection(const char *why)
{
    qCDebug(lcHttp2Connection) << "closing:" << why << "from" << m_socket->peerAddress();
    abort();
}

void Http2Connection::handleDisconnect()
{
    if (m_gone)
        return;
    m_gone = true;
    m_idleTimer->stop();
    m_headerTimer->stop();
    m_pingTimer->stop();
    // The exchanges' handlers may reach back into us; they find every stream closed.
    std::map<int32_t, std::unique_ptr<Http2Stream>> streams;
    streams.swap(m_streams);
    for (auto &[id, stream] : streams) {
        releaseBody(stream.get());
        stream->closed = true;
        if (stream->exchange)
            stream->exchange->detach();
    }
    Q_EMIT closed();
    deleteLater();
}

Http2Stream *Http2Connection::stream(int32_t streamId) const
{
    const auto it = m_streams.find(streamId);
    return it == m_streams.end() ? nullptr : it->second.get();
}

Http2Stream *Http2Connection::streamOf(const HttpExchange *exchange) const
{
    // At most maxConcurrentStreams entries.
    for (const auto &[id, stream] : m_streams) {
        if (stream->exchange == exchange)
            return stream->closed ? nullptr : stream.get();
    }
    return nullptr;
}

int Http2Connection::beginHeaders(int32_t streamId)
{
    m_idleTimer->stop();
    auto stream = std::make_unique<Http2Stream>(streamId);
    stream->request.peerAddress = m_socket->peerAddress();
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket)) {
        stream->request.peerCertificate = ssl->peerCertificate();
        stream->request.peerCertificateChain = ssl->peerCertificateChain();
    }
    m_streams[streamId] = std::move(stream);
    return 0;
}

int Http2Connection::header(int32_t streamId, QByteArray name, QByteArray value)
{
    Http2Stream *s = stream(streamId);
    // Trailers: nothing reads them, and fields the head handler (authentication) never saw must
    // not reach the handler (an Impersonate-User after the credentials were checked).
    if (!s || s->headPassed || s->answered || s->dispatched)
        return 0;
    // Counted as SETTINGS_MAX_HEADER_LIST_SIZE does; past the limit nothing more is kept.
    s->headerBytes += name.size() + value.size() + 32;
    if (s->headerBytes > m_settings->maxHeaderBytes)
        s->headerTooLarge = true;
    if (s->headerTooLarge)
        return 0;
    if (name == ":method") {
        s->request.method = value;
    } else if (name == ":path") {
        s->request.target = value;
        s->request.setPathAndQuery(value);
    } else if (name == ":authority") {
        // Handlers read Host, as on HTTP/1.1.
        s->request.headers.append({QByteArrayLiteral("host"), value});
    } else if (!name.startsWith(':')) {
        s->request.headers.append({std::move(name), std::move(value)});
    }
    return 0;
}

int Http2Connection::frameReceived(int32_t streamId, bool requestHead, bool endStream)
{
    Http2Stream *s = stream(streamId);
    if (!s)
        return 0;
    if (requestHead)
        headComplete(s);
    if (endStream) {
        s = stream(streamId);   // the head handler may have answered and closed it
        if (s && s->headPassed && !s->answered && !s->dispatched)
            dispatch(s);
    }
    return 0;
}

// The whole head is here and no DATA has been kept: limits, then the head handler (authentication).
void Http2Connection::headComplete(Http2Stream *s)
{
    if (s->headerTooLarge) {
        answerError(s, 431, QStringLiteral("request headers larger than %1 bytes").arg(m_settings->maxHeaderBytes));
        return;
    }
    const QByteArray length = s->request.header("content-length");
    if (!length.isEmpty() && length.toLongLong() > m_settings->maxBodyBytes) {
        answerError(s, 413, QStringLiteral("request body larger than %1 bytes").arg(m_settings->maxBodyBytes));
        return;
    }
    auto *exchange = new HttpExchange(s->request, this);
    s->exchange = exchange;
    if (m_settings->headHandler) {
        const int32_t id = s->id();
        m_settings->headHandler(exchange);
        s = stream(id);
        if (!s || s->answered || s->closed)
            return;
    }
    s->headPassed = true;
}

int Http2Connection::dataReceived(int32_t streamId, const uint8_t *data, size_t length)
{
    Http2Stream *s = stream(streamId);
    // Answered at the head (401, 413 …) or already handed over: the body is dropped, never kept.
    if (!s || !s->headPassed || s->answered || s->dispatched)
        return 0;
    const qint64 size = s->request.body.size() + qint64(length);
    if (size > m_settings->maxBodyBytes) {
        answerError(s, 413, QStringLiteral("request body larger than %1 bytes").arg(m_settings->maxBodyBytes));
        return 0;
    }
    if (size > s->reservedBodyBytes) {
        if (!m_bodyBudget->tryReserve(size - s->reservedBodyBytes, m_settings->maxBufferedBodyBytes)) {
            answerError(s, 429,
                        QStringLiteral("the server is reading too many request bodies at once (%1 bytes); try again later")
                            .arg(m_settings->maxBufferedBodyBytes),
                        {{QByteArrayLiteral("retry-after"), QByteArrayLiteral("1")}});
            return 0;
        }
        s->reservedBodyBytes = size;
    }
    s->request.body.append(reinterpret_cast<const char *>(data), qsizetype(length));
    return 0;
}

void Http2Connection::dispatch(Http2Stream *s)
{
    releaseBody(s);
    s->dispatched = true;
    HttpExchange *exchange = s->exchange;
    if (!exchange)
        return;
    exchange->setRequest(s->request);
    s->request.body.clear();   // the exchange holds it now
    if (m_settings->handler)
        m_settings->handler(exchange);
    else
        exchange->respond(404, "text/plain; charset=utf-8", "no handler\n");
}

void Http2Connection::releaseBody(Http2Stream *s)
{
    if (s->reservedBodyBytes > 0)
        m_bodyBudget->release(s->reservedBodyBytes);
    s->reservedBodyBytes = 0;
}

int Http2Connection::streamClosed(int32_t streamId)
{
    const auto it = m_streams.find(streamId);
    if (it == m_streams.end())
        return 0;
    std::unique_ptr<Http2Stream> s = std::move(it->second);
    m_streams.erase(it);
    if (m_streams.empty() && m_settings->idleTimeoutMs > 0)
        m_idleTimer->start(m_settings->idleTimeoutMs);
    releaseBody(s.get());
    s->closed = true;
    // A client RST_STREAM (a cancelled watch) or GOAWAY: the handler sees a disconnect.
    if (s->exchange)
        s->exchange->detach();
    return 0;
}

long Http2Connection::readBody(int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags)
{
    Http2Stream *s = stream(streamId);
    if (!s) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        return 0;
    }
    bool eof = false;
    const ssize_t n = s->take(buf, length, &eof);
    if (n < 0)
        return NGHTTP2_ERR_DEFERRED;   // resumed by writeChunk() or endStream()
    if (eof)
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return n;
}

void Http2Connection::submitResponse(Http2Stream *s, int status, const QByteArray &contentType,
                                     const HttpHeaders &extra, qint64 contentLength, bool hasBody)
{
    s->answered = true;
    QList<std::pair<QByteArray, QByteArray>> fields;
    fields.append({QByteArrayLiteral(":status"), QByteArray::number(status)});
    if (!contentType.isEmpty())
        fields.append({QByteArrayLiteral("content-type"), contentType});
    if (contentLength >= 0)
        fields.append({QByteArrayLiteral("content-length"), QByteArray::number(contentLength)});
    bool hasDate = false;
    for (const auto &[name, value] : extra) {
        const QByteArray lower = name.toLower();   // HTTP/2 field names are lower case
        if (isConnectionSpecific(lower) || lower == "content-length")
            continue;
        hasDate = hasDate || lower == "date";
        fields.append({lower, value});
    }
    if (!hasDate)
        fields.append({QByteArrayLiteral("date"), httpDate(QDateTime::currentDateTimeUtc())});
    std::vector<nghttp2_nv> nva;
    nva.reserve(size_t(fields.size()));
    for (const auto &[name, value] : fields)
        nva.push_back(makeNv(name, value));
    nghttp2_data_provider provider{};
    provider.read_callback = &Http2Callbacks::readBody;
    const int rv = nghttp2_submit_response(m_session, s->id(), nva.data(), nva.size(), hasBody ? &provider : nullptr);
    if (rv != 0)
        qCDebug(lcHttp2Connection) << "cannot answer stream" << s->id() << nghttp2_strerror(rv);
}

void Http2Connection::answerError(Http2Stream *s, int status, const QString &message, const HttpHeaders &extra)
{
    // A head handler's exchange never reaches the handler now.
    if (HttpExchange *exchange = s->exchange) {
        s->exchange = nullptr;
        exchange->detach();
    }
    releaseBody(s);
    const QByteArray body = m_settings->errorResponder ? m_settings->errorResponder(status, message)
                                                       : message.toUtf8() + '\n';
    s->append(body);
    s->finish();
    submitResponse(s, status,
                   body.startsWith('{') ? QByteArray("application/json") : QByteArray("text/plain; charset=utf-8"),
                   extra, body.size(), true);
    sendPending();
}

void Http2Connection::respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                              const QByteArray &body, const HttpHeaders &extra)
{
    Http2Stream *s = streamOf(exchange);
    if (!s || s->answered)
        return;
    const bool bodyless = status == 204 || status == 304 || (status >= 100 && status < 200);
    const bool isHead = s->request.method == "HEAD";
    if (!bodyless && !isHead)
        s->append(body);
    s->finish();
    s->exchange = nullptr;   // finished: a later stream close is no disconnect
    submitResponse(s, status, contentType, extra, (bodyless && status != 304) ? -1 : body.size(),
                   !bodyless && !isHead && !body.isEmpty());
    sendPending();
}

void Http2Connection::beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                                  const HttpHeaders &extra)
{
    Http2Stream *s = streamOf(exchange);
    if (!s || s->answered)
        return;
    if (s->request.method == "HEAD")
        s->finish();
    submitResponse(s, status, contentType, extra, -1, s->request.method != "HEAD");
    sendPending();
}

void Http2Connection::writeChunk(HttpExchange *exchange, const QByteArray &data)
{
    Http2Stream *s = streamOf(exchange);
    if (!s || s->isFinished())
        return;
    s->append(data);
    nghttp2_session_resume_data(m_session, s->id());
    sendPending();
}

void Http2Connection::endStream(HttpExchange *exchange)
{
    Http2Stream *s = streamOf(exchange);
    if (!s)
        return;
    s->finish();
    s->exchange = nullptr;
    nghttp2_session_resume_data(m_session, s->id());
    sendPending();
}

qint64 Http2Connection::pendingBytes(const HttpExchange *exchange) const
{
    const Http2Stream *s = streamOf(exchange);
    return s ? s->queuedBytes() : 0;
}

} // namespace cvc
