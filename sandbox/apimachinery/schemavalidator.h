#pragma once

#include "apimachinery/fielderror.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace cvc::sandbox {

// Validates a custom resource against its openAPIV3Schema (kube-api.md §4.5) the way the
// apiserver's kube-openapi validator does, producing the same field errors:
//   type       → FieldValueTypeInvalid `Invalid value: "string": spec.amount in body must be of type number: "string"`
//   enum       → FieldValueNotSupported `Unsupported value: "litecoin": supported values: "bitcoin", …`
//   required   → FieldValueRequired `Required value`
//   maxLength  → FieldValueTooLong, maxItems/maxProperties → FieldValueTooMany,
//   minLength, pattern, minimum/maximum (exclusive too), multipleOf, minItems, uniqueItems,
//   format (date-time, date, int32, int64, byte, uuid, …) → FieldValueInvalid with the
//   kube-openapi text (`spec.x in body should be at least 3 chars long`).
//   allOf/anyOf/oneOf/not → FieldValueInvalid `"spec.x" must validate at least one schema (anyOf)` …
// `number` accepts integers; `integer` rejects 1.5; x-kubernetes-int-or-string accepts both;
// `nullable: true` accepts null. apiVersion, kind and metadata at the root are not validated
// here (see ObjectMetaValidator).
class SchemaValidator
{
public:
    static FieldErrorList validate(const QJsonObject &object, const QJsonObject &openApiV3Schema);
    // A value against a sub-schema; `path` is its dotted field path ("spec.amount").
    static FieldErrorList validateValue(const QJsonValue &value, const QJsonObject &schema,
                                        const QString &path);
};

} // namespace cvc::sandbox
