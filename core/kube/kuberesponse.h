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

    bool ok() const { return !error.has_value(); }
};

} // namespace cvc
