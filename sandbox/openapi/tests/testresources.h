#pragma once

#include "json/yamlconverter.h"
#include "openapi/openapiresource.h"

#include <QFile>
#include <QJsonArray>
#include <QList>

namespace cvc::sandbox::testing {

// The resources kube-sandbox serves at start (sandbox/server/resourceregistry.cpp) plus, when
// given, every served version of a CRD file: what the documents are built from in these tests.
inline OpenApiResource resource(const QString &group, const QString &plural, const QString &kind, bool namespaced,
                                bool hasStatus = false)
{
    OpenApiResource r;
    r.group = group;
    r.version = QStringLiteral("v1");
    r.plural = plural;
    r.kind = kind;
    r.listKind = kind + QStringLiteral("List");
    r.namespaced = namespaced;
    r.hasStatus = hasStatus;
    r.verbs = QStringList{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                          QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
                          QStringLiteral("update"), QStringLiteral("watch")};
    return r;
}

inline QList<OpenApiResource> builtinResources()
{
    const QString rbac = QStringLiteral("rbac.authorization.k8s.io");
    QList<OpenApiResource> out{
        resource(QString(), QStringLiteral("namespaces"), QStringLiteral("Namespace"), false, true),
        resource(QString(), QStringLiteral("events"), QStringLiteral("Event"), true),
        resource(QStringLiteral("events.k8s.io"), QStringLiteral("events"), QStringLiteral("Event"), true),
        resource(QString(), QStringLiteral("configmaps"), QStringLiteral("ConfigMap"), true),
        resource(QString(), QStringLiteral("secrets"), QStringLiteral("Secret"), true),
        resource(QString(), QStringLiteral("services"), QStringLiteral("Service"), true),
        resource(QString(), QStringLiteral("serviceaccounts"), QStringLiteral("ServiceAccount"), true),
        resource(QStringLiteral("apps"), QStringLiteral("deployments"), QStringLiteral("Deployment"), true, true),
        resource(rbac, QStringLiteral("roles"), QStringLiteral("Role"), true),
        resource(rbac, QStringLiteral("rolebindings"), QStringLiteral("RoleBinding"), true),
        resource(rbac, QStringLiteral("clusterroles"), QStringLiteral("ClusterRole"), false),
        resource(rbac, QStringLiteral("clusterrolebindings"), QStringLiteral("ClusterRoleBinding"), false),
        resource(QStringLiteral("apiextensions.k8s.io"), QStringLiteral("customresourcedefinitions"),
                 QStringLiteral("CustomResourceDefinition"), false, true),
        resource(QStringLiteral("coordination.k8s.io"), QStringLiteral("leases"), QStringLiteral("Lease"), true),
    };
    for (const QString &kind : {QStringLiteral("SelfSubjectAccessReview"), QStringLiteral("SelfSubjectRulesReview")}) {
        OpenApiResource review = resource(QStringLiteral("authorization.k8s.io"), kind.toLower() + QLatin1Char('s'), kind, false);
        review.verbs = QStringList{QStringLiteral("create")};
        out.append(review);
    }
    return out;
}

// The CRD object of a YAML file (the first document).
inline QJsonObject crdObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const YamlDocuments documents = YamlConverter::parseDocuments(file.readAll());
    return documents.documents.value(0).toObject();
}

// One resource per served version of the CRD object.
inline QList<OpenApiResource> crdResources(const QJsonObject &crd)
{
    QList<OpenApiResource> out;
    const QJsonObject spec = crd.value(QStringLiteral("spec")).toObject();
    const QJsonObject names = spec.value(QStringLiteral("names")).toObject();
    for (const QJsonValue &v : spec.value(QStringLiteral("versions")).toArray()) {
        const QJsonObject version = v.toObject();
        if (!version.value(QStringLiteral("served")).toBool())
            continue;
        OpenApiResource r = resource(spec.value(QStringLiteral("group")).toString(), names.value(QStringLiteral("plural")).toString(),
                                     names.value(QStringLiteral("kind")).toString(),
                                     spec.value(QStringLiteral("scope")).toString() == QLatin1String("Namespaced"),
                                     version.value(QStringLiteral("subresources")).toObject().contains(QStringLiteral("status")));
        r.version = version.value(QStringLiteral("name")).toString();
        r.custom = true;
        r.schema = version.value(QStringLiteral("schema")).toObject().value(QStringLiteral("openAPIV3Schema")).toObject();
        out.append(r);
    }
    return out;
}

inline QString projectCrdPath()
{
    return QStringLiteral(CVC_SOURCE_DIR "/crds/cryptovaluecalculators.yaml");
}

} // namespace cvc::sandbox::testing
