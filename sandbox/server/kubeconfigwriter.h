#pragma once

#include <QByteArray>
#include <QString>

namespace cvc::sandbox {

// Writes the kubeconfig that lets kubectl (and the dashboard) reach this server: current context
// kube-sandbox, the CA inline, the admin bearer token. Mode 0600 because it holds a credential.
class KubeconfigWriter
{
public:
    static bool write(const QString &path, const QString &serverUrl, const QByteArray &caPem, const QString &token,
                      QString *error);
};

} // namespace cvc::sandbox
