#pragma once

#include <QString>
#include <QStringList>

namespace google::protobuf {
class Descriptor;
}

namespace cvc::sandbox {

// Which kinds kube-sandbox exchanges as protobuf, and their messages: the built-ins kubectl's
// generators create (kubectl create namespace|configmap|secret|serviceaccount|role|rolebinding|
// clusterrole|clusterrolebinding). Everything else stays JSON.
class KubeProtobufRegistry
{
public:
    // The message for apiVersion and kind ("v1", "Namespace"), or nullptr.
    static const google::protobuf::Descriptor *message(const QString &apiVersion, const QString &kind);
    static bool contains(const QString &apiVersion, const QString &kind) { return message(apiVersion, kind); }
    // "Namespace", "ConfigMap", … "ClusterRoleBinding", for messages to people.
    static QStringList kinds();
};

} // namespace cvc::sandbox
