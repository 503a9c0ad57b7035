#pragma once

#include "apimachinery/fielderror.h"

#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// Checks that a CRD version's openAPIV3Schema is structural (kube-api.md §4.2), which a v1 CRD
// must be or its create is refused with 422: every node has a type unless
// x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields says otherwise, the root is
// an object, properties and additionalProperties are not both set, arrays have items, and root
// metadata restricts at most name and generateName.
class StructuralSchema
{
public:
    // `fieldPath` is where the schema sits in the CRD, used as the prefix of every error's field
    // (e.g. "spec.versions[0].schema.openAPIV3Schema").
    static FieldErrorList validate(const QJsonObject &openApiV3Schema, const QString &fieldPath);
};

} // namespace cvc::sandbox
