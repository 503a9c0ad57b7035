#pragma once

#include <QLatin1String>

// The names the two programs go by, in one place: each is at once the application name (and so
// the user agent), the field manager of its writes, the reportingComponent of its Events, and
// for the operator the name of the Lease every writer competes for.
namespace cvc::OperatorDefaults {

inline constexpr QLatin1String operatorName("cvc-operator");
inline constexpr QLatin1String dashboardName("cvc-dashboard");
// The Lease the operator and every dashboard share (a flag may rename it).
inline constexpr QLatin1String leaseName = operatorName;
// The controller and work queue label of the standard metrics: controller-runtime names a
// controller after its kind in lower case.
inline constexpr QLatin1String controllerName("cryptovaluecalculator");

} // namespace cvc::OperatorDefaults
