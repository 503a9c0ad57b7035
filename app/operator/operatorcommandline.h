#pragma once

#include "operatorlog.h"

#include "operator/operatoroptions.h"

#include "kube/connectionoptions.h"
#include "kube/ratelimitsettings.h"

#include <QString>
#include <QStringList>


namespace cvc {

// cvc-operator's flags, parsed into OperatorOptions and ConnectionOptions. Pure (no I/O but
// reading the API key file), so every flag is unit-tested.
class OperatorCommandLine
{
public:
    ConnectionOptions connection;
    OperatorOptions options;
    bool check = false;
    bool verbose = false;         // -v: --check's detail, and the log at debug
    bool allNamespaces = true;
    bool helpShown = false;       // --help or --version printed; exit 0
    OperatorLog::Format logFormat = OperatorLog::Format::Text;
    OperatorLog::Level logLevel = OperatorLog::Level::Info;   // --log-level, -v = debug
    RateLimitSettings rate;       // --qps, --max-qps, --burst
    QString leaseNamespace;       // --lease-namespace, also in options.lease; "" = LeaseNamespaceResolver's rule
    QString apiKeySource;         // "--api-key-file F", "CVC_COINGECKO_API_KEY" or "" (never the key)
    QString error;                // non-empty: print it and exit 2
    QString helpText;

    // args includes argv[0]. env supplies CVC_COINGECKO_API_KEY (and KUBECONFIG etc. for the connection).
    static OperatorCommandLine parse(const QStringList &args,
                                     const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

} // namespace cvc
