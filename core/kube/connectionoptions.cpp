#include "connectionoptions.h"

#include <QCommandLineParser>

namespace cvc {

void ConnectionOptions::addToParser(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("kubeconfig"),
                                        QStringLiteral("Path to the kubeconfig file to use (instead of KUBECONFIG or ~/.kube/config)."),
                                        QStringLiteral("file")));
    parser.addOption(QCommandLineOption(QStringLiteral("context"),
                                        QStringLiteral("The kubeconfig context to use."), QStringLiteral("name")));
    parser.addOption(QCommandLineOption({QStringLiteral("n"), QStringLiteral("namespace")},
                                        QStringLiteral("The namespace to use instead of the context's."),
                                        QStringLiteral("namespace")));
}

ConnectionOptions ConnectionOptions::fromParser(const QCommandLineParser &parser)
{
    ConnectionOptions o;
    o.kubeconfig = parser.value(QStringLiteral("kubeconfig"));
    o.context = parser.value(QStringLiteral("context"));
    o.namespaceName = parser.value(QStringLiteral("namespace"));
    return o;
}

} // namespace cvc
