#include "watchsession.h"

#include "apimachinery/statuserror.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "representation.h"
#include "resourcetable.h"
#include "watchhub.h"

#include <QJsonArray>
#include <QTimer>

namespace cvc::sandbox {

namespace {

// Real servers send a bookmark about every minute; tests use short timeouts, so a little more often.
constexpr int kBookmarkIntervalMs = 30 * 1000;

// A client that stops reading would make the server buffer its events without bound. Past this
// many unsent bytes the watch ends, as kube-apiserver ends a watcher that cannot keep up; clients
// re-watch from their last resourceVersion (or relist on 410). The initial replay counts too: a
// watch from scratch that is never read would otherwise queue a copy of the whole store.
constexpr qint64 kMaxPendingBytes = 16 * 1024 * 1024;

} // namespace

WatchSession::WatchSession(HttpExchange *exchange, ObjectStore *store, WatchHub *hub, Settings settings, QObject *parent)
    : QObject(parent)
    , m_exchange(exchange)
    , m_store(store)
    , m_hub(hub)
    , m_settings(std::move(settings))
{
    if (m_settings.table)
        m_table.emplace(m_settings.resource);
    m_hub->watchOpened();
}

WatchSession::~WatchSession()
{
    if (m_hub)
        m_hub->watchClosed();
}

bool WatchSession::inScope(const WatchEvent &event) const
{
    return event.storageKey == m_settings.resource.storageKey() && (m_settings.ns.isEmpty() || event.ns == m_settings.ns)
        && (m_settings.name.isEmpty() || event.name == m_settings.name);
}

void WatchSession::start()
{
    m_exchange->beginStream(200, QByteArrayLiteral("application/json"));
    connect(m_exchange, &HttpExchange::disconnected, this, &WatchSession::finish);
    connect(m_exchange, &QObject::destroyed, this, &WatchSession::finish);

    const ListOptions &options = m_settings.options;
    const bool fromScratch = !options.hasResourceVersion || options.resourceVersion == 0
        || options.sendInitialEvents.value_or(false);
    if (fromScratch) {
        // Synthetic ADDED events for the current state, then live changes after `current`.
        for (const QJsonObject &object : m_store->list(m_settings.resource.storageKey(), m_settings.ns)) {
            if (m_finished)
                break;
            if (m_settings.filter.matches(object) && (m_settings.name.isEmpty() || ObjectMeta::name(object) == m_settings.name))
                send(QStringLiteral("ADDED"), object);
        }
        if (options.sendInitialEvents.value_or(false) && options.allowWatchBookmarks)
            sendBookmark(true);
        m_startResourceVersion = m_store->resourceVersion();
    } else {
        m_startResourceVersion = options.resourceVersion;
        QList<WatchEvent> missed;
        if (!m_hub->eventsSince(options.resourceVersion, m_settings.resource.storageKey(), &missed)) {
            sendExpired(options.resourceVersion);
            return;
        }
        for (const WatchEvent &event : std::as_const(missed)) {
            if (m_finished)
                break;
            onEvent(event);
        }
    }
    if (m_finished)
        return;
    connect(m_hub, &WatchHub::eventPublished, this, &WatchSession::onEvent);
    connect(m_hub, &WatchHub::dropRequested, this, &WatchSession::finish);

    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, &WatchSession::finish);
    const qint64 timeoutMs = qint64(m_settings.timeoutSeconds) * 1000;
    m_timeout->start(int(qMin<qint64>(timeoutMs, std::numeric_limits<int>::max())));
    if (options.allowWatchBookmarks) {
        m_bookmarks = new QTimer(this);
        connect(m_bookmarks, &QTimer::timeout, this, [this]() { sendBookmark(); });
        m_bookmarks->start(kBookmarkIntervalMs);
        // One bookmark shortly before the timeout, so a client can resume from a fresh RV.
        if (timeoutMs > 2000)
            QTimer::singleShot(int(qMin<qint64>(timeoutMs - 1000, std::numeric_limits<int>::max())), this,
                               [this]() { sendBookmark(); });
    }
}

