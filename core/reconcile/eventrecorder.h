#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace cvc {

class KubeClient;

// Posts core/v1 Events about objects the way client-go's record package does (kube-api.md §5.2):
// name "<object>.<hex unix nanos>", involvedObject from the object, source.component and
// reportingComponent set to the component, reportingInstance the host. A repeat of the same
// event (object, type, reason, message) PATCHes count and lastTimestamp of the existing one
// instead of creating another; if that event is gone (404) a new one is created.
//
// Callers record what a person should know when it happens (a transition), never per tick.
class EventRecorder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString component = QStringLiteral("cvc-operator");
        QString instance;                 // empty: the host name
        QString fieldManager = QStringLiteral("cvc-operator");
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
    void flush(const QString &key);
    void create(const QString &key);
    void patch(const QString &key);

    QPointer<KubeClient> m_client;
    Options m_options;
    QHash<QString, Entry> m_entries;
    int m_created = 0;
    int m_patched = 0;
    int m_failed = 0;
};

} // namespace cvc
