#pragma once

#include "httpresponder.h"

#include <map>
#include <memory>

class QTcpSocket;
class QTimer;
struct nghttp2_session;

namespace cvc {

class HttpBodyBudget;
class Http2Stream;
struct HttpServerSettings;

// One HTTP/2 connection (ALPN h2): libnghttp2 does the framing, HPACK and flow control; this turns
// each stream into an HttpExchange for the same handlers HTTP/1.1 requests reach. Streamed
// responses become DATA frames as the client's windows allow; what does not fit waits in the
// stream (its exchange's pendingBytes()) and frames are produced only while the socket holds less
// than the settings' per-connection cap. The head handler sees a request at its HEADERS, before any
// DATA is kept. A client RST_STREAM ends the exchange as a disconnect does on HTTP/1.1.
// Timeouts: GOAWAY after idleTimeoutMs with no stream open; the connection closed when a header
// block stays incomplete for headerTimeoutMs; a PING when the client has been silent, and the
// connection dropped when even that gets no answer.
class Http2Connection : public HttpResponder
{
    Q_OBJECT

public:
    Http2Connection(QTcpSocket *socket, std::shared_ptr<const HttpServerSettings> settings,
                    std::shared_ptr<HttpBodyBudget> bodyBudget, QObject *parent = nullptr);
    ~Http2Connection() override;

    // Sends GOAWAY (NO_ERROR) and drops the connection; open exchanges see disconnected().
    void abort();
    // Sends GOAWAY naming the last stream taken: streams in progress finish, new ones go to a new
    // connection, and the connection closes when the last stream ends (an apiserver shutting down).
    void goAway();

    void respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                 const QByteArray &body, const HttpHeaders &extra) override;
    void beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                     const HttpHeaders &extra) override;
    void writeChunk(HttpExchange *exchange, const QByteArray &data) override;
    void endStream(HttpExchange *exchange) override;
    qint64 pendingBytes(const HttpExchange *exchange) const override;

Q_SIGNALS:
    void closed();   // the socket is gone; the connection deletes itself after this

private:
    friend struct Http2Callbacks;

    void readFromSocket();
    void sendPending();
    void closeIfDone();
    void handleDisconnect();
    void handleIdleTimeout();
    void handleHeaderTimeout();
    void handlePingTimeout();
    void heardFromClient();
    void dropConnection(const char *why);

    int beginHeaders(int32_t streamId);
    int header(int32_t streamId, QByteArray name, QByteArray value);
    // A whole frame: requestHead for a request's HEADERS, endStream when the client is done.
    int frameReceived(int32_t streamId, bool requestHead, bool endStream);
    int dataReceived(int32_t streamId, const uint8_t *data, size_t length);
    int streamClosed(int32_t streamId);
    long readBody(int32_t streamId, uint8_t *buf, size_t length, uint32_t *flags);

    void headComplete(Http2Stream *stream);
    void dispatch(Http2Stream *stream);
    void answerError(Http2Stream *stream, int status, const QString &message, const HttpHeaders &extra = {});
    void submitResponse(Http2Stream *stream, int status, const QByteArray &contentType,
                        const HttpHeaders &extra, qint64 contentLength, bool hasBody);
    void releaseBody(Http2Stream *stream);
    Http2Stream *streamOf(const HttpExchange *exchange) const;
    Http2Stream *stream(int32_t streamId) const;

    QTcpSocket *m_socket;
    std::shared_ptr<const HttpServerSettings> m_settings;
    std::shared_ptr<HttpBodyBudget> m_bodyBudget;
    nghttp2_session *m_session = nullptr;
    std::map<int32_t, std::unique_ptr<Http2Stream>> m_streams;
    QTimer *m_idleTimer;     // runs while no stream is open
    QTimer *m_headerTimer;   // runs while a header block is incomplete
    QTimer *m_pingTimer;     // since the client's last frame, then for the answer to our PING
    bool m_pingSent = false;
    bool m_gone = false;
    bool m_sending = false;   // in nghttp2_session_mem_send()
    bool m_receiving = false; // in nghttp2_session_mem_recv(): its callbacks run handlers
};

} // namespace cvc
