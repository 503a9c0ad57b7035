#pragma once

#include <QJsonObject>
#include <QJsonValue>

namespace cvc::sandbox {

// Applies `default` values of a structural schema (kube-api.md §4.4): a missing key, or a `null`
// one whose schema is not nullable, gets a deep copy of its default, only inside objects that
// exist; descends into properties, additionalProperties and items. Nulls of non-nullable fields
// without a default are removed first, as the apiserver prunes them before defaulting.
class SchemaDefaulter
{
public:
    static QJsonObject apply(const QJsonObject &object, const QJsonObject &openApiV3Schema);
    static QJsonValue applyToValue(const QJsonValue &value, const QJsonObject &schema);
};

} // namespace cvc::sandbox
