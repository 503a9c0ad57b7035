#pragma once

#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// The hand-written definitions of the built-in kinds kube-sandbox can describe completely
// (builtindefinitions.json, a Qt resource), in Swagger 2.0 form, with TypeMeta's apiVersion and
// kind added to every kind. A served built-in kind absent here (Deployment, Service,
// CustomResourceDefinition) is published in no document's definitions: kubectl then skips
// client-side validation for it and computes strategic merge patches from its compiled-in types,
// where a partial schema would reject valid manifests or make `kubectl apply` warn.
class BuiltinDefinitions
{
public:
    // Definition name → schema, loaded once.
    static const QJsonObject &definitions();

    // "io.k8s.api.core.v1.ConfigMap" for ("", "v1", "ConfigMap"); empty when the kind is not described.
    static QString kindDefinitionName(const QString &group, const QString &version, const QString &kind);
};

} // namespace cvc::sandbox
