#include "apimachinery/fieldselector.h"
namespace cvc::sandbox {
FieldSelector::FieldMap FieldSelector::customResourceFields() { return {}; }
FieldSelector::FieldMap FieldSelector::eventFields() { return {}; }
std::optional<FieldSelector> FieldSelector::parse(const QString &, const FieldMap &, QString *) { return FieldSelector(); }
bool FieldSelector::matches(const QJsonObject &) const { return true; }
} // namespace cvc::sandbox
