#include "kubewatchstream.h"

#include "goawayretry.h"
#include "kubeclient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace cvc {

KubeWatchStream::KubeWatchStream(KubeClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

KubeWatchStream::~KubeWatchStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    if (m_client && m_manager)
        m_client->releaseWatchManager(m_manager);
}

void KubeWatchStream::attach(QNetworkReply *reply, QNetworkAccessManager *manager, std::function<bool()> retryRefused)
{
    m_reply = reply;
    m_manager = manager;
    m_retryRefused = std::move(retryRefused);
    m_notSent = false;
    // A watch that Qt holds on a connection that got GOAWAY is never sent (GoAwayRetry).
    auto *unsent = new QTimer(reply);
    unsent->setSingleShot(true);
    connect(unsent, &QTimer::timeout, this, [this] {
        m_notSent = true;
        if (m_reply)
            m_reply->abort();   // onFinished() takes it as refused
    });
    connect(reply, &QNetworkReply::requestSent, unsent, &QTimer::stop);
    connect(reply, &QNetworkReply::socketStartedConnecting, unsent, &QTimer::stop);
    connect(reply, &QNetworkReply::metaDataChanged, unsent, &QTimer::stop);
    unsent->start(GoAwayRetry::NotSentTimeoutMs);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && !m_opened) {
            m_opened = true;
            if (m_client)
                m_client->noteRequest(status, QByteArrayLiteral("GET"));   // counted when answered, as client-go does
            Q_EMIT opened();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, &KubeWatchStream::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &KubeWatchStream::onFinished);
}

void KubeWatchStream::abort()
{
    if (m_finished)
        return;
    m_aborting = true;
    if (m_reply)
        m_reply->abort(); // finished() follows with the abort recorded as ours
    else
        fail(KubeError::transport(QStringLiteral("Aborted"), QStringLiteral("watch aborted")));
}

void KubeWatchStream::fail(const KubeError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_client && m_manager) {
        m_client->releaseWatchManager(m_manager);
        m_manager = nullptr;
    }
    Q_EMIT finished(error);
}

void KubeWatchStream::onReadyRead()
{
    if (m_finished || !m_reply || !m_reply->isOpen())
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: read whole in onFinished
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty())
        return;
    m_bytesReceived += bytes.size();
    Q_EMIT dataReceived();
    const QList<WatchEvent> events = m_decoder.feed(bytes);
    for (const WatchEvent &e : events) {
        if (!deliver(e))
            return;
    }
    if (m_decoder.hasError())
        fail(KubeError::transport(QStringLiteral("MalformedWatchEvent"), m_decoder.errorString()));
}

bool KubeWatchStream::deliver(const WatchEvent &event)
{
    QPointer<KubeWatchStream> self(this);
    if (event.readable)
        Q_EMIT eventReceived(event.type, event.object);
    else
        Q_EMIT unreadableObjectReceived(event.type, event.object);
    return self && !m_finished;
}

void KubeWatchStream::onFinished()
{
    if (m_finished || !m_reply)
        return;
    QNetworkReply *reply = m_reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_opened && !m_aborting && (m_notSent || GoAwayRetry::wasRefused(reply)) && m_retryRefused && m_retryRefused()) {
        // Never reached the server: the same watch (same resourceVersion) starts again, and the
        // Watcher sees neither an error nor a reconnect.
        reply->disconnect(this);
        reply->deleteLater();
        m_reply = nullptr;
        if (m_client && m_manager)
            m_client->releaseWatchManager(m_manager);
        m_manager = nullptr;
        return;
    }
    if (status == 200 && !m_aborting) {
        onReadyRead();
        if (m_finished)
            return;
        for (const WatchEvent &e : m_decoder.finish()) {
            if (!deliver(e))
                return;
        }
    }
    // A watch that never opened is counted now; our own abort before an answer is no request.
    if (m_client && !m_opened && (status > 0 || !m_aborting))
        m_client->noteRequest(status, QByteArrayLiteral("GET"));
    std::optional<KubeError> error;
    if (m_aborting) {
        error = KubeError::transport(QStringLiteral("Aborted"), QStringLiteral("watch aborted"));
    } else if (status == 0) {
        error = KubeError::transport(QStringLiteral("ConnectionFailed"),
                                     QStringLiteral("watch connection to %1 failed: %2")
                                         .arg(m_client ? m_client->config().server.toString(QUrl::RemoveUserInfo) : QString(), reply->errorString()));
    } else if (status != 200) {
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        KubeError e = KubeError::fromStatus(QJsonDocument::fromJson(body).object(), status);
        if (e.message.isEmpty())
            e.message = QString::fromUtf8(body.left(300)).trimmed();
        error = e;
        if (status == 401 && m_client)
            m_client->noteUnauthorized();
    } else if (reply->error() != QNetworkReply::NoError) {
        // 200 then the connection broke mid-stream (server killed, network gone).
        error = KubeError::transport(QStringLiteral("ConnectionLost"),
                                     QStringLiteral("watch stream broke: %1").arg(reply->errorString()));
    } else if (m_decoder.hasError()) {
        error = KubeError::transport(QStringLiteral("MalformedWatchEvent"), m_decoder.errorString());
    }
    m_finished = true;
    m_reply->disconnect(this);
    m_reply->deleteLater();
    m_reply = nullptr;
    if (m_client && m_manager) {
        m_client->releaseWatchManager(m_manager);
        m_manager = nullptr;
    }
    Q_EMIT finished(error);
}

} // namespace cvc
