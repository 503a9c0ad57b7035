#pragma once

#include "kubeerror.h"
#include "watcheventdecoder.h"

#include <QJsonObject>
#include <QObject>
#include <QNetworkReply>
#include <QPointer>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace cvc {

class KubeClient;

// One open watch request. Emits eventReceived per decoded event (ERROR events included, as sent)
// and finished exactly once: without an error when the server ended the stream normally, with
// one when the request failed (HTTP status, transport, malformed body) or abort() was called.
class KubeWatchStream : public QObject
{
    Q_OBJECT
public:
    ~KubeWatchStream() override;

    void abort();
    bool isFinished() const { return m_finished; }
    // Bytes received so far (any traffic counts as a sign of life for stall detection).
    qint64 bytesReceived() const { return m_bytesReceived; }

Q_SIGNALS:
    void opened();   // response headers arrived with 200
    void eventReceived(const QString &type, const QJsonObject &object);
    // An ADDED/MODIFIED/DELETED of an object nested deeper than Qt can read: its identity only
    // (apiVersion, kind, metadata name/namespace/uid/resourceVersion). The stream goes on.
    void unreadableObjectReceived(const QString &type, const QJsonObject &identity);
    void dataReceived(); // any bytes arrived
    void finished(const std::optional<cvc::KubeError> &error);

private:
    friend class KubeClient;
    explicit KubeWatchStream(KubeClient *client, QObject *parent);
    // retryRefused starts the watch again after a GOAWAY refused it (false: attempts spent).
    void attach(QNetworkReply *reply, QNetworkAccessManager *manager, std::function<bool()> retryRefused);
    void fail(const KubeError &error);
    void onReadyRead();
    void onFinished();
    bool deliver(const WatchEvent &event);   // false when a receiver stopped or deleted us

    QPointer<KubeClient> m_client;
    // Guarded: the client (which owns the managers and their replies) may be deleted first.
    QPointer<QNetworkReply> m_reply;
    QPointer<QNetworkAccessManager> m_manager;
    std::function<bool()> m_retryRefused;
    WatchEventDecoder m_decoder;
    qint64 m_bytesReceived = 0;
    bool m_finished = false;
    bool m_aborting = false;
    bool m_opened = false;
    bool m_notSent = false;   // we aborted it: Qt held it without sending it
};

} // namespace cvc
