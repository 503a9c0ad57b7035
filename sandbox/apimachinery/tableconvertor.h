#pragma once

#include "json/jsonpath.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cvc::sandbox {

// One column of a Table (meta.k8s.io TableColumnDefinition) and where its cells come from.
struct PrinterColumn
{
    QString name;
    QString type;         // string, integer, number, boolean, date
    QString format;       // "name" for the Name column
    QString description;
    int priority = 0;
    QString jsonPath;     // ".spec.coin"; empty for the Name column
};

// What a Table row carries as `object` (query parameter includeObject).
enum class IncludeObject { None, Metadata, Object };

// Server-side printing (kube-api.md §1.7): turns objects into `kind: Table` responses.
class TableConvertor
{
public:
    // Columns for a custom resource from a CRD version object (the entry of spec.versions with
    // additionalPrinterColumns): Name first, then the version's columns in order with the
    // default description `Custom resource definition column (in JSONPath format): <path>`;
    // exactly one Age column (.metadata.creationTimestamp) when the version defines none. Like
    // kube-apiserver, stops at the first column whose jsonPath does not parse: that column and
    // the ones after it are left out.
    static TableConvertor forCustomResource(const QJsonObject &crdVersion);
    // Kinds without a printer: Name and `Created At` (RFC 3339 creationTimestamp).
    static TableConvertor forBuiltin();

    // "None" | "Metadata" | "Object"; empty means Metadata. std::nullopt with `errorMessage`
    // (answer 400) otherwise.
    static std::optional<IncludeObject> parseIncludeObject(const QString &value,
                                                           QString *errorMessage = nullptr);

    const QList<PrinterColumn> &columns() const { return m_columns; }
    QJsonArray columnDefinitions() const;

    // Cells of one object, in column order (Name, then the columns); `now` for date ages.
    QJsonArray cells(const QJsonObject &object, const QDateTime &now) const;
    // {"cells": […], "object": …} (no "object" for IncludeObject::None). Metadata gives
    // {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{…}}.
    QJsonObject row(const QJsonObject &object, IncludeObject include, const QDateTime &now) const;

    // A Table of a list: metadata.resourceVersion = the list RV, metadata.continue when given;
    // `withColumnDefinitions` false leaves columnDefinitions out (watch events after the first).
    QJsonObject tableForList(const QJsonArray &items, const QString &resourceVersion,
                             const QString &continueToken, IncludeObject include,
                             bool withColumnDefinitions = true,
                             const QDateTime &now = QDateTime::currentDateTimeUtc(),
                             const QString &apiVersion = QStringLiteral("meta.k8s.io/v1")) const;
    // A one-row Table for one object; metadata.resourceVersion = the object's.
    QJsonObject tableForObject(const QJsonObject &object, IncludeObject include,
                               bool withColumnDefinitions = true,
                               const QDateTime &now = QDateTime::currentDateTimeUtc(),
                               const QString &apiVersion = QStringLiteral("meta.k8s.io/v1")) const;

    // One cell for a column type from a JSONPath result (std::nullopt = no match): Go's
    // cellForJSONValue plus %v printing for string columns.
    static QJsonValue cellFor(const QString &columnType, const std::optional<QJsonValue> &value,
                              const QDateTime &now);

private:
    enum class Kind { CustomResource, Builtin };
    TableConvertor(Kind kind, QList<PrinterColumn> columns);
    TableConvertor(Kind kind, QList<PrinterColumn> columns, QList<std::optional<JsonPath>> paths);

    Kind m_kind;
    QList<PrinterColumn> m_columns;
    QList<std::optional<JsonPath>> m_paths; // parallel to m_columns; nullopt for Name/bad paths
};

} // namespace cvc::sandbox
