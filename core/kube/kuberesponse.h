#pragma once

#include "kubeerror.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace cvc {

// The outcome of one request: the decoded object on success, a typed error otherwise.
struct KubeResponse
{
    int httpStatus = 0;
    QJsonObject object;            // the response body (object, list, Status on delete of built-ins ...)
    std::optional<KubeError> error;
    QStringList warnings;          // texts of the server's "Warning: 299 - \"...\"" headers
    // Items of a LIST nested deeper than Qt can read (kube-apiserver stores such objects): left out
    // of object's items so the others stay usable, and named here by their identity only
    // (apiVersion, kind, metadata name/namespace/uid/resourceVersion).
    QList<QJsonObject> unreadableItems;

    bool ok() const { return !error.has_value(); }
};

} // namespace cvc
