#include "apimachinery/objectmetavalidator.h"
namespace cvc::sandbox {
QStringList ObjectMetaValidator::isDns1123Subdomain(const QString &) { return {}; }
QStringList ObjectMetaValidator::isDns1123Label(const QString &) { return {}; }
QStringList ObjectMetaValidator::isQualifiedName(const QString &) { return {}; }
QStringList ObjectMetaValidator::isValidLabelValue(const QString &) { return {}; }
QStringList ObjectMetaValidator::validateName(const QString &, bool) { return {}; }
QStringList ObjectMetaValidator::validateNamespaceName(const QString &, bool) { return {}; }
FieldErrorList ObjectMetaValidator::validate(const QJsonObject &, bool, NameValidator) { return {}; }
FieldErrorList ObjectMetaValidator::validateLabels(const QJsonObject &, const QString &) { return {}; }
FieldErrorList ObjectMetaValidator::validateAnnotations(const QJsonObject &, const QString &) { return {}; }
} // namespace cvc::sandbox
