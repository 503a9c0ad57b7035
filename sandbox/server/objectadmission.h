#pragma once

#include "resourceinfo.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace cvc::sandbox {

class StatusError;

// What to do with fields the schema does not know (query parameter fieldValidation, §4.3).
enum class FieldValidation { Ignore, Warn, Strict };

// The decode and validate steps every write goes through (kube-api.md §3.1, §4): pruning and
// defaulting by the CRD schema for custom resources, then metadata rules, schema validation and
// the built-in kinds' own rules, answered as 400 (strict decoding) or 422 (Invalid).
class ObjectAdmission
{
public:
    // Parses ?fieldValidation=; absent means Warn like the apiserver. nullopt for other values.
    static std::optional<FieldValidation> parseFieldValidation(const std::optional<QString> &value);

    // Prunes unknown fields and applies defaults (custom resources only). Under Strict unknown
    // fields are a 400; under Warn they become warnings.
    static std::optional<StatusError> decode(const ResourceInfo &info, QJsonObject *object, FieldValidation mode,
                                             QStringList *warnings);

    // Metadata, schema and kind rules for the object about to be stored; `old` is the stored
    // object on updates (empty on create).
    static std::optional<StatusError> validate(const ResourceInfo &info, const QJsonObject &object,
                                               const QJsonObject &old);
};

} // namespace cvc::sandbox
