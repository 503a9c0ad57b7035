#include "apimachinery/schemapruner.h"
namespace cvc::sandbox {
PruneResult SchemaPruner::prune(const QJsonObject &object, const QJsonObject &) { return {object, {}}; }
QJsonValue SchemaPruner::pruneValue(const QJsonValue &value, const QJsonObject &, const QString &, QStringList *) { return value; }
const QStringList &SchemaPruner::objectMetaFields() { static const QStringList fields; return fields; }
} // namespace cvc::sandbox
