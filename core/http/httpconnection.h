#pragma once

#include "httprequestparser.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTcpSocket;
class QTimer;

namespace cvc {

class HttpExchange;
struct HttpResponseHead;
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

    // Used by HttpExchange.
    void sendHead(HttpExchange *exchange, const HttpResponseHead &head);
    void sendBody(HttpExchange *exchange, const QByteArray &data);
    void finishExchange(HttpExchange *exchange, bool closeAfter);
    qint64 bytesToWrite() const;

Q_SIGNALS:
    void closed();   // the socket is gone; the connection deletes itself after this

private:
    void readFromSocket();
    void processBuffer();
    void dispatch();
    void answerError(int status, const QString &message);
    void handleDisconnect();
    void restartIdleTimer();
    void discardInput();

    QTcpSocket *m_socket;
    std::shared_ptr<const HttpServerSettings> m_settings;
    HttpRequestParser m_parser;
    QByteArray m_buffer;
    QPointer<HttpExchange> m_exchange;
    QTimer *m_idleTimer;
    bool m_headHandled = false;      // HeadComplete already acted on for the current request
    bool m_closeAfterResponse = false;
    bool m_isHead = false;           // HEAD request: no body is sent
    bool m_draining = false;         // answered an error; discard input until the client leaves
    bool m_gone = false;
    bool m_processScheduled = false;
    qint64 m_drained = 0;
};

} // namespace cvc
