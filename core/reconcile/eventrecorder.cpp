#include "reconcile/eventrecorder.h"

#include "reconcile/desiredstate.h"
#include "kube/kubeclient.h"

#include <QHostInfo>

#include <chrono>

namespace cvc {

namespace {

QString eventsPath(const QString &ns, const QString &name = {})
{
    QString p = QStringLiteral("/api/v1/namespaces/%1/events").arg(ns);
    if (!name.isEmpty())
        p += QLatin1Char('/') + name;
    return p;
}

// Like client-go's events cache: remember this many aggregates or spam records at most.
constexpr qsizetype maxTracked = 4096;

} // namespace

EventRecorder::EventRecorder(KubeClient *client, const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
{
    if (m_options.instance.isEmpty())
        m_options.instance = QHostInfo::localHostName();
    m_elapsed.start();
}

qint64 EventRecorder::nowMs() const
{
    return m_options.clock ? m_options.clock() : m_elapsed.elapsed();
}

bool EventRecorder::admit(const QString &spamKey)
{
    if (m_options.spamBurst <= 0 || m_options.spamRefillMs <= 0)
        return true;
    const qint64 now = nowMs();
    // A record unused for a whole burst's refill is full again: forgetting it changes nothing.
    const qint64 refilledAfter = qint64(m_options.spamBurst) * m_options.spamRefillMs;
    if (m_spam.size() >= maxTracked && !m_spam.contains(spamKey))
        m_spam.removeIf([&](QHash<QString, SpamRecord>::iterator it) { return now - it->lastUsedMs >= refilledAfter; });
    auto it = m_spam.find(spamKey);
    if (it == m_spam.end())
        it = m_spam.insert(spamKey, SpamRecord{TokenBucket(1000.0 / double(m_options.spamRefillMs), m_options.spamBurst), now});
    // TokenBucket is a limiter that makes callers wait: when empty it still hands out a future
    // token. A filter drops instead, so it tries a copy and keeps it only if it let this through.
    TokenBucket trial = it->bucket;
    if (trial.reserveAt(now) > 0) {
        ++m_filtered;
        return false;
    }
    it->bucket = trial;
    it->lastUsedMs = now;
    return true;
}

QJsonObject EventRecorder::buildEvent(const QJsonObject &involved, const QString &type, const QString &reason,
                                      const QString &message, const QDateTime &now) const
{
    const QJsonObject meta = involved.value(QStringLiteral("metadata")).toObject();
    const QString objectName = meta.value(QStringLiteral("name")).toString();
    QString ns = meta.value(QStringLiteral("namespace")).toString();
    if (ns.isEmpty())
        ns = QStringLiteral("default");
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    QJsonObject involvedObject{
        {QStringLiteral("apiVersion"), involved.value(QStringLiteral("apiVersion"))},
        {QStringLiteral("kind"), involved.value(QStringLiteral("kind"))},
        {QStringLiteral("name"), objectName},
        {QStringLiteral("namespace"), ns},
    };
    if (meta.contains(QStringLiteral("uid")))
        involvedObject.insert(QStringLiteral("uid"), meta.value(QStringLiteral("uid")));
    if (meta.contains(QStringLiteral("resourceVersion")))
        involvedObject.insert(QStringLiteral("resourceVersion"), meta.value(QStringLiteral("resourceVersion")));
    const QString ts = DesiredState::formatTime(now);
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Event")},
        {QStringLiteral("metadata"), QJsonObject{
             {QStringLiteral("name"), QString(objectName + QLatin1Char('.') + QString::number(qulonglong(nanos), 16))},
             {QStringLiteral("namespace"), ns}}},
        {QStringLiteral("involvedObject"), involvedObject},
        {QStringLiteral("reason"), reason.left(128)},
        {QStringLiteral("message"), message.left(1024)},
        {QStringLiteral("type"), type},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("component"), m_options.component},
                                               {QStringLiteral("host"), m_options.instance}}},
        {QStringLiteral("reportingComponent"), m_options.component},
        {QStringLiteral("reportingInstance"), m_options.instance.left(128)},
        {QStringLiteral("firstTimestamp"), ts},
        {QStringLiteral("lastTimestamp"), ts},
        {QStringLiteral("count"), 1},
    };
}

