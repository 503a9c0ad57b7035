#pragma once

#include "clientconfig.h"
#include "connectionoptions.h"

#include <QString>
#include <optional>

namespace cvc {

// The config of a process running in a pod (kube-api.md §6.8): KUBERNETES_SERVICE_HOST/PORT, the
// service account token (re-read like a tokenFile), its CA and namespace.
class InClusterConfig
{
public:
    // On failure returns nullopt and *error names the variable or file.
    static std::optional<ClientConfig> load(const ConnectionOptions &options, QString *error);
};

} // namespace cvc
