// libFuzzer target: arbitrary bytes as a client's side of one HTTP/2 connection, read by
// Http2Connection (the glue between libnghttp2 and the handlers) through a socket that lives in
// memory. The first byte chooses how the connection starts: the bytes as they are (the preface
// fuzzed too), or after a valid client preface, empty or with SETTINGS built from the next bytes.
// Beyond "no crash" (ASan/UBSan), the oracles are the h2 limits of the hardening issue:
//  - handlers run only for requests whose HEADERS the head handler (authentication) let through,
//    and see exactly the fields it saw (nothing arriving later, trailers included, joins them);
//  - the head handler runs before any DATA of its stream is kept;
//  - frames queued on the socket stay within the per-connection budget (1 MiB) while the client
//    does not read, request bodies within the body budget, and every byte of that budget is given
//    back once the connection is gone;
//  - the connection and every exchange are deleted once the client disconnects.
#include "http2connection.h"
#include "httpbodybudget.h"
#include "httpexchange.h"
#include "httpserversettings.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QTcpSocket>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>

namespace {

using namespace cvc;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_http2connection: %s\n", what);
    std::abort();
}

// What a TCP socket does for Http2Connection, in memory: bytes fed in come out of readAll(), bytes
// written are held (bytesToWrite()) until the fuzzed client "reads" them.
class MemorySocket : public QTcpSocket
{
public:
    MemorySocket()
    {
        setSocketState(ConnectedState);
        setPeerAddress(QHostAddress::LocalHost);
        setOpenMode(QIODevice::ReadWrite);
    }
    ~MemorySocket() override { setSocketState(UnconnectedState); }

    void feed(const QByteArray &bytes)
    {
        m_input += bytes;
        Q_EMIT readyRead();
    }
    // The client reads everything the server wrote: the socket has room again.
    void drain()
    {
        const qint64 drained = m_held;
        m_held = 0;
        if (drained > 0)
            Q_EMIT bytesWritten(drained);
    }
    void hangUp()
    {
        if (state() == UnconnectedState)
            return;
        setSocketState(UnconnectedState);
        Q_EMIT disconnected();
    }
    qint64 held() const { return m_held; }
    bool closeRequested() const { return m_closeRequested; }

    qint64 bytesAvailable() const override { return QIODevice::bytesAvailable() + m_input.size(); }
    qint64 bytesToWrite() const override { return m_held; }
    void disconnectFromHost() override { m_closeRequested = true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin<qint64>(maxSize, m_input.size());
        std::memcpy(data, m_input.constData(), size_t(n));
        m_input.remove(0, qsizetype(n));
        return n;
    }
    qint64 writeData(const char *, qint64 size) override
    {
        m_held += size;
        return size;
    }

private:
    QByteArray m_input;
    qint64 m_held = 0;
    bool m_closeRequested = false;
};

const QByteArray Credential = QByteArrayLiteral("Bearer fuzz");

// What the handlers saw of one input.
struct Seen {
    QSet<const HttpExchange *> passed;        // let through by the head handler
    QHash<const HttpExchange *, HttpHeaders> heads;
    int accepted = 0;
    int refused = 0;
    int handled = 0;
    qint64 peakHeld = 0;
};
Seen *seen = nullptr;

void headHandler(HttpExchange *exchange)
{
    const HttpRequest &request = exchange->request();
    seen->passed.remove(exchange);   // a new exchange at a freed one's address
    if (!request.body.isEmpty())
        fail("the head handler ran after DATA was kept");
    if (request.header("authorization") != Credential) {
        exchange->respond(401, "application/json", "{\"kind\":\"Status\",\"code\":401}");
        ++seen->refused;
        return;
    }
    seen->passed.insert(exchange);
    seen->heads.insert(exchange, request.headers);
    ++seen->accepted;
}

void handler(HttpExchange *exchange)
{
    const HttpRequest &request = exchange->request();
    if (!seen->passed.contains(exchange))
        fail("a handler ran for a request the head handler did not let through");
    if (request.header("authorization") != Credential)
        fail("a handler ran for a request without the credential");
    if (request.headers != seen->heads.value(exchange))
        fail("fields that arrived after the head reached the handler");
    ++seen->handled;
    if (request.path == QLatin1String("/watch")) {
        // A long response the client may never read: flow control and the socket budget hold it.
        exchange->beginStream(200, "application/json");
        const QByteArray event(16 * 1024, 'w');
        for (int i = 0; i < 96 && exchange->pendingBytes() < 1024 * 1024; ++i)
            exchange->writeChunk(event);
        if (request.hasQueryItem(QStringLiteral("end")))
            exchange->endStream();
        return;
    }
    if (request.path == QLatin1String("/hang"))
        return;   // never answered: the stream stays open until the client leaves
    exchange->respond(200, "text/plain", QByteArray::number(request.body.size()));
}

