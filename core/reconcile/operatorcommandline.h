#pragma once

#include "operatoroptions.h"

#include "connectionoptions.h"
#include "kube/ratelimitsettings.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace cvc {

// cvc-operator's flags, parsed into OperatorOptions and ConnectionOptions. Pure (no I/O but
// reading the API key file), so every flag is unit-tested.
class OperatorCommandLine
{
public:
    enum class LogFormat { Text, Json };

    ConnectionOptions connection;
    OperatorOptions options;
    bool check = false;
    bool verbose = false;
    bool allNamespaces = true;
    bool helpShown = false;       // --help or --version printed; exit 0
    LogFormat logFormat = LogFormat::Text;
    RateLimitSettings rate;       // --qps, --max-qps, --burst
    QString leaseNamespace;       // --lease-namespace, also in options.lease; "" = LeaseNamespaceResolver's rule
    QString apiKeySource;         // "--api-key-file F", "CVC_COINGECKO_API_KEY" or "" (never the key)
    QString error;                // non-empty: print it and exit 2
    QString helpText;

    // args includes argv[0]. env supplies CVC_COINGECKO_API_KEY (and KUBECONFIG etc. for the connection).
    static OperatorCommandLine parse(const QStringList &args,
                                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    // "60s", "5m", "1m30s", "500ms", "2h", or a bare number of seconds.
    static std::optional<std::chrono::milliseconds> parseDuration(const QString &text);
};

} // namespace cvc
