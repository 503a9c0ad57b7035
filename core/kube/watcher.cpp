#include "watcher.h"

#include "json/deepjsonreader.h"
#include "kubeclient.h"
#include "kubewatchstream.h"
#include "objectcache.h"

#include <QJsonArray>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>
#include <utility>

namespace cvc {

namespace {

constexpr qint64 kMaxRetryAfterMs = 5 * 60 * 1000;

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

} // namespace

Watcher::Watcher(KubeClient *client, const ResourceType &type, ObjectCache *cache, QObject *parent)
    : Watcher(client, type, cache, Options(), parent)
{
}

Watcher::Watcher(KubeClient *client, const ResourceType &type, ObjectCache *cache, const Options &options,
                 QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_type(type)
    , m_cache(cache)
    , m_options(options)
    // Full jitter in the upper half: many clients that lost the same server do not return together.
    , m_backoff(std::chrono::milliseconds(options.backoffInitialMs), std::chrono::milliseconds(options.backoffMaximumMs),
                2.0, 0.5)
    , m_retryTimer(new QTimer(this))
    , m_stallTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    m_stallTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_needRelist)
            beginList();
        else
            beginWatch();
    });
    connect(m_stallTimer, &QTimer::timeout, this, &Watcher::onStalled);
}

Watcher::~Watcher()
{
    dropStream();
}

QString Watcher::collectionPath() const
{
    return m_type.path(m_type.namespaced ? m_options.namespaceName : QString());
}

void Watcher::start()
{
    if (m_running)
        return;
    m_running = true;
    m_needRelist = true;
    m_backoff.reset();
    setPhase(ConnectionState::Phase::Connecting, QStringLiteral("listing %1").arg(m_type.qualifiedName()));
    beginList();
}

void Watcher::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_retryTimer->stop();
    m_stallTimer->stop();
    dropStream();
    delete m_requestGuard; // drops the callback of a list still in flight
    m_requestGuard = nullptr;
    setPhase(ConnectionState::Phase::Idle, {});
}

void Watcher::dropStream()
{
    if (!m_stream)
        return;
    KubeWatchStream *stream = m_stream;
    m_stream = nullptr;
    stream->disconnect(this);
    stream->abort();
    stream->deleteLater();
}

void Watcher::beginList()
{
    if (!m_running || !m_client)
        return;
    dropStream();
    m_stallTimer->stop();
    ++m_listCount;
    m_lastList.start();
    delete m_requestGuard;
    m_requestGuard = new QObject(this);
    m_listedItems = 0;
    if (m_cache)
        m_cache->beginList();
    requestPage(QString());
}

void Watcher::requestPage(const QString &continueToken)
{
    QUrlQuery query;
    if (!m_options.labelSelector.isEmpty())
        query.addQueryItem(QStringLiteral("labelSelector"), m_options.labelSelector);
    if (!m_options.fieldSelector.isEmpty())
        query.addQueryItem(QStringLiteral("fieldSelector"), m_options.fieldSelector);
    if (m_options.listPageSize > 0 && !m_unpagedList)
        query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.listPageSize));
    if (!continueToken.isEmpty())
        query.addQueryItem(QStringLiteral("continue"), continueToken);
    // No resourceVersion: a consistent read of the latest state, so a relist after 410 cannot go back in time.
    m_client->list(collectionPath(), query, m_requestGuard, [this, continueToken](const KubeResponse &response) {
        if (!m_running)
            return;
        if (!response.ok()) {
            if (!continueToken.isEmpty() && response.error->isExpired()) {
                // The snapshot behind the continue token is gone (slow paging, compaction): start over in one piece.
                m_unpagedList = true;
                beginList();
                return;
            }
            if (m_cache)
                m_cache->abandonList();
            scheduleRetry(QStringLiteral("listing %1 failed").arg(m_type.qualifiedName()), response.error, true);
            return;
        }
        const QJsonArray items = response.object.value(QLatin1String("items")).toArray();
        QList<QJsonObject> page;
        page.reserve(items.size());
        for (const QJsonValue &v : items) {
            QJsonObject o = v.toObject();
            // Real servers omit apiVersion/kind on list items; watch events carry them. Make both alike.
            if (!o.contains(QLatin1String("apiVersion")))
                o.insert(QStringLiteral("apiVersion"), m_type.apiVersion());
            if (!o.contains(QLatin1String("kind")) && !m_type.kind.isEmpty())
                o.insert(QStringLiteral("kind"), m_type.kind);
            page.append(o);
        }
        m_listedItems += int(page.size());
        if (m_cache)
            m_cache->addListPage(page);
        for (const QJsonObject &identity : response.unreadableItems) {
            if (m_cache)
                m_cache->setUnreadable(identity, unreadableReason(identity));
            reportSkipped(identity);
        }
        const QJsonObject meta = response.object.value(QLatin1String("metadata")).toObject();
        const QString next = meta.value(QLatin1String("continue")).toString();
        if (!next.isEmpty()) {
            requestPage(next);
            return;
        }
        // Every page of one list shares the snapshot's resourceVersion.
        m_resourceVersion = meta.value(QLatin1String("resourceVersion")).toString();
        m_needRelist = false;
        m_unpagedList = false;
        m_backoff.reset();
        if (m_cache)
            m_cache->finishList(m_resourceVersion);
        Q_EMIT listed(m_listedItems, m_resourceVersion);
        beginWatch();
    });
}

