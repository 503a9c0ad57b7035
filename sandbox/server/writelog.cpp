#include "writelog.h"

#include "apirequest.h"
#include "watchevent.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

// A User-Agent may be up to 64 KiB; ten thousand of those would be a lot of memory for a label.
constexpr qsizetype MaxUserAgentLength = 256;

QString verbOf(const QString &eventType)
{
    if (eventType == QLatin1String("ADDED"))
        return QStringLiteral("create");
    if (eventType == QLatin1String("DELETED"))
        return QStringLiteral("delete");
    return QStringLiteral("update");
}

} // namespace

WriteLog::Scope::Scope(WriteLog *log, const Actor &actor)
    : m_log(log)
{
    if (!m_log)
        return;
    m_outer = m_log->m_current;
    m_log->m_current = actor;
}

WriteLog::Scope::~Scope()
{
    if (m_log)
        m_log->m_current = m_outer;
}

WriteLog::WriteLog(int capacity)
    : m_capacity(qMax(1, capacity))
{
}

WriteLog::Actor WriteLog::actorOf(const ApiRequest &request)
{
    Actor actor;
    actor.user = request.user.name;
    actor.userAgent = QString::fromUtf8(request.header("User-Agent")).left(MaxUserAgentLength);
    const QByteArray method = request.http().method;
    if (method == "POST")
        actor.verb = QStringLiteral("create");
    else if (method == "PUT")
        actor.verb = QStringLiteral("update");
    else if (method == "PATCH")
        actor.verb = QStringLiteral("patch");
    else if (method == "DELETE")
        actor.verb = request.path.name.isEmpty() ? QStringLiteral("deletecollection") : QStringLiteral("delete");
    else
        actor.verb = QString::fromLatin1(method).toLower();
    // Deletes have no fieldManager parameter: like the stats, they count under the User-Agent.
    const QString requested = method == "DELETE" ? QString() : request.queryValue(QStringLiteral("fieldManager"));
    const QString agent = actor.userAgent.section(QLatin1Char('/'), 0, 0);
    actor.fieldManager = !requested.isEmpty() ? requested.left(128) : !agent.isEmpty() ? agent : QStringLiteral("unknown");
    return actor;
}

WriteLog::Actor WriteLog::serverActor(const QString &fieldManager)
{
    return Actor{QStringLiteral("system:kube-sandbox"), QString(), fieldManager, QString()};
}

void WriteLog::record(const WatchEvent &event)
{
    Entry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.actor = m_current.value_or(serverActor());
    entry.type = WatchEvent::typeName(event.type);
    if (entry.actor.verb.isEmpty())
        entry.actor.verb = verbOf(entry.type);
    entry.storageKey = event.storageKey;
    entry.ns = event.ns;
    entry.name = event.name;
    entry.resourceVersion = event.resourceVersion;
    m_entries.push_back(std::move(entry));
    while (m_entries.size() > size_t(m_capacity)) {
        m_entries.pop_front();
        ++m_dropped;
    }
}

QJsonObject WriteLog::toJson() const
{
    return toJson(Filter());
}

QJsonObject WriteLog::toJson(const Filter &filter) const
{
    QJsonArray items;
    for (const Entry &entry : m_entries) {
        if ((!filter.user.isEmpty() && entry.actor.user != filter.user)
            || !entry.actor.userAgent.startsWith(filter.userAgentPrefix)
            || (!filter.fieldManager.isEmpty() && entry.actor.fieldManager != filter.fieldManager)
            || entry.resourceVersion <= filter.sinceResourceVersion)
            continue;
        items.append(QJsonObject{{QStringLiteral("time"), entry.time.toString(Qt::ISODateWithMs)},
                                 {QStringLiteral("user"), entry.actor.user},
                                 {QStringLiteral("userAgent"), entry.actor.userAgent},
                                 {QStringLiteral("fieldManager"), entry.actor.fieldManager},
                                 {QStringLiteral("verb"), entry.actor.verb},
                                 {QStringLiteral("type"), entry.type},
                                 {QStringLiteral("apiGroup"), entry.storageKey.section(QLatin1Char('/'), 0, 0)},
                                 {QStringLiteral("resource"), entry.storageKey.section(QLatin1Char('/'), 1)},
                                 {QStringLiteral("namespace"), entry.ns},
                                 {QStringLiteral("name"), entry.name},
                                 {QStringLiteral("resourceVersion"), QString::number(entry.resourceVersion)}});
    }
    return QJsonObject{{QStringLiteral("capacity"), m_capacity},
                       {QStringLiteral("dropped"), m_dropped},
                       {QStringLiteral("items"), items}};
}

void WriteLog::clear()
{
    m_entries.clear();
    m_dropped = 0;
}

} // namespace cvc::sandbox
