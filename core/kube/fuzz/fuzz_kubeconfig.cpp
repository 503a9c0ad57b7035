// libFuzzer target: arbitrary bytes as a kubeconfig file, parsed, then resolved for its current
// context. Must never crash, hang or leak, and never put a secret into an error message.
#include "kubeconfig.h"

#include <QCoreApplication>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto config = cvc::KubeConfig::parse(input, QStringLiteral("/fuzz/kubeconfig"), &error);
    if (!config) {
        if (error.isEmpty())
            std::abort(); // every failure must say why
        return 0;
    }
    cvc::ConnectionOptions options;
    options.environment = QProcessEnvironment();
    const auto resolved = config->resolve(options, &error);
    if (!resolved && error.isEmpty())
        std::abort();
    if (resolved && !resolved->token.isEmpty() && resolved->authDescription().contains(resolved->token)
        && resolved->token.size() > 8)
        std::abort(); // the description must never carry the token
    return 0;
}