void Watcher::beginWatch()
{
    if (!m_running || !m_client)
        return;
    dropStream();
    ++m_watchCount;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("resourceVersion"), m_resourceVersion);
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(m_options.watchTimeoutSeconds));
    if (!m_options.labelSelector.isEmpty())
        query.addQueryItem(QStringLiteral("labelSelector"), m_options.labelSelector);
    if (!m_options.fieldSelector.isEmpty())
        query.addQueryItem(QStringLiteral("fieldSelector"), m_options.fieldSelector);
    m_stream = m_client->watch(collectionPath(), query, this);
    connect(m_stream, &KubeWatchStream::opened, this, [this] {
        m_backoff.reset(); // the server took the watch: the next failure starts the backoff afresh
        setPhase(ConnectionState::Phase::Live, {});
        armStallTimer();
    });
    connect(m_stream, &KubeWatchStream::dataReceived, this, &Watcher::armStallTimer);
    connect(m_stream, &KubeWatchStream::eventReceived, this, &Watcher::onEvent);
    connect(m_stream, &KubeWatchStream::unreadableObjectReceived, this, &Watcher::onUnreadableObject);
    connect(m_stream, &KubeWatchStream::finished, this, &Watcher::onStreamFinished);
    armStallTimer();
}

void Watcher::onEvent(const QString &type, const QJsonObject &object)
{
    if (type == QLatin1String("ERROR")) {
        const KubeError error = KubeError::fromStatus(object, 0);
        dropStream();
        if (error.isExpired()) {
            // History no longer reaches our resourceVersion: only a fresh list can tell what we missed.
            relistAfterExpired(error);
        } else {
            scheduleRetry(QStringLiteral("the watch reported an error"), error, false);
        }
        return;
    }
    const QString rv = resourceVersionOf(object);
    if (!rv.isEmpty())
        m_resourceVersion = rv; // bookmarks count: they let the next watch resume later in history
    if (type != QLatin1String("BOOKMARK"))
        Q_EMIT eventObserved(type, object);
    if (m_cache)
        m_cache->applyEvent(type, object);
}

void Watcher::onUnreadableObject(const QString &type, const QJsonObject &identity)
{
    const QString rv = resourceVersionOf(identity);
    if (!rv.isEmpty())
        m_resourceVersion = rv;
    // What the cache holds of it is no longer what the server has: readers must not act on it.
    Q_EMIT eventObserved(QStringLiteral("DELETED"), identity);
    if (type == QLatin1String("DELETED")) {
        if (m_cache)
            m_cache->applyEvent(QStringLiteral("DELETED"), identity);
        return;
    }
    if (m_cache)
        m_cache->setUnreadable(identity, unreadableReason(identity));
    reportSkipped(identity);
}

void Watcher::reportSkipped(const QJsonObject &identity)
{
    const QJsonObject meta = identity.value(QLatin1String("metadata")).toObject();
    const QString key = meta.value(QLatin1String("uid")).toString() + QLatin1Char('@') + resourceVersionOf(identity);
    if (m_reportedSkips.size() > 10000)   // bounded: at worst a skip is told again
        m_reportedSkips.clear();
    if (m_reportedSkips.contains(key))
        return;
    m_reportedSkips.insert(key);
    Q_EMIT objectSkipped(identity, unreadableReason(identity));
}

