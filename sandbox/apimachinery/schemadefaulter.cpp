#include "apimachinery/schemadefaulter.h"
namespace cvc::sandbox {
QJsonObject SchemaDefaulter::apply(const QJsonObject &object, const QJsonObject &) { return object; }
QJsonValue SchemaDefaulter::applyToValue(const QJsonValue &value, const QJsonObject &) { return value; }
} // namespace cvc::sandbox
