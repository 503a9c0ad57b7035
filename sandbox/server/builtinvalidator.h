#pragma once

#include "apimachinery/fielderror.h"

#include <QJsonObject>

namespace cvc::sandbox {

// The server-side validation of the built-in kinds the sandbox serves (kube-api.md §5):
// Lease spec rules and the lenient core/v1 Event rules.
class BuiltinValidator
{
public:
    static FieldErrorList validateLease(const QJsonObject &lease);
    static FieldErrorList validateEvent(const QJsonObject &event);
};

} // namespace cvc::sandbox
