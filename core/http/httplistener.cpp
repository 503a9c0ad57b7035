#include "httplistener.h"

#include "httpserversettings.h"

#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace cvc {

Q_LOGGING_CATEGORY(lcHttpListener, "cvc.http.listener")

namespace {
// Accepts per wake-up: a flood of connects must not starve the rest of the event loop; the
// notifier fires again while the backlog holds more.
constexpr int AcceptBatch = 64;
// Connections waiting in the kernel while we do not accept (at the cap, or out of descriptors).
constexpr int ListenBacklog = 1024;
constexpr std::chrono::milliseconds FirstRetry{100};
constexpr std::chrono::milliseconds LastRetry{2000};
// At most one "connection cap reached" warning per this period, however often it is reached.
constexpr int CapLogIntervalMs = 60 * 1000;

// accept(2) on Linux: errors of the connection being accepted, not of the listening socket; the
// next one in the backlog may be fine.
bool isConnectionError(int error)
{
    switch (error) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM:   // refused by a firewall rule
        return true;
    default:
        return false;
    }
}

} // namespace

HttpListener::HttpListener(std::shared_ptr<const HttpServerSettings> settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_retryTimer(new QTimer(this))
    , m_retryBackoff(FirstRetry, LastRetry, 2.0, 0.0)
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        m_waitingForResources = false;
        updateNotifier();
    });
}

HttpListener::~HttpListener()
{
    close();
}

void HttpListener::setTlsConfiguration(const QSslConfiguration &config)
{
    m_tls = !config.isNull();
    m_tlsConfiguration = config;
    if (!m_tls)
        return;
    // As kube-apiserver: h2 first, so clients that speak it (kubectl, QNetworkAccessManager) use it.
    if (m_settings->http1Only)
        m_tlsConfiguration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    else
        m_tlsConfiguration.setAllowedNextProtocols({QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")});
    // Ask for a client certificate but let requests without one through; the caller decides what
    // an (unverified) certificate is worth.
    m_tlsConfiguration.setPeerVerifyMode(QSslSocket::QueryPeer);
}

bool HttpListener::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_server) {
        *error = QStringLiteral("the server is already listening");
        return false;
    }
    m_server = new QTcpServer(this);
    // accept() below needs the native descriptor, which a proxy would not give us.
    m_server->setProxy(QNetworkProxy::NoProxy);
    m_server->setListenBacklogSize(ListenBacklog);
    if (!m_server->listen(address, port)) {
        *error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    // QTcpServer only binds and listens; it never accepts (see the class comment).
    m_server->pauseAccepting();
    m_notifier = new QSocketNotifier(m_server->socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HttpListener::acceptReady);
    m_waitingForResources = false;
    m_retryBackoff.reset();
    updateNotifier();
    return true;
}

void HttpListener::close()
{
    m_retryTimer->stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    // Handshakes in progress are our children; connections took theirs.
    // Blocked signals keep them from reporting a failed handshake; destroyed() still comes, so
    // they leave the counts.
    const QList<QTcpSocket *> handshakes = findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly);
    for (QTcpSocket *socket : handshakes) {
        socket->blockSignals(true);
        delete socket;
    }
}

bool HttpListener::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 HttpListener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress HttpListener::address() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

void HttpListener::acceptReady()
{
    if (!m_server)
        return;
    const int listening = int(m_server->socketDescriptor());
    for (int i = 0; i < AcceptBatch && m_open < m_settings->maxConnections; ++i) {
        sockaddr_storage peerAddress;
        socklen_t length = sizeof peerAddress;
        const int descriptor = ::accept4(listening, reinterpret_cast<sockaddr *>(&peerAddress), &length,
                                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor < 0) {
            const int error = errno;
            if (error == EAGAIN || error == EWOULDBLOCK)
                break;
            if (isConnectionError(error))
                continue;
            pauseAfterFailure(error);
            return;
        }
        ++m_accepted;
        m_retryBackoff.reset();
        const QHostAddress peer(reinterpret_cast<const sockaddr *>(&peerAddress));
        if (m_openPerPeer.value(peer) >= m_settings->maxConnectionsPerPeer) {
            // Accept and close: the kernel would otherwise keep it (and the backlog slot) for us.
            ++m_refused;
            qCDebug(lcHttpListener) << "closing a connection from" << peer << "which has"
                                    << m_settings->maxConnectionsPerPeer << "open (the per-peer limit)";
            ::close(descriptor);
            continue;
        }
        accepted(descriptor, peer);
    }
    updateNotifier();
}

