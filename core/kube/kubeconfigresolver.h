#pragma once

#include "clientconfig.h"
#include "connectionoptions.h"

#include <QString>
#include <optional>

namespace cvc {

class KubeConfig;

// Turns a (merged) KubeConfig and the connection options into a ClientConfig: picks the context
// (--context, else current-context), checks the context, cluster and user entries (kube-api.md
// §6.1), resolves relative paths and reads certificate, key and token files. The config must
// outlive the resolver.
class KubeConfigResolver
{
public:
    explicit KubeConfigResolver(const KubeConfig &config);

    // On failure returns nullopt and *error is one clear sentence naming file and field.
    std::optional<ClientConfig> resolve(const ConnectionOptions &options, QString *error) const;

private:
    const KubeConfig &m_config;
};

} // namespace cvc
