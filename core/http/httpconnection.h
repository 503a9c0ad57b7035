#pragma once

#include "httprequestparser.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QTimer;

namespace cvc {

class HttpExchange;
struct HttpServerSettings;

// One client connection: reads requests one at a time, hands each to the handler as an
// HttpExchange, writes its response, and keeps the connection for the next request or closes it.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, std::shared_ptr<const HttpServerSettings> settings,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    // Drops the connection at once; the current exchange sees disconnected().
    void abort();

    // Used by HttpExchange; each ignores an exchange that is not the current one.
    void respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                 const QByteArray &body, const HttpHeaders &extra);
    void beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                     const HttpHeaders &extra);
    void writeChunk(HttpExchange *exchange, const QByteArray &data);
    void endStream(HttpExchange *exchange);
    qint64 bytesToWrite() const;

Q_SIGNALS:
    void closed();   // the socket is gone; the connection deletes itself after this

private:
    void readFromSocket();
    void processBuffer();
    void dispatch();
    void scheduleProcessing();
    void answerError(int status, const QString &message);
    void write(const QByteArray &data);
    void finishCurrent();
    void handleDisconnect();
    void handleTimeout();
    void restartIdleTimer();

    QTcpSocket *m_socket;
    std::shared_ptr<const HttpServerSettings> m_settings;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QPointer<HttpExchange> m_exchange;
    QTimer *m_idleTimer;
    QTimer *m_headerTimer;
    bool m_closeAfterResponse = false;
    bool m_isHead = false;           // HEAD request: no body is sent
    bool m_http10 = false;           // HTTP/1.0 client: no chunked framing
    bool m_streamDelimitedByClose = false;
    bool m_closing = false;          // the last response is out; waiting for the flush
    bool m_draining = false;         // answered an error; discard input until the client leaves
    bool m_gone = false;
    bool m_processScheduled = false;
    qint64 m_drained = 0;
    QDeadlineTimer m_drainDeadline;
};

} // namespace cvc