void HttpListener::accepted(qintptr descriptor, const QHostAddress &peer)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttpListener) << "cannot use an accepted connection from" << peer << ":" << socket->errorString();
        ::close(int(descriptor));
        delete socket;
        return;
    }
    // TCP_NODELAY, as Go's net/http (and so kube-apiserver) sets on every connection: a response
    // often leaves in two writes (an h2 HEADERS frame now, DATA when the handler has it), and
    // Nagle would hold the second until the client's delayed ACK, 40 ms later.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    track(socket, peer);
    if (m_tls)
        startHandshake(static_cast<QSslSocket *>(socket), peer);
    else
        Q_EMIT socketReady(socket);
}

void HttpListener::startHandshake(QSslSocket *socket, const QHostAddress &peer)
{
    socket->setSslConfiguration(m_tlsConfiguration);
    // The deadline timer is also the context of the handshake's connections: disconnecting from it
    // ends them all at once, whichever way the handshake ends.
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    auto finish = [socket, deadline] {
        QObject::disconnect(socket, nullptr, deadline, nullptr);
        deadline->stop();
    };
    connect(deadline, &QTimer::timeout, socket, [socket, finish] {
        finish();
        socket->abort();
        socket->deleteLater();
    });
    connect(socket, &QSslSocket::encrypted, deadline, [this, socket, finish] {
        finish();
        Q_EMIT socketReady(socket);
    });
    connect(socket, &QAbstractSocket::errorOccurred, deadline, [this, socket, peer, finish](QAbstractSocket::SocketError) {
        finish();
        // Only the reason: never certificate contents.
        Q_EMIT handshakeFailed(peer, socket->errorString());
        // Not abort() here, inside the socket's own error report: its destructor closes it.
        socket->deleteLater();
    });
    deadline->start(m_settings->handshakeTimeoutMs);
    socket->startServerEncryption();
}

void HttpListener::track(QTcpSocket *socket, const QHostAddress &peer)
{
    ++m_open;
    ++m_openPerPeer[peer];
    connect(socket, &QObject::destroyed, this, [this, peer] { socketGone(peer); });
}

void HttpListener::socketGone(const QHostAddress &peer)
{
    --m_open;
    auto it = m_openPerPeer.find(peer);
    if (it != m_openPerPeer.end() && --it.value() <= 0)
        m_openPerPeer.erase(it);
    // A descriptor was freed: worth one more accept() now rather than at the end of the backoff.
    if (m_waitingForResources) {
        m_retryTimer->stop();
        m_waitingForResources = false;
    }
    updateNotifier();
}

void HttpListener::pauseAfterFailure(int error)
{
    ++m_acceptFailures;
    const bool firstOfEpisode = m_retryBackoff.attempts() == 0;
    const std::chrono::milliseconds delay = m_retryBackoff.next();
    if (firstOfEpisode) {
        qCWarning(lcHttpListener).noquote()
            << QStringLiteral("cannot accept connections on port %1: %2 (%3 open); trying again in %4 ms, "
                              "backing off to %5 ms, or when a connection closes")
                   .arg(port())
                   .arg(QString::fromLocal8Bit(std::strerror(error)))
                   .arg(m_open)
                   .arg(delay.count())
                   .arg(LastRetry.count());
    }
    m_waitingForResources = true;
    m_retryTimer->start(delay);
    updateNotifier();
}

void HttpListener::updateNotifier()
{
    if (!m_notifier)
        return;
    const bool atCap = m_open >= m_settings->maxConnections;
    if (atCap && m_notifier->isEnabled() && m_nextCapLog.hasExpired()) {
        qCWarning(lcHttpListener).noquote()
            << QStringLiteral("%1 connections open on port %2, the limit: accepting again when one closes")
                   .arg(m_open)
                   .arg(port());
        m_nextCapLog.setRemainingTime(CapLogIntervalMs);
    }
    m_notifier->setEnabled(!atCap && !m_waitingForResources);
}

} // namespace cvc