void EventRecorder::record(const QJsonObject &involved, const QString &type, const QString &reason,
                           const QString &message)
{
    const QJsonObject meta = involved.value(QStringLiteral("metadata")).toObject();
    const QString object = meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
                           + meta.value(QStringLiteral("name")).toString() + QLatin1Char('/')
                           + meta.value(QStringLiteral("uid")).toString();
    if (!admit(object + QLatin1Char('/') + reason))
        return;
    const QString key = object + QLatin1Char('/') + type + QLatin1Char('/') + reason + QLatin1Char('/') + message;
    // Bounded like client-go's events cache: forget idle aggregates when it grows large.
    if (m_entries.size() > maxTracked && !m_entries.contains(key)) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = (it->inFlight || it->pending) ? std::next(it) : m_entries.erase(it);
    }
    Entry &e = m_entries[key];
    e.involved = involved;
    e.type = type;
    e.reason = reason;
    e.message = message;
    ++e.pending;
    Q_EMIT eventRecorded(reason, message);
    flush(key);
}

void EventRecorder::flush(const QString &key)
{
    Entry &e = m_entries[key];
    if (e.inFlight || e.pending == 0 || !m_client)
        return;
    if (e.name.isEmpty())
        create(key);
    else
        patch(key);
}

void EventRecorder::create(const QString &key)
{
    Entry &e = m_entries[key];
    const QJsonObject event = buildEvent(e.involved, e.type, e.reason, e.message, QDateTime::currentDateTimeUtc());
    // Repeats that piled up while nothing existed yet are folded into the first count.
    const int count = e.pending + e.count;
    QJsonObject body = event;
    body.insert(QStringLiteral("count"), count);
    e.inFlight = true;
    e.pending = 0;
    const QString ns = event.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString();
    const QString name = event.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
    WriteOptions options;
    options.fieldManager = m_options.fieldManager;
    m_client->create(eventsPath(ns), body, options, this, [this, key, ns, name, count](const KubeResponse &r) {
        Entry &e = m_entries[key];
        e.inFlight = false;
        if (r.ok()) {
            ++m_created;
            e.name = name;
            e.namespaceName = ns;
            e.count = count;
        } else {
            ++m_failed; // events are best effort, like client-go's: this occurrence is dropped
            Q_EMIT recordFailed(QStringLiteral("could not post event %1: %2").arg(name, r.error->toString()));
        }
        flush(key);
    });
}

void EventRecorder::patch(const QString &key)
{
    Entry &e = m_entries[key];
    const int count = e.count + e.pending;
    e.pending = 0;
    e.inFlight = true;
    const QJsonObject body{
        {QStringLiteral("count"), count},
        {QStringLiteral("lastTimestamp"), DesiredState::formatTime(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("message"), e.message},
    };
    WriteOptions options;
    options.fieldManager = m_options.fieldManager;
    m_client->patch(eventsPath(e.namespaceName, e.name), PatchType::Merge, body, options, this,
                    [this, key, count](const KubeResponse &r) {
                        Entry &e = m_entries[key];
                        e.inFlight = false;
                        if (r.ok()) {
                            ++m_patched;
                            e.count = count;
                        } else if (r.error->isNotFound()) {
                            // The event expired or was deleted: start a new one with this occurrence.
                            e.name.clear();
                            e.count = 0;
                            e.pending += 1;
                        } else {
                            ++m_failed;
                            Q_EMIT recordFailed(QStringLiteral("could not update event %1: %2").arg(e.name, r.error->toString()));
                        }
                        flush(key);
                    });
}

} // namespace cvc
