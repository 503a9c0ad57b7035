#pragma once

#include "apimachinery/fielderror.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// Object metadata rules of k8s.io/apimachinery (api/validation/objectmeta.go and
// util/validation), with Go's exact messages:
//   `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or
//   '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used
//   for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
class ObjectMetaValidator
{
public:
    // The messages Go's IsDNS1123Subdomain / IsDNS1123Label / IsQualifiedName /
    // IsValidLabelValue return: empty when valid.
    static QStringList isDns1123Subdomain(const QString &value);
    static QStringList isDns1123Label(const QString &value);
    static QStringList isQualifiedName(const QString &value);
    static QStringList isValidLabelValue(const QString &value);

    // Object names (CRs, leases, events, CRDs …): DNS-1123 subdomain. With `prefix` (a
    // generateName) a trailing '-' is allowed.
    static QStringList validateName(const QString &name, bool prefix = false);
    // Namespace names: DNS-1123 label.
    static QStringList validateNamespaceName(const QString &name, bool prefix = false);
    // RBAC object names (ValidateRBACName, path.IsValidPathSegmentName): anything a URL path
    // segment can hold, so "system:discovery" is valid: not "." or "..", no '/' or '%'.
    static QStringList validatePathSegmentName(const QString &name, bool prefix = false);

    // Full ObjectMeta check of `metadata` for a create or update (field paths "metadata.name",
    // "metadata.generateName", "metadata.namespace", "metadata.labels", "metadata.annotations",
    // "metadata.finalizers"): name or generateName required ("name or generateName is
    // required"), name/generateName valid, namespace required and a DNS label when
    // `namespaced`, forbidden ("not allowed on this type") otherwise, label keys/values,
    // annotation keys and total size (256 KiB), finalizers as qualified names.
    // `nameValidator` defaults to validateName; namespaces pass validateNamespaceName.
    using NameValidator = QStringList (*)(const QString &, bool);
    static FieldErrorList validate(const QJsonObject &metadata, bool namespaced,
                                   NameValidator nameValidator = &ObjectMetaValidator::validateName);

    // Labels alone (field path `fieldPath`, usually "metadata.labels").
    static FieldErrorList validateLabels(const QJsonObject &labels, const QString &fieldPath);
    static FieldErrorList validateAnnotations(const QJsonObject &annotations, const QString &fieldPath);
};

} // namespace cvc::sandbox
