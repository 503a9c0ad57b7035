#pragma once

#include "connectionoptions.h"

class QTextStream;

namespace cvc {

// `cvc-operator --check`: loads the connection like everything else, asks the server for its
// version and for the CVC CRD, and prints what a person needs to know (server, context,
// namespace, auth kind, CRD installed, status subresource). Never prints a secret.
class ConnectionCheck
{
public:
    // Blocks (local event loop) until done or timeoutMs. Returns 0 when the cluster answered,
    // 1 with one clear error line on err otherwise. verbose adds the kubeconfig files searched,
    // the server version and warnings.
    static int run(const ConnectionOptions &options, bool verbose, QTextStream &out, QTextStream &err,
                   int timeoutMs = 30000);
};

} // namespace cvc
