#pragma once

#include <QProcessEnvironment>
#include <QString>

class QCommandLineParser;

namespace cvc {

// How to find the cluster: what kubectl's --kubeconfig, --context and --namespace say, plus the
// environment and in-cluster paths (overridable so tests need no real pod).
struct ConnectionOptions
{
    QString kubeconfig;     // --kubeconfig: exactly this file (must exist)
    QString context;        // --context: overrides current-context
    QString namespaceName;  // --namespace: overrides the context's namespace

    // KUBECONFIG, HOME, PATH, SHELL, KUBERNETES_SERVICE_HOST/PORT, POD_NAMESPACE come from here.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();

    QString serviceAccountTokenPath = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount/token");
    QString serviceAccountCaPath = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    QString serviceAccountNamespacePath = QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    // Adds --kubeconfig, --context and --namespace (-n) to a parser; fromParser reads them back.
    static void addToParser(QCommandLineParser &parser);
    static ConnectionOptions fromParser(const QCommandLineParser &parser);
};

} // namespace cvc
