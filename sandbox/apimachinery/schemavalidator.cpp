#include "apimachinery/schemavalidator.h"
namespace cvc::sandbox {
FieldErrorList SchemaValidator::validate(const QJsonObject &, const QJsonObject &) { return {}; }
FieldErrorList SchemaValidator::validateValue(const QJsonValue &, const QJsonObject &, const QString &) { return {}; }
} // namespace cvc::sandbox