QString Watcher::unreadableReason(const QJsonObject &identity) const
{
    const QJsonObject meta = identity.value(QLatin1String("metadata")).toObject();
    return QStringLiteral("%1 %2/%3 is nested deeper than %4 levels and cannot be read; it is left out and tried again at the next relist")
        .arg(m_type.kind, meta.value(QLatin1String("namespace")).toString(), meta.value(QLatin1String("name")).toString())
        .arg(DeepJsonReader::MaxQtDepth);
}

void Watcher::onStreamFinished(const std::optional<KubeError> &error)
{
    KubeWatchStream *stream = m_stream;
    m_stream = nullptr;
    if (stream) {
        stream->disconnect(this);
        stream->deleteLater();
    }
    if (!m_running)
        return;
    m_stallTimer->stop();
    if (!error) {
        if (stream && stream->bytesReceived() > 0) {
            beginWatch(); // the server's timeoutSeconds ended it: carry on from the last resourceVersion
            return;
        }
        // Closed at once without a byte: treat as a failure so a misbehaving server is not hammered.
        scheduleRetry(QStringLiteral("the watch ended without data"), std::nullopt, false);
        return;
    }
    if (error->isExpired()) {
        relistAfterExpired(*error);
        return;
    }
    scheduleRetry(QStringLiteral("watch dropped"), error, false);
}

void Watcher::relistAfterExpired(const KubeError &error)
{
    m_needRelist = true;
    // A server whose history is shorter than one list-and-watch round trip would expire us in a
    // tight loop; relist at once only if the last list is not brand new.
    if (m_lastList.isValid() && m_lastList.elapsed() < 1000) {
        scheduleRetry(QStringLiteral("resource version expired (410) right after a list"), error, true);
        return;
    }
    setPhase(ConnectionState::Phase::Reconnecting, QStringLiteral("resource version expired (410): relisting"), error);
    beginList();
}

void Watcher::scheduleRetry(const QString &reason, const std::optional<KubeError> &error, bool relist)
{
    dropStream();
    m_stallTimer->stop();
    if (relist)
        m_needRelist = true;
    int delay = int(m_backoff.next().count());
    // The server's Retry-After is honoured up to the backoff's own ceiling: a broken or hostile
    // answer ("a year") must neither park the watch for good nor overflow the milliseconds.
    if (error && error->retryAfterSeconds > 0)
        delay = std::max(delay, int(std::min<qint64>(qint64(error->retryAfterSeconds) * 1000, kMaxRetryAfterMs)));
    QString text = reason;
    if (error)
        text += QStringLiteral(": ") + error->toString();
    text += QStringLiteral("; retrying in %1 s").arg(delay / 1000.0, 0, 'f', 1);
    // Credentials or permissions will not fix themselves quickly: tell the user plainly, keep trying.
    const bool fatal = error && (error->httpStatus == 401 || error->httpStatus == 403
                                 || (error->httpStatus == 404 && m_needRelist)
                                 || error->reason == QLatin1String("CredentialsUnavailable"));
    ConnectionState::Phase phase = fatal ? ConnectionState::Phase::Failed
                                   : (m_everLive ? ConnectionState::Phase::Reconnecting : ConnectionState::Phase::Connecting);
    setPhase(phase, text, error);
    m_retryTimer->start(delay);
}

void Watcher::setPhase(ConnectionState::Phase phase, const QString &reason, const std::optional<KubeError> &error)
{
    if (phase == ConnectionState::Phase::Live)
        m_everLive = true;
    ConnectionState next;
    next.phase = phase;
    // "Reconnecting since" is when the data stopped being live, not when the latest attempt failed.
    next.since = (phase == m_state.phase && m_state.since.isValid()) ? m_state.since : QDateTime::currentDateTimeUtc();
    next.reason = reason;
    next.error = error;
    if (next.phase == m_state.phase && next.reason == m_state.reason)
        return;
    m_state = next;
    if (m_cache)
        m_cache->setConnectionState(m_state);
    Q_EMIT stateChanged(m_state);
}

int Watcher::stallTimeoutMs() const
{
    if (m_options.stallTimeoutMs > 0)
        return m_options.stallTimeoutMs;
    return std::min(m_options.watchTimeoutSeconds + 30, 120) * 1000;
}

void Watcher::armStallTimer()
{
    m_stallTimer->start(stallTimeoutMs());
}

void Watcher::onStalled()
{
    if (!m_running || !m_stream)
        return;
    const int timeout = stallTimeoutMs();
    scheduleRetry(QStringLiteral("no data from the watch for %1 s (connection presumed dead)").arg(timeout / 1000), std::nullopt, false);
}

} // namespace cvc
