#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace cvc::sandbox {

// The parts every Kubernetes kind's schema shares, written once for the built-in definitions and
// the CRDs alike (Swagger 2.0 form, "#/definitions/" references): TypeMeta's apiVersion and kind,
// the metadata reference, the x-kubernetes-group-version-kind extension and the `<Kind>List` kind.
class KindSchemas
{
public:
    static QString objectMetaName() { return QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"); }
    static QString listMetaName() { return QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"); }

    // "crypto.tools", "v1", "CryptoValueCalculator" → "tools.crypto.v1.CryptoValueCalculator", the
    // name kube-apiserver gives a CRD kind (the group reversed, like a Go package path).
    static QString crdDefinitionName(const QString &group, const QString &version, const QString &kind);

    // [{group, kind, version}]: the extension kubectl finds a kind's definition by.
    static QJsonArray groupVersionKindList(const QString &group, const QString &version, const QString &kind);
    // {group, kind, version}: the same on an operation, where kubectl expects a single map.
    static QJsonObject groupVersionKind(const QString &group, const QString &version, const QString &kind);

    // Adds TypeMeta's apiVersion and kind to the definition's properties (every kind has them).
    static void addTypeMeta(QJsonObject *definition);
    // {"$ref": ObjectMeta, "description": "Standard object's metadata…"}.
    static QJsonObject objectMetaProperty();

    // The `<Kind>List` definition: items (array of the kind), metadata (ListMeta), apiVersion, kind.
    static QJsonObject listDefinition(const QString &itemDefinition, const QString &group, const QString &version,
                                      const QString &kind, const QString &listKind, const QString &plural);
};

} // namespace cvc::sandbox
