#include "apimachinery/tableconvertor.h"

#include "json/kubetime.h"

#include <cmath>

namespace cvc::sandbox {

namespace {

// ObjectMeta's swagger descriptions, which kube-apiserver puts on the default columns.
const QString nameDescription = QStringLiteral(
    "Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name automatically. "
    "Name is primarily intended for creation idempotence and configuration definition. Cannot be "
    "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
const QString creationTimestampDescription = QStringLiteral(
    "CreationTimestamp is a timestamp representing the server time when this object was created. It "
    "is not guaranteed to be set in happens-before order across separate operations. Clients may not "
    "set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
    "Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");

PrinterColumn nameColumn()
{
    return PrinterColumn{QStringLiteral("Name"), QStringLiteral("string"), QStringLiteral("name"),
                         nameDescription, 0, QString()};
}

} // namespace

TableConvertor::TableConvertor(Kind kind, QList<PrinterColumn> columns)
    : m_kind(kind), m_columns(std::move(columns))
{
    for (const PrinterColumn &column : std::as_const(m_columns)) {
        if (column.jsonPath.isEmpty())
            m_paths.append(std::nullopt);
        else
            m_paths.append(JsonPath::parse(column.jsonPath)); // a bad path renders null cells
    }
}

TableConvertor::TableConvertor(Kind kind, QList<PrinterColumn> columns, QList<std::optional<JsonPath>> paths)
    : m_kind(kind), m_columns(std::move(columns)), m_paths(std::move(paths))
{
}

TableConvertor TableConvertor::forCustomResource(const QJsonObject &crdVersion)
{
    QList<PrinterColumn> columns{nameColumn()};
    QList<std::optional<JsonPath>> paths{std::nullopt};
    const QJsonArray defined = crdVersion.value(QLatin1String("additionalPrinterColumns")).toArray();
    if (defined.isEmpty()) {
        // Only a version without columns gets the implicit Age column.
        columns.append(PrinterColumn{QStringLiteral("Age"), QStringLiteral("date"), QString(),
                                     creationTimestampDescription, 0,
                                     QStringLiteral(".metadata.creationTimestamp")});
        paths.append(JsonPath::parse(columns.last().jsonPath));
    }
    for (const QJsonValue &value : defined) {
        const QJsonObject column = value.toObject();
        PrinterColumn c;
        c.name = column.value(QLatin1String("name")).toString();
        c.type = column.value(QLatin1String("type")).toString();
        c.format = column.value(QLatin1String("format")).toString();
        c.jsonPath = column.value(QLatin1String("jsonPath")).toString();
        c.description = column.value(QLatin1String("description")).toString();
        if (c.description.isEmpty())
            c.description = QStringLiteral("Custom resource definition column (in JSONPath format): ") + c.jsonPath;
        c.priority = column.value(QLatin1String("priority")).toInt();
        std::optional<JsonPath> path = JsonPath::parse(c.jsonPath);
        // Admission only checks the leading dot, as kube-apiserver does; its table convertor then
        // keeps the columns before the first path it cannot parse and drops that one and the rest.
        if (!path)
            break;
        columns.append(c);
        paths.append(std::move(path));
    }
    return TableConvertor(Kind::CustomResource, columns, paths);
}

TableConvertor TableConvertor::forBuiltin()
{
    return TableConvertor(Kind::Builtin,
                          {nameColumn(),
                           PrinterColumn{QStringLiteral("Created At"), QStringLiteral("date"), QString(),
                                         creationTimestampDescription, 0, QString()}});
}

std::optional<IncludeObject> TableConvertor::parseIncludeObject(const QString &value, QString *errorMessage)
{
    if (value.isEmpty() || value == QLatin1String("Metadata"))
        return IncludeObject::Metadata;
    if (value == QLatin1String("None"))
        return IncludeObject::None;
    if (value == QLatin1String("Object"))
        return IncludeObject::Object;
    if (errorMessage)
        *errorMessage = QStringLiteral("includeObject: Unsupported value: \"%1\": supported values: "
                                       "\"None\", \"Metadata\", \"Object\"").arg(value);
    return std::nullopt;
}

QJsonArray TableConvertor::columnDefinitions() const
{
    QJsonArray definitions;
    for (const PrinterColumn &column : m_columns) {
        definitions.append(QJsonObject{{QStringLiteral("name"), column.name},
                                       {QStringLiteral("type"), column.type},
                                       {QStringLiteral("format"), column.format},
                                       {QStringLiteral("description"), column.description},
                                       {QStringLiteral("priority"), column.priority}});
    }
    return definitions;
}

QJsonValue TableConvertor::cellFor(const QString &columnType, const std::optional<QJsonValue> &value,
                                   const QDateTime &now)
{
    if (!value || value->isNull() || value->isUndefined())
        return QJsonValue::Null;
    if (columnType == QLatin1String("string"))
        return JsonPath::valueToText(*value);
    if (columnType == QLatin1String("integer")) {
        // Go converts a float64 to int64 by truncation.
        if (value->isDouble())
            return double(std::trunc(value->toDouble()));
        return QJsonValue::Null;
    }
    if (columnType == QLatin1String("number"))
        return value->isDouble() ? *value : QJsonValue(QJsonValue::Null);
    if (columnType == QLatin1String("boolean"))
        return value->isBool() ? *value : QJsonValue(QJsonValue::Null);
    if (columnType == QLatin1String("date")) {
        if (!value->isString())
            return QJsonValue::Null;
        const std::optional<QDateTime> time = KubeTime::parse(value->toString());
        if (!time)
            return QStringLiteral("<invalid>");
        return KubeTime::age(*time, now);
    }
    return QJsonValue::Null;
}

QJsonArray TableConvertor::cells(const QJsonObject &object, const QDateTime &now) const
{
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    QJsonArray cells;
    cells.append(metadata.value(QLatin1String("name")).toString());
    for (qsizetype i = 1; i < m_columns.size(); ++i) {
        const PrinterColumn &column = m_columns.at(i);
        if (m_kind == Kind::Builtin) {
            // Created At: the RFC 3339 timestamp itself, not an age.
            const QString created = metadata.value(QLatin1String("creationTimestamp")).toString();
            const std::optional<QDateTime> time = KubeTime::parse(created);
            cells.append(time ? QJsonValue(KubeTime::format(*time)) : QJsonValue(QJsonValue::Null));
            continue;
        }
        const std::optional<JsonPath> &path = m_paths.at(i);
        cells.append(path ? cellFor(column.type, path->first(object), now) : QJsonValue(QJsonValue::Null));
    }
    return cells;
}

QJsonObject TableConvertor::row(const QJsonObject &object, IncludeObject include, const QDateTime &now) const
{
    QJsonObject row{{QStringLiteral("cells"), cells(object, now)}};
    switch (include) {
    case IncludeObject::None:
        break;
    case IncludeObject::Metadata:
        row.insert(QStringLiteral("object"),
                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("PartialObjectMetadata")},
                               {QStringLiteral("apiVersion"), QStringLiteral("meta.k8s.io/v1")},
                               {QStringLiteral("metadata"), object.value(QLatin1String("metadata"))}});
        break;
    case IncludeObject::Object:
        row.insert(QStringLiteral("object"), object);
        break;
    }
    return row;
}