void WatchSession::onEvent(const WatchEvent &event)
{
    if (m_finished || event.resourceVersion <= m_startResourceVersion || !inScope(event))
        return;
    deliver(event);
}

void WatchSession::deliver(const WatchEvent &event)
{
    const bool nowMatches = m_settings.filter.matches(event.object);
    if (event.type == WatchEvent::Type::Deleted) {
        if (nowMatches)
            send(QStringLiteral("DELETED"), event.object);
        return;
    }
    const bool matchedBefore = !event.previous.isEmpty() && m_settings.filter.matches(event.previous);
    if (event.type == WatchEvent::Type::Added || !matchedBefore) {
        if (nowMatches)
            send(QStringLiteral("ADDED"), event.object);
        return;
    }
    if (nowMatches) {
        send(QStringLiteral("MODIFIED"), event.object);
    } else {
        // The object left the selection: the client sees it go, at this change's RV.
        QJsonObject last = event.previous;
        ObjectMeta::set(last, QStringLiteral("resourceVersion"), QString::number(event.resourceVersion));
        send(QStringLiteral("DELETED"), last);
    }
}

void WatchSession::send(const QString &type, const QJsonObject &object)
{
    if (m_finished || !m_exchange || m_exchange->isFinished())
        return;
    const bool bookmark = type == QLatin1String("BOOKMARK");
    const auto encode = [&]() {
        QJsonObject payload = bookmark ? object : Representation::outgoing(m_settings.resource, object);
        if (m_table && !bookmark)
            payload = m_table->forObject(payload, *m_settings.table, !m_columnsSent);
        QByteArray line = ApiResponse::toJson(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("object"), payload}});
        line.append('\n');
        return line;
    };
    QByteArray line;
    if (bookmark || m_table) {
        line = encode();
    } else {
        // The same change in the same view encodes the same for every plain JSON watch.
        const QString key = type + QLatin1Char(' ') + ObjectMeta::resourceVersion(object) + QLatin1Char(' ')
            + m_settings.resource.apiVersion() + QLatin1Char(' ') + m_settings.resource.storageKey()
            + QLatin1Char(' ') + ObjectMeta::ns(object) + QLatin1Char('/') + ObjectMeta::name(object);
        line = m_hub->encodedLine(key, encode);
    }
    m_columnsSent = m_columnsSent || (m_table && !bookmark);
    m_exchange->writeChunk(line);
    if (m_exchange->pendingBytes() > kMaxPendingBytes) {
        qWarning("kube-sandbox: ending a %s watch whose client has %lld unsent bytes (slow or stalled reader)",
                 qPrintable(m_settings.resource.qualifiedResource()), static_cast<long long>(m_exchange->pendingBytes()));
        finish();
    }
}

void WatchSession::sendBookmark(bool initialEventsEnd)
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), QString::number(m_store->resourceVersion())}};
    if (initialEventsEnd)
        metadata.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("k8s.io/initial-events-end"), QStringLiteral("true")}});
    const bool table = m_table.has_value();
    send(QStringLiteral("BOOKMARK"),
         QJsonObject{{QStringLiteral("kind"), table ? QStringLiteral("Table") : m_settings.resource.kind},
                     {QStringLiteral("apiVersion"), table ? QStringLiteral("meta.k8s.io/v1") : m_settings.resource.apiVersion()},
                     {QStringLiteral("metadata"), metadata}});
}

void WatchSession::sendExpired(qint64 requested)
{
    const StatusError expired = StatusError::tooOldResourceVersion(quint64(requested), quint64(m_hub->floorResourceVersion()));
    QByteArray line = ApiResponse::toJson(QJsonObject{{QStringLiteral("type"), QStringLiteral("ERROR")},
                                                      {QStringLiteral("object"), expired.body()}});
    line.append('\n');
    m_exchange->writeChunk(line);
    finish();
}

void WatchSession::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_hub)
        disconnect(m_hub, nullptr, this, nullptr);
    if (m_exchange && !m_exchange->isFinished())
        m_exchange->endStream();
    Q_EMIT finished();
    deleteLater();
}

} // namespace cvc::sandbox
