#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// `$ref` bookkeeping over a set of named definitions ("#/definitions/<name>" in Swagger 2.0,
// "#/components/schemas/<name>" in OpenAPI 3): which definitions a schema needs, so a document
// carries every definition it refers to and nothing dangles (kubectl rejects a whole document
// whose $ref points nowhere).
class DefinitionRefs
{
public:
    static QString v2Prefix() { return QStringLiteral("#/definitions/"); }
    static QString v3Prefix() { return QStringLiteral("#/components/schemas/"); }
    static QString v2Ref(const QString &name) { return v2Prefix() + name; }

    // Names referred to anywhere inside `schema` with `prefix` (values of enum, default, example
    // and vendor extensions are data, not schemas, and are not searched).
    static QStringList referencedNames(const QJsonValue &schema, const QString &prefix);

    // The definitions named in `roots` plus everything they refer to, transitively. Names that
    // `definitions` lacks are appended to `missing` (when given).
    static QJsonObject closure(const QJsonObject &definitions, const QStringList &roots, const QString &prefix,
                               QStringList *missing = nullptr);
};

} // namespace cvc::sandbox