QJsonObject TableConvertor::tableForList(const QJsonArray &items, const QString &resourceVersion,
                                         const QString &continueToken, IncludeObject include,
                                         bool withColumnDefinitions, const QDateTime &now,
                                         const QString &apiVersion) const
{
    QJsonObject metadata{{QStringLiteral("resourceVersion"), resourceVersion}};
    if (!continueToken.isEmpty())
        metadata.insert(QStringLiteral("continue"), continueToken);
    QJsonArray rows;
    for (const QJsonValue &item : items)
        rows.append(row(item.toObject(), include, now));
    QJsonObject table{{QStringLiteral("kind"), QStringLiteral("Table")},
                      {QStringLiteral("apiVersion"), apiVersion},
                      {QStringLiteral("metadata"), metadata},
                      {QStringLiteral("rows"), rows}};
    if (withColumnDefinitions)
        table.insert(QStringLiteral("columnDefinitions"), columnDefinitions());
    return table;
}

QJsonObject TableConvertor::tableForObject(const QJsonObject &object, IncludeObject include,
                                           bool withColumnDefinitions, const QDateTime &now,
                                           const QString &apiVersion) const
{
    const QString resourceVersion =
        object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
    return tableForList(QJsonArray{object}, resourceVersion, QString(), include, withColumnDefinitions, now,
                        apiVersion);
}

} // namespace cvc::sandbox
