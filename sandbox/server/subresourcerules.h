#pragma once

#include "resourceinfo.h"

#include <QJsonObject>

namespace cvc::sandbox {

// The status subresource split (kube-api.md §3.6): writes to the main resource keep the stored
// status, writes to /status keep everything but the status.
class SubresourceRules
{
public:
    // What an update through `subresource` ("" or "status") may change of `old`.
    static QJsonObject merge(const ResourceInfo &info, const QString &subresource, const QJsonObject &old,
                             const QJsonObject &requested);
};

} // namespace cvc::sandbox
