#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>

#include <cstdint>

class QSslSocket;
struct nghttp2_session;

namespace cvc {

// An HTTP/2 client for the server's tests, on libnghttp2's client session: well-formed frames where
// a test wants them (many streams, resets, large heads, bodies) and raw bytes where it wants garbage.
// TLS with ALPN h2; the server certificate is not verified (the tests' own throw-away one).
class Http2TestClient : public QObject
{
    Q_OBJECT

public:
    struct Response {
        int status = 0;
        QByteArray body;
        bool closed = false;        // the stream ended (END_STREAM or RST_STREAM)
        uint32_t resetCode = 0;     // RST_STREAM's error code (NO_ERROR 0 if none)
        bool reset = false;
    };

    explicit Http2TestClient(quint16 port, QObject *parent = nullptr);
    ~Http2TestClient() override;

    // Waits for the TLS handshake; false unless h2 was negotiated.
    bool waitConnected(int timeoutMs = 10000);
    // Starts a request; returns its stream id (negative: libnghttp2 refused it).
    int32_t request(const QByteArray &method, const QByteArray &path,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {},
                    bool endStream = true);
    void resetStream(int32_t streamId);
    // Bytes straight onto the connection, past libnghttp2.
    void sendRaw(const QByteArray &bytes);
    void flush();
    // While paused, what the server sends waits in the socket: requests go out before the
    // client has read the server's SETTINGS (and its stream cap).
    void setInputPaused(bool paused);

    const Response &response(int32_t streamId) const { return m_responses[streamId]; }
    int responseCount() const { return m_responses.size(); }
    bool goAwayReceived() const { return m_goAway; }
    int pingsReceived() const { return m_pingsReceived; }   // the server's PINGs (not answers to ours)
    uint32_t goAwayCode() const { return m_goAwayCode; }
    bool isDisconnected() const;

private:
    friend struct Http2TestClientCallbacks;
    void readFromSocket();

    QSslSocket *m_socket;
    nghttp2_session *m_session = nullptr;
    mutable QHash<int32_t, Response> m_responses;
    QHash<int32_t, QByteArray> m_bodies;     // request bodies still to send
    bool m_inputPaused = false;
    bool m_goAway = false;
    int m_pingsReceived = 0;
    uint32_t m_goAwayCode = 0;
};

} // namespace cvc
