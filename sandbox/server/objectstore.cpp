#include "objectstore.h"

#include "security/securefile.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>

namespace cvc::sandbox {

namespace {

QString metadataString(const QJsonObject &object, const QString &key)
{
    return object.value(QStringLiteral("metadata")).toObject().value(key).toString();
}

bool exec(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

// Deepest nesting of objects and arrays in JSON text, counted the way QJsonDocument::fromJson
// counts it; one pass, brackets inside strings ignored.
int nestingDepth(const QByteArray &json)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

// A row open() could not turn back into an object.
struct UnreadableRow
{
    QString storageKey;
    QString ns;
    QString name;
    qint64 resourceVersion = 0;
    QString reason;
};

// Moves the rows into the quarantine table (kept for a person to inspect or repair) in one
// transaction, so the objects table holds only what the server serves.
bool quarantineRows(QSqlDatabase &db, const QList<UnreadableRow> &rows, QString *error)
{
    QSqlQuery query(db);
    if (!exec(query,
              QStringLiteral("CREATE TABLE IF NOT EXISTS quarantine (storage_key TEXT NOT NULL, namespace TEXT NOT NULL, "
                             "name TEXT NOT NULL, resource_version INTEGER NOT NULL, body TEXT NOT NULL, "
                             "reason TEXT NOT NULL, quarantined_at TEXT NOT NULL)"),
              error))
        return false;
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    for (const UnreadableRow &row : rows) {
        QSqlQuery copy(db);
        copy.prepare(QStringLiteral("INSERT INTO quarantine SELECT storage_key, namespace, name, resource_version, body, ?, ? "
                                    "FROM objects WHERE storage_key = ? AND namespace = ? AND name = ?"));
        QSqlQuery remove(db);
        remove.prepare(QStringLiteral("DELETE FROM objects WHERE storage_key = ? AND namespace = ? AND name = ?"));
        for (const QVariant &value : {QVariant(row.reason), QVariant(now)})
            copy.addBindValue(value);
        for (QSqlQuery *q : {&copy, &remove}) {
            q->addBindValue(row.storageKey);
            q->addBindValue(row.ns);
            q->addBindValue(row.name);
        }
        if (!copy.exec() || !remove.exec()) {
            *error = (copy.lastError().isValid() ? copy.lastError() : remove.lastError()).text();
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

} // namespace

ObjectStore::ObjectStore(QObject *parent)
    : QObject(parent)
{
}

ObjectStore::~ObjectStore()
{
    close();
}

QString ObjectStore::keyOf(const QString &ns, const QString &name)
{
    // A separator below every character a namespace may contain keeps namespaces sorted together.
    return ns + QChar(u'\x01') + name;
}

bool ObjectStore::open(const QString &databasePath, QString *error)
{
    close();
    m_objects.clear();
    m_resourceVersion = 0;
    if (databasePath.isEmpty())
        return true;

    QDir().mkpath(QFileInfo(databasePath).absolutePath());
    // Secrets are stored here: the file is owner-only from its first byte (SQLite gives -wal and
    // -shm the database's mode), and files an older version left readable are narrowed.
    QString problem;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (!SecureFile::restrictToOwner(databasePath + suffix, suffix.isEmpty(), &problem)) {
            if (error)
                *error = problem;
            return false;
        }
    }
    const QString connection = QStringLiteral("kube-sandbox-store-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(databasePath);
    if (!db.open()) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(databasePath, db.lastError().text());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connection);
        return false;
    }
    m_connectionName = connection;

    QSqlQuery query(db);
    const QStringList setup = {
        QStringLiteral("PRAGMA journal_mode=WAL"),
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS objects (storage_key TEXT NOT NULL, namespace TEXT NOT NULL, "
                       "name TEXT NOT NULL, resource_version INTEGER NOT NULL, body TEXT NOT NULL, "
                       "PRIMARY KEY (storage_key, namespace, name))"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    };
    for (const QString &sql : setup) {
        if (!exec(query, sql, error)) {
            if (error)
                *error = QStringLiteral("cannot prepare %1: %2").arg(databasePath, *error);
            close();
            return false;
        }
    }

    if (query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'resourceVersion'")) && query.next())
        m_resourceVersion = query.value(0).toLongLong();

    if (!exec(query, QStringLiteral("SELECT storage_key, namespace, name, resource_version, body FROM objects"), error)) {
        close();
        return false;
    }
    QList<UnreadableRow> unreadable;
    while (query.next()) {
        QJsonParseError parseError;
        const QByteArray body = query.value(4).toByteArray();
        QJsonObject object = QJsonDocument::fromJson(body, &parseError).object();
        if (parseError.error == QJsonParseError::DeepNesting) {
            // Deeper than Qt's parser reads, as kube-apiserver stores them.
            if (auto deep = DeepJsonReader(body).object(MaxNestingDepth)) {
                object = *deep;
                parseError.error = QJsonParseError::NoError;
            }
        }
        if (parseError.error != QJsonParseError::NoError || object.isEmpty()) {
            UnreadableRow row{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                              query.value(3).toLongLong(), QString()};
            row.reason = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset)
                : QStringLiteral("not a JSON object");
            unreadable.append(row);
            continue;
        }
        m_objects[query.value(0).toString()].insert(keyOf(query.value(1).toString(), query.value(2).toString()), object);
    }
    query.finish();
    if (unreadable.isEmpty())
        return true;
    // Skipping such a row would lose the object without a word on the next write of its name;
    // refusing to start would lock the user out of every other object. Keep it aside, loudly.
    QString moveError;
    if (!quarantineRows(db, unreadable, &moveError)) {
        if (error)
            *error = QStringLiteral("%1 holds %2 unreadable object(s) (first: %3 %4/%5: %6) and they cannot be moved "
                                    "to the quarantine table: %7")
                         .arg(databasePath)
                         .arg(unreadable.size())
                         .arg(unreadable.first().storageKey, unreadable.first().ns, unreadable.first().name,
                              unreadable.first().reason, moveError);
        close();
        return false;
    }
    for (const UnreadableRow &row : std::as_const(unreadable)) {
        const QString line =
            QStringLiteral("stored object %1 \"%2\" in namespace \"%3\" (resourceVersion %4) cannot be read back (%5); "
                           "moved to table quarantine of %6, no longer served")
                .arg(row.storageKey, row.name, row.ns)
                .arg(row.resourceVersion)
                .arg(row.reason, databasePath);
        m_quarantined.append(line);
        qCritical("kube-sandbox: %s", qPrintable(line));
    }
    return true;
}

void ObjectStore::close()
{
    if (m_connectionName.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen()) {
            QSqlQuery query(db);
            query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

std::optional<QJsonObject> ObjectStore::get(const QString &storageKey, const QString &ns, const QString &name) const
{
    const auto resource = m_objects.constFind(storageKey);
    if (resource == m_objects.constEnd())
        return std::nullopt;
    const auto it = resource->constFind(keyOf(ns, name));
    if (it == resource->constEnd())
        return std::nullopt;
    return *it;
}

QList<QJsonObject> ObjectStore::list(const QString &storageKey, const QString &ns) const
{
    QList<QJsonObject> out;
    const auto resource = m_objects.constFind(storageKey);
    if (resource == m_objects.constEnd())
        return out;
    if (ns.isEmpty()) {
        out.reserve(resource->size());
        for (const QJsonObject &object : *resource)
            out.append(object);
        return out;
    }
    const QString prefix = ns + QChar(u'\x01');
    for (auto it = resource->lowerBound(prefix); it != resource->constEnd() && it.key().startsWith(prefix); ++it)
        out.append(*it);
    return out;
}

int ObjectStore::count(const QString &storageKey) const
{
    return int(m_objects.value(storageKey).size());
}

int ObjectStore::totalCount() const
{
    int total = 0;
    for (const auto &resource : m_objects)
        total += int(resource.size());
    return total;
}

bool ObjectStore::write(WatchEvent::Type type, const QString &storageKey, const QJsonObject &object,
                        QJsonObject *stored, QString *error, WriteError *reason)
{
    auto refuse = [&](WriteError why, const QString &message) {
        if (error)
            *error = message;
        if (reason)
            *reason = why;
        return false;
    };
    if (reason)
        *reason = WriteError::None;
    const QString ns = metadataString(object, QStringLiteral("namespace"));
    const QString name = metadataString(object, QStringLiteral("name"));
    const QString key = keyOf(ns, name);
    const std::optional<QJsonObject> previous = get(storageKey, ns, name);

    const qint64 resourceVersion = m_resourceVersion + 1;
    QJsonObject result = object;
    QJsonObject metadata = result.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(resourceVersion));
    result.insert(QStringLiteral("metadata"), metadata);

    // Also without a database: a memory-only server refuses exactly what a persistent one would.
    QByteArray body;
    if (type != WatchEvent::Type::Deleted) {
        body = QJsonDocument(result).toJson(QJsonDocument::Compact);
        if (body.size() > MaxObjectBytes)
            return refuse(WriteError::TooLarge,
                          QStringLiteral("%1 \"%2\" is %3 bytes as JSON, more than the %4 bytes an object may have")
                              .arg(storageKey, name)
                              .arg(body.size())
                              .arg(MaxObjectBytes));
        const int depth = nestingDepth(body);
        if (depth > MaxNestingDepth)
            return refuse(WriteError::TooDeep,
                          QStringLiteral("%1 \"%2\" nests %3 levels deep, more than the %4 the API server decodes")
                              .arg(storageKey, name)
                              .arg(depth)
                              .arg(MaxNestingDepth));
    }
    if (!persist(type, storageKey, ns, name, resourceVersion, body, error))
        return refuse(WriteError::Storage, error ? *error : QString());

    m_resourceVersion = resourceVersion;
    if (type == WatchEvent::Type::Deleted) {
        auto resource = m_objects.find(storageKey);
        if (resource != m_objects.end()) {
            resource->remove(key);
            if (resource->isEmpty())
                m_objects.erase(resource);
        }
    } else {
        m_objects[storageKey].insert(key, result);
    }
    if (stored)
        *stored = result;

    WatchEvent event;
    event.type = type;
    event.storageKey = storageKey;
    event.ns = ns;
    event.name = name;
    event.resourceVersion = resourceVersion;
    event.object = result;
    if (previous)
        event.previous = *previous;
    Q_EMIT objectChanged(event);
    return true;
}

bool ObjectStore::persist(WatchEvent::Type type, const QString &storageKey, const QString &ns, const QString &name,
                          qint64 resourceVersion, const QByteArray &body, QString *error)
{
    if (m_connectionName.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery query(db);
    bool ok;
    // A null QString binds SQL NULL; cluster-scoped objects have the empty namespace.
    const QString nsValue = ns.isNull() ? QStringLiteral("") : ns;
    if (type == WatchEvent::Type::Deleted) {
        query.prepare(QStringLiteral("DELETE FROM objects WHERE storage_key = ? AND namespace = ? AND name = ?"));
        query.addBindValue(storageKey);
        query.addBindValue(nsValue);
        query.addBindValue(name);
        ok = query.exec();
    } else {
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO objects (storage_key, namespace, name, resource_version, "
                                     "body) VALUES (?, ?, ?, ?, ?)"));
        query.addBindValue(storageKey);
        query.addBindValue(nsValue);
        query.addBindValue(name);
        query.addBindValue(resourceVersion);
        query.addBindValue(QString::fromUtf8(body));
        ok = query.exec();
    }
    if (ok) {
        QSqlQuery counter(db);
        counter.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('resourceVersion', ?)"));
        counter.addBindValue(QString::number(resourceVersion));
        ok = counter.exec();
        if (!ok && error)
            *error = counter.lastError().text();
    } else if (error) {
        *error = query.lastError().text();
    }
    if (!ok || !db.commit()) {
        if (error && ok)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

} // namespace cvc::sandbox
