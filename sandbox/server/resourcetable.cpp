#include "resourcetable.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

QJsonObject column(const QString &name, const QString &type, const QString &jsonPath, const QString &description)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("jsonPath"), jsonPath},
                       {QStringLiteral("description"), description}};
}

QJsonObject age()
{
    return column(QStringLiteral("Age"), QStringLiteral("date"), QStringLiteral(".metadata.creationTimestamp"),
                  QStringLiteral("CreationTimestamp is a timestamp representing the server time when this object was created."));
}

TableConvertor withColumns(const QJsonArray &columns)
{
    return TableConvertor::forCustomResource(QJsonObject{{QStringLiteral("additionalPrinterColumns"), columns}});
}

} // namespace

TableConvertor ResourceTable::convertorFor(const ResourceInfo &info)
{
    switch (info.resourceKind) {
    case ResourceKind::Custom:
        return TableConvertor::forCustomResource(info.crdVersion);
    case ResourceKind::Namespace:
        return withColumns({column(QStringLiteral("Status"), QStringLiteral("string"), QStringLiteral(".status.phase"),
                                   QStringLiteral("The status of the namespace")),
                            age()});
    case ResourceKind::Lease:
        return withColumns({column(QStringLiteral("Holder"), QStringLiteral("string"), QStringLiteral(".spec.holderIdentity"),
                                   QStringLiteral("The holder of the lease")),
                            age()});
    case ResourceKind::Event:
        return withColumns({column(QStringLiteral("Last Seen"), QStringLiteral("date"), QStringLiteral(".lastTimestamp"),
                                   QStringLiteral("The last time the event was observed")),
                            column(QStringLiteral("Type"), QStringLiteral("string"), QStringLiteral(".type"),
                                   QStringLiteral("Type of the event")),
                            column(QStringLiteral("Reason"), QStringLiteral("string"), QStringLiteral(".reason"),
                                   QStringLiteral("Why the event happened")),
                            column(QStringLiteral("Object"), QStringLiteral("string"), QStringLiteral(".involvedObject.name"),
                                   QStringLiteral("The object the event is about")),
                            column(QStringLiteral("Message"), QStringLiteral("string"), QStringLiteral(".message"),
                                   QStringLiteral("What happened"))});
    default:
        if (!info.printerColumns.isEmpty())
            return withColumns(info.printerColumns);
        return TableConvertor::forBuiltin();
    }
}

ResourceTable::ResourceTable(const ResourceInfo &info)
    : m_info(info)
    , m_convertor(convertorFor(info))
{
}

QJsonObject ResourceTable::completeRows(QJsonObject table, const QJsonArray &items) const
{
    if (m_info.resourceKind != ResourceKind::Event)
        return table;
    // kubectl's event printer shows the involved object as lower-case kind/name.
    constexpr int objectColumn = 4; // Name, Last Seen, Type, Reason, Object, Message
    QJsonArray rows = table.value(QStringLiteral("rows")).toArray();
    for (qsizetype i = 0; i < rows.size() && i < items.size(); ++i) {
        QJsonObject row = rows.at(i).toObject();
        QJsonArray cells = row.value(QStringLiteral("cells")).toArray();
        const QJsonObject involved = items.at(i).toObject().value(QStringLiteral("involvedObject")).toObject();
        if (cells.size() > objectColumn)
            cells[objectColumn] = QString(involved.value(QStringLiteral("kind")).toString().toLower() + QLatin1Char('/')
                                          + involved.value(QStringLiteral("name")).toString());
        row.insert(QStringLiteral("cells"), cells);
        rows[i] = row;
    }
    table.insert(QStringLiteral("rows"), rows);
    // As in the apiserver's event printer, Name is a wide (-o wide) column.
    QJsonArray columns = table.value(QStringLiteral("columnDefinitions")).toArray();
    if (!columns.isEmpty()) {
        QJsonObject name = columns.at(0).toObject();
        name.insert(QStringLiteral("priority"), 1);
        columns[0] = name;
        table.insert(QStringLiteral("columnDefinitions"), columns);
    }
    return table;
}

QJsonObject ResourceTable::forList(const QJsonArray &items, const QJsonObject &listMetadata, IncludeObject include) const
{
    QJsonObject table = m_convertor.tableForList(items, listMetadata.value(QStringLiteral("resourceVersion")).toString(),
                                                 QString(), include);
    table.insert(QStringLiteral("metadata"), listMetadata);
    return completeRows(table, items);
}

QJsonObject ResourceTable::forObject(const QJsonObject &object, IncludeObject include, bool withColumnDefinitions) const
{
    return completeRows(m_convertor.tableForObject(object, include, withColumnDefinitions), QJsonArray{object});
}

} // namespace cvc::sandbox
