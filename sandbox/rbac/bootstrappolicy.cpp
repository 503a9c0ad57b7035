#include "bootstrappolicy.h"

#include "json/yamlconverter.h"

#include <QFile>

namespace cvc::sandbox::BootstrapPolicy {

QList<QJsonObject> objects()
{
    QFile file(QStringLiteral(":/rbac/bootstrappolicy.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("kube-sandbox: the bootstrap RBAC policy is missing from the build");
    const YamlDocuments documents = YamlConverter::parseDocuments(file.readAll());
    if (!documents.ok())
        qFatal("kube-sandbox: bootstrappolicy.yaml: %s", qPrintable(documents.error));
    QList<QJsonObject> out;
    for (const QJsonValue &document : documents.documents) {
        QJsonObject object = document.toObject();
        object.insert(QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1"));
        QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/bootstrapping"), QStringLiteral("rbac-defaults"));
        metadata.insert(QStringLiteral("labels"), labels);
        metadata.insert(QStringLiteral("annotations"),
                        QJsonObject{{QStringLiteral("rbac.authorization.kubernetes.io/autoupdate"), QStringLiteral("true")}});
        object.insert(QStringLiteral("metadata"), metadata);
        out.append(object);
    }
    return out;
}

} // namespace cvc::sandbox::BootstrapPolicy
