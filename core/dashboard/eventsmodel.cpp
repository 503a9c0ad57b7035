#include "dashboard/eventsmodel.h"

#include "json/kubetime.h"
#include "kube/resourcetype.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <algorithm>

namespace cvc::ui {

EventsModel::EventsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EventsModel::setClient(KubeClient *client)
{
    m_client = client;
}

QString EventsModel::fieldSelector(const QString &kind, const QString &namespaceName, const QString &name)
{
    return QStringLiteral("involvedObject.kind=%1,involvedObject.name=%2,involvedObject.namespace=%3")
        .arg(kind, name, namespaceName);
}

void EventsModel::setObject(const QString &kind, const QString &namespaceName, const QString &name)
{
    if (kind == m_kind && namespaceName == m_namespace && name == m_name)
        return;
    m_kind = kind;
    m_namespace = namespaceName;
    m_name = name;
    // A different object: its rows have nothing in common with the old ones.
    beginResetModel();
    m_rows.clear();
    endResetModel();
    refresh();
}

EventsModel::Row EventsModel::rowOf(const QJsonObject &event)
{
    Row row;
    // kubectl events takes the newest of these, whichever the writer filled.
    for (const char *field : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
        if (const auto t = KubeTime::parse(event.value(QLatin1String(field)).toString())) {
            row.lastSeen = *t;
            break;
        }
    }
    const QJsonObject series = event.value(QLatin1String("series")).toObject();
    if (const auto t = KubeTime::parse(series.value(QLatin1String("lastObservedTime")).toString()))
        row.lastSeen = std::max(row.lastSeen, *t);
    if (!row.lastSeen.isValid()) {
        if (const auto t = KubeTime::parse(event.value(QLatin1String("metadata")).toObject()
                                               .value(QLatin1String("creationTimestamp")).toString()))
            row.lastSeen = *t;
    }
    row.type = event.value(QLatin1String("type")).toString();
    row.reason = event.value(QLatin1String("reason")).toString();
    const QJsonObject involved = event.value(QLatin1String("involvedObject")).toObject();
    row.object = involved.value(QLatin1String("kind")).toString() + QLatin1Char('/')
                 + involved.value(QLatin1String("name")).toString();
    row.message = event.value(QLatin1String("message")).toString();
    row.count = std::max(1, event.value(QLatin1String("count")).toInt(1));
    return row;
}

void EventsModel::refresh()
{
    delete m_request;
    m_request = nullptr;
    if (!m_client || m_name.isEmpty())
        return;
    m_request = new QObject(this);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("fieldSelector"), fieldSelector(m_kind, m_namespace, m_name));
    m_client->list(ResourceType::events().path(m_namespace), query, m_request, [this](const KubeResponse &response) {
        m_request->deleteLater();
        m_request = nullptr;
        if (!response.ok()) {
            m_error = response.error->toString();
            Q_EMIT loadFailed(m_error);
            return;
        }
        m_error.clear();
        QList<Row> rows;
        for (const QJsonValue &item : response.object.value(QLatin1String("items")).toArray())
            rows.append(rowOf(item.toObject()));
        std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) { return a.lastSeen < b.lastSeen; });
        // Events only come and go with a refresh; a reset here is one per refresh, not per tick.
        beginResetModel();
        m_rows = rows;
        endResetModel();
        Q_EMIT loaded();
    });
}

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LastSeenColumn: return tr("Last seen");
    case TypeColumn: return tr("Type");
    case ReasonColumn: return tr("Reason");
    case ObjectColumn: return tr("Object");
    case MessageColumn: return tr("Message");
    }
    return {};
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == LastSeenColumn)
        return row.lastSeen.toLocalTime().toString(Qt::ISODate);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case LastSeenColumn: {
        const QString age = row.lastSeen.isValid() ? KubeTime::age(row.lastSeen) : QStringLiteral("<unknown>");
        return row.count > 1 ? tr("%1 (x%2)").arg(age).arg(row.count) : age;
    }
    case TypeColumn: return row.type;
    case ReasonColumn: return row.reason;
    case ObjectColumn: return row.object;
    case MessageColumn: return row.message;
    }
    return {};
}

} // namespace cvc::ui
