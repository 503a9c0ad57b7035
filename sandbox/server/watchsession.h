#pragma once

#include "apimachinery/tableconvertor.h"
#include "listoptions.h"
#include "objectfilter.h"
#include "resourceinfo.h"
#include "resourcetable.h"
#include "watchevent.h"
#include "watchhub.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QTimer;

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class ObjectStore;

// One open watch stream: replays what the client missed, then forwards matching changes as
// newline-delimited JSON events, flushed one by one (kube-api.md §2.2–2.4). Sends bookmarks when
// asked, closes at its timeout, on "drop every watch", and cleans up when the client goes away.
class WatchSession : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        ResourceInfo resource;
        QString ns;
        QString name;                         // a watch on one object's URL (legacy form)
        ObjectFilter filter;
        ListOptions options;
        std::optional<IncludeObject> table;   // set when the client asked for Table events
        int timeoutSeconds = 1800;
    };

    WatchSession(HttpExchange *exchange, ObjectStore *store, WatchHub *hub, Settings settings,
                 QObject *parent = nullptr);
    ~WatchSession() override;

    // Starts the stream. Returns after the initial events; the session then lives on its own.
    void start();

Q_SIGNALS:
    void finished();

private:
    void onEvent(const WatchEvent &event);
    void deliver(const WatchEvent &event);
    void send(const QString &type, const QJsonObject &object);
    void sendBookmark(bool initialEventsEnd = false);
    void sendExpired(qint64 requested);
    void finish();
    bool inScope(const WatchEvent &event) const;

    QPointer<HttpExchange> m_exchange;
    ObjectStore *m_store;
    QPointer<WatchHub> m_hub;   // the server may tear the hub down before its last sessions
    Settings m_settings;
    std::optional<ResourceTable> m_table;
    qint64 m_startResourceVersion = 0;   // events at or below it are already known to the client
    bool m_columnsSent = false;
    bool m_finished = false;
    QTimer *m_timeout = nullptr;
    QTimer *m_bookmarks = nullptr;
};

} // namespace cvc::sandbox
