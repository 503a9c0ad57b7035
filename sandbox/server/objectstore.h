#pragma once

#include "json/deepjsonreader.h"
#include "watchevent.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>

#include <optional>

namespace cvc::sandbox {

// Every object the server holds, keyed by storage key (group/plural), namespace and name, with the
// one global resourceVersion counter. Reads come from memory; with a database path every write is
// also one SQLite transaction (WAL) holding the object and the counter, so both survive a restart.
// The store stamps resourceVersion itself and reports each change exactly once (objectChanged).
//
// It stores only what it can read back: an object larger than etcd would take, or nested deeper
// than the JSON reader goes, is refused (WriteError) and nothing changes. A row that cannot be
// read at open() (written before these checks, or damaged) is not skipped silently: it is moved to
// the `quarantine` table with the reason, and a critical log line names it (quarantined()).
class ObjectStore : public QObject
{
    Q_OBJECT
public:
    // etcd's default --max-request-bytes (1.5 MiB): kube-apiserver cannot store a bigger object
    // and answers "etcdserver: request is too large". Measured here as the object's compact JSON.
    static constexpr qsizetype MaxObjectBytes = 1536 * 1024;
    // Levels of objects and arrays an object may nest, as kube-apiserver's decoder allows; what
    // Qt's parser cannot read back (over 1024) is read with DeepJsonReader.
    static constexpr int MaxNestingDepth = DeepJsonReader::KubeMaxDepth;

    enum class WriteError {
        None,
        TooLarge, // over MaxObjectBytes
        TooDeep,  // nested deeper than MaxNestingDepth
        Storage,  // SQLite failed
    };

    explicit ObjectStore(QObject *parent = nullptr);
    ~ObjectStore() override;

    // An empty path keeps everything in memory only (--ephemeral).
    bool open(const QString &databasePath, QString *error);
    void close();
    bool isPersistent() const { return !m_connectionName.isEmpty(); }

    qint64 resourceVersion() const { return m_resourceVersion; }

    std::optional<QJsonObject> get(const QString &storageKey, const QString &ns, const QString &name) const;
    // Objects of one resource in key order (namespace, then name); an empty ns means all namespaces.
    QList<QJsonObject> list(const QString &storageKey, const QString &ns = QString()) const;
    int count(const QString &storageKey) const;
    int totalCount() const;
    QStringList storageKeys() const { return m_objects.keys(); }

    // Writes: the stored object (with its new resourceVersion) is returned through *stored.
    // Deleted removes the object; its last state carries the deletion's resourceVersion.
    // On false, *error says why for a person and *reason (when given) for the caller's answer.
    bool write(WatchEvent::Type type, const QString &storageKey, const QJsonObject &object, QJsonObject *stored,
               QString *error, WriteError *reason = nullptr);

    // One line per row open() found unreadable and moved to the quarantine table.
    QStringList quarantined() const { return m_quarantined; }

Q_SIGNALS:
    void objectChanged(const cvc::sandbox::WatchEvent &event);

private:
    static QString keyOf(const QString &ns, const QString &name);
    bool persist(WatchEvent::Type type, const QString &storageKey, const QString &ns, const QString &name,
                 qint64 resourceVersion, const QByteArray &body, QString *error);

    QHash<QString, QMap<QString, QJsonObject>> m_objects;
    qint64 m_resourceVersion = 0;
    QString m_connectionName;
    QStringList m_quarantined;
};

} // namespace cvc::sandbox
