#pragma once

#include "util/backoff.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <memory>

class QSocketNotifier;
class QSslSocket;
class QTcpServer;
class QTcpSocket;
class QTimer;

namespace cvc {

struct HttpServerSettings;

// The listening socket of an HttpServer, kept within the connection caps of its settings.
//
// It calls accept() itself instead of letting QTcpServer do it: Qt 6.4 treats EMFILE like EAGAIN,
// keeps the socket notifier on and so retries on every pass of the event loop (100 % CPU at the fd
// limit, no acceptError). Here, at maxConnections the listener stops watching the socket (clients
// wait in the listen backlog) until a socket closes; a peer at maxConnectionsPerPeer is accepted and
// closed at once; and when accept() fails for lack of descriptors or memory it waits (100 ms,
// doubling up to 2 s) or until a socket closes before it tries again.
//
// Over TLS it runs the handshake (ALPN h2 and http/1.1, or http/1.1 only; a client certificate is asked for, not
// required) and hands the socket on once it is encrypted.
class HttpListener : public QObject
{
    Q_OBJECT

public:
    explicit HttpListener(std::shared_ptr<const HttpServerSettings> settings, QObject *parent = nullptr);
    ~HttpListener() override;

    // A null configuration serves plain TCP. Reads http1Only from the settings: call after setting it.
    void setTlsConfiguration(const QSslConfiguration &config);
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Stops listening and drops the handshakes in progress. Sockets already handed on stay counted
    // until they are destroyed.
    void close();
    bool isListening() const;
    quint16 port() const;
    QHostAddress address() const;

    // Sockets accepted and not yet destroyed: handshakes in progress and connections.
    int openSockets() const { return m_open; }
    // accept() calls that returned a socket (including those closed at once for the per-peer cap).
    qint64 acceptedCount() const { return m_accepted; }
    // Sockets closed at once because their peer was at the per-peer cap.
    qint64 refusedCount() const { return m_refused; }
    // accept() calls that failed for lack of resources (EMFILE, ENFILE, ENOBUFS, ENOMEM) or otherwise.
    qint64 acceptFailureCount() const { return m_acceptFailures; }

Q_SIGNALS:
    // A connected socket (over TLS: encrypted). It is a child of the listener until the receiver
    // takes it (setParent); it stays counted until it is destroyed.
    void socketReady(QTcpSocket *socket);
    // A TLS handshake failed with an error Qt reports; never carries key material. Timeouts are
    // not reported (the client did nothing wrong that a log could help with).
    void handshakeFailed(const QHostAddress &peer, const QString &reason);

private:
    void acceptReady();
    void accepted(qintptr descriptor, const QHostAddress &peer);
    void startHandshake(QSslSocket *socket, const QHostAddress &peer);
    void track(QTcpSocket *socket, const QHostAddress &peer);
    void socketGone(const QHostAddress &peer);
    void pauseAfterFailure(int error);
    void updateNotifier();

    std::shared_ptr<const HttpServerSettings> m_settings;
    QSslConfiguration m_tlsConfiguration;
    bool m_tls = false;
    QTcpServer *m_server = nullptr;          // binds and listens; its own accepting stays paused
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_retryTimer;
    Backoff m_retryBackoff;
    bool m_waitingForResources = false;
    QDeadlineTimer m_nextCapLog;
    QHash<QHostAddress, int> m_openPerPeer;
    int m_open = 0;
    qint64 m_accepted = 0;
    qint64 m_refused = 0;
    qint64 m_acceptFailures = 0;
};

} // namespace cvc
