#pragma once

#include "apimachinery/tableconvertor.h"
#include "resourceinfo.h"

namespace cvc::sandbox {

// The Table convertor of a resource: the CRD version's printer columns for custom resources,
// Name and Created At for the built-ins (kube-api.md §1.7).
inline TableConvertor tableConvertorFor(const ResourceInfo &info)
{
    return info.isCustom() ? TableConvertor::forCustomResource(info.crdVersion) : TableConvertor::forBuiltin();
}

} // namespace cvc::sandbox
