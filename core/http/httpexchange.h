#pragma once

#include "httprequest.h"

#include <QObject>
#include <QPointer>

namespace cvc {

class HttpConnection;
class Http2Connection;
class HttpResponder;

// One request and its response. The server creates it, hands it to the handler and deletes it
// (deleteLater) once the response is finished or the client has gone away, so a handler that
// answers later must hold it in a QPointer. With a head handler (HttpServer::setHeadHandler) the
// exchange is created when the head is complete and the same object later reaches the handler,
// its request() then complete with the body.
class HttpExchange : public QObject
{
    Q_OBJECT

public:
    ~HttpExchange() override;

    const HttpRequest &request() const;

    // A complete response with Content-Length and Date. Only the first respond()/beginStream() counts.
    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const HttpHeaders &extra = {});
    // Starts a chunked response; the head is flushed at once.
    void beginStream(int status, const QByteArray &contentType, const HttpHeaders &extra = {});
    // Sends one chunk and flushes it. Empty data is ignored (it would end the stream).
    void writeChunk(const QByteArray &data);
    // Sends the terminating chunk; the connection may then carry the next request.
    void endStream();

    // True once the response is complete or the client has gone away.
    bool isFinished() const;
    // True while a stream is open (after beginStream(), before endStream()).
    bool isStreaming() const;
    // True if the client went away before the exchange finished.
    bool isDisconnected() const;
    // Response bytes not yet handed to the network: a streamer can drop a client that does
    // not read (a watch that would otherwise grow without bound).
    qint64 pendingBytes() const;

Q_SIGNALS:
    void disconnected();   // the client went away before the exchange finished

private:
    friend class HttpConnection;
    friend class Http2Connection;
    HttpExchange(HttpRequest request, HttpResponder *responder);
    void detach();         // called by the connection when the client is gone
    void setRequest(HttpRequest request);   // the whole request, once its body has been read

    enum class State { Waiting, Streaming, Finished };
    HttpRequest m_request;
    QPointer<HttpResponder> m_connection;
    State m_state = State::Waiting;
    bool m_disconnected = false;
};

} // namespace cvc
