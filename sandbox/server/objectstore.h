#pragma once

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
class ObjectStore : public QObject
{
    Q_OBJECT
public:
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
    bool write(WatchEvent::Type type, const QString &storageKey, const QJsonObject &object, QJsonObject *stored,
               QString *error);

Q_SIGNALS:
    void objectChanged(const cvc::sandbox::WatchEvent &event);

private:
    static QString keyOf(const QString &ns, const QString &name);
    bool persist(WatchEvent::Type type, const QString &storageKey, const QString &ns, const QString &name,
                 qint64 resourceVersion, const QJsonObject &object, QString *error);

    QHash<QString, QMap<QString, QJsonObject>> m_objects;
    qint64 m_resourceVersion = 0;
    QString m_connectionName;
};

} // namespace cvc::sandbox
