#pragma once

#include "apimachinery/tableconvertor.h"
#include "resourceinfo.h"

namespace cvc::sandbox {

// The Table convertor of a resource (kube-api.md §1.7): the CRD version's printer columns for
// custom resources; for the built-ins the columns kubectl users know from a real cluster where a
// JSONPath can express them, else Name and Created At.
TableConvertor tableConvertorFor(const ResourceInfo &info);

} // namespace cvc::sandbox
