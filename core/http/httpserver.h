#pragma once

#include "httpexchange.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <functional>
#include <memory>

class QTcpSocket;

namespace cvc {

class HttpBodyBudget;
class HttpListener;
struct HttpServerSettings;

// HTTP/1.1 and HTTP/2 (TLS with ALPN h2, libnghttp2) server over TCP or TLS. Handlers see the same
// HttpExchange either way; HttpRequest::protocol tells them apart. HTTP/1.1: keep-alive, chunked request and response bodies,
// Expect: 100-continue, limits with 413/431/400/408/429, one request at a time per connection,
// caps on open connections (total and per peer address).
class HttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(HttpExchange *)>;
    using ErrorResponder = std::function<QByteArray(int status, const QString &message)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    // Settings apply to connections accepted afterwards; TLS and the handshake timeout must be set
    // before listen(). Defaults and kube-apiserver's figures: httpserversettings.h.
    // Called once per request. It may answer later (asynchronously): keep a QPointer<HttpExchange>.
    void setHandler(Handler handler);
    // Called when a request's head is complete, before its body is read, with request() holding
    // the head only (the body is empty). To refuse the request (401, 403, 405 …) answer the exchange
    // now: the body is then never read, no 100 Continue is sent, and the connection closes after the
    // answer. Otherwise return without answering: the body is read and the same exchange goes to
    // the handler. It must decide before it returns.
    void setHeadHandler(Handler handler);
    // Serve https with this configuration (certificate, key, CA for client certificates).
    // The server offers ALPN h2 and http/1.1 (as kube-apiserver) and asks for, but does not require,
    // a client certificate.
    void setTlsConfiguration(const QSslConfiguration &config);
    // Offer ALPN http/1.1 only, so HTTP/1.1 clients paths stay testable. Before listen().
    void setHttp1Only(bool http1Only);
    // HTTP/2 streams open at once per connection, default 250 (as kube-apiserver).
    void setMaxConcurrentStreams(int streams);
    void setMaxBodyBytes(qint64 bytes);          // default 3 MiB; larger bodies get 413
    void setMaxHeaderBytes(qint64 bytes);        // request line + headers, default 64 KiB; more gets 431
    // Request bodies being read at once over all connections, default 64 MiB; a request that would
    // pass it gets 429 with Retry-After: 1 (before 100 Continue when its length is known).
    void setMaxBufferedBodyBytes(qint64 bytes);
    // Open connections (TLS handshakes included), default 512; at the cap the server stops
    // accepting until one closes.
    void setMaxConnections(int connections);
    // Open connections from one address, default 256; more are closed as soon as they are accepted.
    void setMaxConnectionsPerPeer(int connections);
    void setHandshakeTimeout(int milliseconds);  // TLS handshake, default 10 s
    void setIdleTimeout(int milliseconds);       // no request in progress and no bytes, default 120 s; 0 = never
    // HTTP/2: PING after this long without a frame from the client (default 30 s), and the
    // connection dropped when nothing answers within timeoutMs (default 15 s); 0 = no PINGs.
    void setHttp2PingInterval(int milliseconds, int timeoutMs);
    // From the first byte of a request (empty lines before it included) to the end of its headers,
    // default 32 s (as kube-apiserver); stops clients that trickle a head to hold a connection.
    void setRequestHeaderTimeout(int milliseconds);
    // From the end of the headers to the end of the body, default 60 s; then 408.
    void setRequestBodyTimeout(int milliseconds);
    // Body (as Content-Type application/json when it starts with '{', else text/plain) for errors the
    // server answers itself (400, 408, 413, 429, 431). The sandbox returns Kubernetes Status JSON.
    void setErrorResponder(ErrorResponder responder);

    bool listen(const QHostAddress &address, quint16 port);      // 0 picks a free port
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    void close();                        // stop listening, drop every connection (HTTP/2: after GOAWAY)
    // Every HTTP/2 connection gets GOAWAY: its open streams finish, its client opens a new
    // connection for the next request, as when an apiserver shuts down. HTTP/1.1 is untouched.
    void goAway();

    // Accepted connections still open, TLS handshakes included.
    int openConnectionCount() const;
    // accept() calls that returned a connection, including those closed at once (per-peer cap).
    qint64 acceptedConnectionCount() const;
    // Connections closed at once because their address had the per-peer cap open.
    qint64 refusedConnectionCount() const;
    // accept() calls that failed (out of file descriptors or memory); each is followed by a pause.
    qint64 acceptFailureCount() const;
    // Request body bytes reserved by connections reading a body now.
    qint64 bufferedBodyBytes() const;

Q_SIGNALS:
    // A TLS handshake failed with an error Qt reports (the client hung up or sent a bad record);
    // for logs. Never carries key material. Handshake timeouts close silently.
    void handshakeFailed(const QHostAddress &peer, const QString &reason);

private:
    void adopt(QTcpSocket *socket);

    std::shared_ptr<HttpServerSettings> m_settings;
    std::shared_ptr<HttpBodyBudget> m_bodyBudget;
    HttpListener *m_listener;
    QSslConfiguration m_tlsConfiguration;
    QString m_errorString;
};

} // namespace cvc
