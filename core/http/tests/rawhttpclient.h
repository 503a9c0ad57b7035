#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <optional>
#include <utility>

// A test client that writes raw bytes and parses responses itself, independent of the server's
// code, so tests can send what real clients never would and check the exact framing.
struct RawResponse {
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool chunked = false;
    QByteArray header(const QByteArray &name) const;
};

class RawHttpClient : public QObject
{
    Q_OBJECT

public:
    explicit RawHttpClient(QTcpSocket *socket, QObject *parent = nullptr);

    QTcpSocket *socket() const { return m_socket; }
    bool connectTo(quint16 port, int timeoutMs = 5000);
    void send(const QByteArray &bytes);
    // Waits (spinning the event loop) for one complete response; nullopt on timeout.
    std::optional<RawResponse> readResponse(int timeoutMs = 5000, bool isHead = false);
    // Waits for the response head of a chunked stream; the body is then read with readChunk().
    std::optional<RawResponse> readHead(int timeoutMs = 5000);
    // Next chunk of a chunked body (empty QByteArray for the terminating chunk); nullopt on timeout.
    std::optional<QByteArray> readChunk(int timeoutMs = 5000);
    bool waitForDisconnected(int timeoutMs = 5000);
    bool isConnected() const;
    QByteArray buffered() const { return m_buffer; }

private:
    std::optional<RawResponse> tryParseHead();
    std::optional<QByteArray> tryParseChunk();

    QPointer<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_disconnected = false;
};
