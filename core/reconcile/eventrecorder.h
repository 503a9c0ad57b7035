#pragma once

#include "kube/tokenbucket.h"
#include "util/operatordefaults.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace cvc {

class KubeClient;

// Posts core/v1 Events about objects the way client-go's record package does (kube-api.md §5.2):
// name "<object>.<hex unix nanos>", involvedObject from the object, source.component and
// reportingComponent set to the component, reportingInstance the host. A repeat of the same
// event (object, type, reason, message) PATCHes count and lastTimestamp of the existing one
// instead of creating another; if that event is gone (404) a new one is created.
//
// Callers record what a person should know when it happens (a transition), never per tick.
// Still, a flapping price feed or a spec edited back and forth is a series of transitions, so
// every occurrence passes client-go's spam filter first (EventSourceObjectSpamFilter): per
// involved object and reason a token bucket lets a burst through, then one per refill period;
// what it refuses is dropped, as client-go drops it.
class EventRecorder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString component = OperatorDefaults::operatorName;
        QString instance;                 // empty: the host name
        QString fieldManager = OperatorDefaults::operatorName;
        // client-go's defaults: 25 at once, then one every 5 minutes. A burst of 0 turns it off.
        int spamBurst = 25;
        qint64 spamRefillMs = 5 * 60 * 1000;
        // Monotonic milliseconds for the spam filter (client-go's clock.Clock); empty: a QElapsedTimer.
        std::function<qint64()> clock;
    };

    EventRecorder(KubeClient *client, const Options &options, QObject *parent = nullptr);

    // type "Normal" or "Warning"; reason CamelCase. `involved` is the object the event is about
    // (apiVersion, kind, metadata.name/namespace/uid are used).
    void record(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message);

    // The Event object for a first occurrence (pure, for tests).
    QJsonObject buildEvent(const QJsonObject &involved, const QString &type, const QString &reason,
                           const QString &message, const QDateTime &now) const;

    int createdCount() const { return m_created; }
    int patchedCount() const { return m_patched; }
    int failedCount() const { return m_failed; }
    int filteredCount() const { return m_filtered; }   // dropped by the spam filter

Q_SIGNALS:
    void eventRecorded(const QString &reason, const QString &message);
    void recordFailed(const QString &message);

private:
    struct Entry
    {
        QString name;
        QString namespaceName;
        int count = 0;
        bool inFlight = false;
        int pending = 0;       // repeats that arrived while a write was in flight
        QJsonObject involved;
        QString type, reason, message;
    };
    struct SpamRecord
    {
        TokenBucket bucket{0, 1};
        qint64 lastUsedMs = 0;
    };
    bool admit(const QString &spamKey);
    qint64 nowMs() const;
    void flush(const QString &key);
    void create(const QString &key);
    void patch(const QString &key);

    QPointer<KubeClient> m_client;
    Options m_options;
    QElapsedTimer m_elapsed;
    QHash<QString, Entry> m_entries;
    QHash<QString, SpamRecord> m_spam;   // keyed by involved object and reason
    int m_created = 0;
    int m_patched = 0;
    int m_failed = 0;
    int m_filtered = 0;
};

} // namespace cvc
