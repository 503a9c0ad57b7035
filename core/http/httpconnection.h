#pragma once

#include "httprequestparser.h"
#include "httpresponder.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QTimer;

namespace cvc {

class HttpBodyBudget;
class HttpExchange;
struct HttpServerSettings;

// One client connection: reads requests one at a time, hands each to the handler as an
// HttpExchange, writes its response, and keeps the connection for the next request or closes it.
// With a head handler the exchange exists from the end of the head on; an answer given before a
// body is read ends the connection (the unread body cannot be skipped safely).
class HttpConnection : public HttpResponder
{
    Q_OBJECT

public:
    HttpConnection(QTcpSocket *socket, std::shared_ptr<const HttpServerSettings> settings,
                   std::shared_ptr<HttpBodyBudget> bodyBudget, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Drops the connection at once; the current exchange sees disconnected().
    void abort();

    // HttpResponder; each ignores an exchange that is not the current one.
    void respond(HttpExchange *exchange, int status, const QByteArray &contentType,
                 const QByteArray &body, const HttpHeaders &extra) override;
    void beginStream(HttpExchange *exchange, int status, const QByteArray &contentType,
                     const HttpHeaders &extra) override;
    void writeChunk(HttpExchange *exchange, const QByteArray &data) override;
    void endStream(HttpExchange *exchange) override;
    // One request at a time: everything the socket still holds is this exchange's.
    qint64 pendingBytes(const HttpExchange *exchange) const override;

Q_SIGNALS:
    void closed();   // the socket is gone; the connection deletes itself after this

private:
    void readFromSocket();
    void processBuffer();
    bool startBody();
    void endRequestAtHead();
    bool reserveBody(qint64 bytes);
    void releaseBody();
    void dispatch();
    HttpExchange *createExchange(HttpRequest request);
    void addPeer(HttpRequest *request) const;
    void scheduleProcessing();
    void answerError(int status, const QString &message, const HttpHeaders &extra = {});
    void startDraining();
    void write(const QByteArray &data);
    void finishCurrent();
    void handleDisconnect();
    void handleTimeout();
    void handleHeaderTimeout();
    void handleBodyTimeout();
    void restartIdleTimer();
    // The handler has the request (its body is read): pipelined bytes wait.
    bool handlerIsBusy() const { return m_exchange && !m_readingBody; }

    QTcpSocket *m_socket;
    std::shared_ptr<const HttpServerSettings> m_settings;
    std::shared_ptr<HttpBodyBudget> m_bodyBudget;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QPointer<HttpExchange> m_exchange;
    QTimer *m_idleTimer;
    QTimer *m_headerTimer;
    QTimer *m_bodyTimer;
    qint64 m_reservedBodyBytes = 0;  // taken from m_bodyBudget for the body being read
    bool m_readingBody = false;      // the head is complete, the request not yet handed over
    bool m_drainAfterResponse = false; // answered at the head, the body unread: drain, then close
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
