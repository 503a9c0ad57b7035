#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <deque>
#include <optional>

namespace cvc::sandbox {

struct ApiRequest;
struct WatchEvent;

// Who wrote what and when, for tests (GET /sandbox/writes): one entry per stored change (time with
// milliseconds, user, User-Agent, field manager, verb, resource, namespace/name, resourceVersion),
// the newest `capacity` kept. It hears every change from the store's change signal and attributes
// it to the request being handled at that moment (a Scope the router opens around each request);
// changes outside any request (preload, controllers finishing later) belong to kube-sandbox itself.
class WriteLog
{
public:
    static constexpr int DefaultCapacity = 10000;

    struct Actor
    {
        QString user;
        QString userAgent;
        QString fieldManager;
        QString verb;   // create, update, patch, delete, deletecollection (as kube audit logs say)
    };

    // Which entries toJson() returns; empty fields match everything.
    struct Filter
    {
        QString user;
        QString userAgentPrefix;
        QString fieldManager;
        qint64 sinceResourceVersion = 0;   // only entries with a newer resourceVersion
    };

    // Makes `actor` the author of every change recorded while it lives (nesting restores the outer one).
    class Scope
    {
    public:
        Scope(WriteLog *log, const Actor &actor);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        WriteLog *m_log;
        std::optional<Actor> m_outer;
    };

    explicit WriteLog(int capacity = DefaultCapacity);

    // The actor of an API request: its user and User-Agent, the verb by method and path, and the
    // field manager as /sandbox/stats counts writes (fieldManager, else the User-Agent up to "/").
    static Actor actorOf(const ApiRequest &request);
    // The actor for changes kube-sandbox makes on its own.
    static Actor serverActor(const QString &fieldManager = QStringLiteral("kube-sandbox"));

    void record(const WatchEvent &event);
    // {"capacity":N,"dropped":M,"items":[…oldest first…]}
    QJsonObject toJson() const;
    QJsonObject toJson(const Filter &filter) const;
    void clear();
    int size() const { return int(m_entries.size()); }

private:
    struct Entry
    {
        QDateTime time;
        Actor actor;
        QString type;   // ADDED, MODIFIED, DELETED
        QString storageKey;
        QString ns;
        QString name;
        qint64 resourceVersion = 0;
    };

    int m_capacity;
    qint64 m_dropped = 0;   // entries pushed out by newer ones since the last clear()
    std::deque<Entry> m_entries;
    std::optional<Actor> m_current;
};

} // namespace cvc::sandbox