// The limits in force: production's, or small ones that inputs reach.
std::shared_ptr<HttpServerSettings> settingsFor(uint8_t choice)
{
    auto settings = std::make_shared<HttpServerSettings>();
    settings->handler = handler;
    settings->headHandler = headHandler;
    if (choice & 1) {
        settings->maxHeaderBytes = 512;
        settings->maxBodyBytes = 4096;
        settings->maxBufferedBodyBytes = 6000;
        settings->maxConcurrentStreams = 4;
        settings->maxResetBurst = 4;
        settings->resetsPerSecond = 1;
    }
    return settings;
}

// The client preface: the magic, then SETTINGS. Values are kept valid (RFC 9113 6.5.2) so that
// libnghttp2 accepts the preface and the rest of the input reaches the glue.
QByteArray preface(const uint8_t *&data, size_t &size, bool withSettings)
{
    QByteArray bytes = QByteArrayLiteral("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    QByteArray payload;
    if (withSettings && size > 0) {
        const int count = data[0] % 7;
        ++data, --size;
        for (int i = 0; i < count && size >= 5; ++i, data += 5, size -= 5) {
            const uint16_t id = uint16_t(1 + data[0] % 6);
            uint32_t value = (uint32_t(data[1]) << 24) | (uint32_t(data[2]) << 16) | (uint32_t(data[3]) << 8) | data[4];
            if (id == 2)
                value &= 1;                                    // ENABLE_PUSH
            else if (id == 4)
                value &= 0x7fffffff;                           // INITIAL_WINDOW_SIZE
            else if (id == 5)
                value = 16384 + value % (16777215 - 16384 + 1); // MAX_FRAME_SIZE
            const char entry[6] = {char(id >> 8), char(id), char(value >> 24), char(value >> 16), char(value >> 8),
                                   char(value)};
            payload.append(entry, 6);
        }
    }
    const char head[9] = {char(payload.size() >> 16), char(payload.size() >> 8), char(payload.size()), 4, 0, 0, 0, 0, 0};
    bytes.append(head, 9);
    bytes += payload;
    return bytes;
}

void deliverPosted()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Timers and deleteLater() need an application; no event loop ever runs.
    static QCoreApplication app(*argc, *argv);
    QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.warning=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t mode = data[0];
    ++data, --size;
    QByteArray input;
    if ((mode & 3) != 0)
        input = preface(data, size, (mode & 3) >= 2);
    input.append(reinterpret_cast<const char *>(data), qsizetype(size));

    Seen state;
    seen = &state;
    const std::shared_ptr<HttpServerSettings> settings = settingsFor(uint8_t(mode >> 2));
    auto budget = std::make_shared<HttpBodyBudget>();
    auto *socket = new MemorySocket;
    QPointer<Http2Connection> connection = new Http2Connection(socket, settings, budget);
    QPointer<MemorySocket> socketAlive = socket;
    deliverPosted();

    // Pieces and whether the client reads after each come from the input, so a finding replays.
    std::mt19937_64 random(qHash(input));
    const bool clientReads = (mode >> 3) & 1;
    qsizetype from = 0;
    while (from < input.size() && connection) {
        const qsizetype piece = qsizetype(1 + random() % quint64(qMin<qsizetype>(input.size() - from, 4096)));
        socket->feed(input.mid(from, piece));
        from += piece;
        if (socketAlive) {
            state.peakHeld = qMax(state.peakHeld, socket->held());
            if (socket->held() > settings->maxQueuedBytesPerConnection + 64 * 1024)
                fail("frames queued on the socket beyond the per-connection budget");
        }
        if (budget->reserved() > settings->maxBufferedBodyBytes)
            fail("request bodies beyond the body budget");
        if (state.accepted == 0 && budget->reserved() != 0)
            fail("body bytes kept for a request the head handler refused");
        if (socketAlive && (clientReads || random() % 4 == 0))
            socket->drain();
        deliverPosted();
        if (socketAlive && socket->closeRequested())
            break;
    }
    if (socketAlive)
        socket->hangUp();
    deliverPosted();
    if (connection || socketAlive)
        fail("the connection outlived its client");
    if (budget->reserved() != 0)
        fail("body budget not given back after the connection closed");
    // CVC_FUZZ_VERBOSE=1 with one input shows what it reached (writing a seed).
    if (qEnvironmentVariableIsSet("CVC_FUZZ_VERBOSE"))
        std::fprintf(stderr, "heads accepted %d, refused %d; handlers %d; peak bytes held %lld\n", state.accepted,
                     state.refused, state.handled, qlonglong(state.peakHeld));
    seen = nullptr;
    return 0;
}
