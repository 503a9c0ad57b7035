#include "openapihandler.h"

#include "apimachinery/statuserror.h"
#include "apipath.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "resourceregistry.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QStringList>

namespace cvc::sandbox {

namespace {

QString gvKey(const QString &group, const QString &version)
{
    return group.isEmpty() ? QStringLiteral("api/") + version : QStringLiteral("apis/%1/%2").arg(group, version);
}

QJsonObject queryParameter(const QString &name, const QString &type = QStringLiteral("string"))
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("in"), QStringLiteral("query")},
                       {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), type}}},
                       {QStringLiteral("uniqueItems"), true}};
}

QJsonObject pathParameter(const QString &name)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("in"), QStringLiteral("path")},
                       {QStringLiteral("required"), true},
                       {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}};
}

// "crypto.tools" → "tools.crypto", the reversed-domain prefix kube-openapi uses for definitions.
QString schemaName(const ResourceInfo &info)
{
    if (info.group.isEmpty())
        return QStringLiteral("io.k8s.api.core.%1.%2").arg(info.version, info.kind);
    QStringList parts = info.group.split(QLatin1Char('.'));
    std::reverse(parts.begin(), parts.end());
    return QStringLiteral("%1.%2.%3").arg(parts.join(QLatin1Char('.')), info.version, info.kind);
}

QJsonObject operation(const ResourceInfo &info, const QString &action, const QString &verb,
                      const QJsonArray &parameters, const QString &schemaRef)
{
    QJsonObject op{{QStringLiteral("operationId"), QString(verb + info.kind)},
                   {QStringLiteral("x-kubernetes-action"), action},
                   {QStringLiteral("x-kubernetes-group-version-kind"),
                    QJsonObject{{QStringLiteral("group"), info.group},
                                {QStringLiteral("version"), info.version},
                                {QStringLiteral("kind"), info.kind}}},
                   {QStringLiteral("parameters"), parameters},
                   {QStringLiteral("responses"),
                    QJsonObject{{QStringLiteral("200"),
                                 QJsonObject{{QStringLiteral("description"), QStringLiteral("OK")},
                                             {QStringLiteral("content"),
                                              QJsonObject{{QStringLiteral("application/json"),
                                                           QJsonObject{{QStringLiteral("schema"),
                                                                        QJsonObject{{QStringLiteral("$ref"), schemaRef}}}}}}}}}}}};
    return op;
}

QJsonObject requestBody(const QStringList &types, const QString &schemaRef)
{
    QJsonObject content;
    for (const QString &type : types)
        content.insert(type, QJsonObject{{QStringLiteral("schema"), QJsonObject{{QStringLiteral("$ref"), schemaRef}}}});
    return QJsonObject{{QStringLiteral("content"), content}, {QStringLiteral("required"), true}};
}

QJsonObject componentSchema(const ResourceInfo &info)
{
    QJsonObject schema = info.schema;
    if (schema.isEmpty())
        schema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("x-kubernetes-preserve-unknown-fields"), true}};
    QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    properties.insert(QStringLiteral("apiVersion"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    properties.insert(QStringLiteral("kind"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}});
    properties.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}});
    schema.insert(QStringLiteral("properties"), properties);
    schema.insert(QStringLiteral("x-kubernetes-group-version-kind"),
                  QJsonArray{QJsonObject{{QStringLiteral("group"), info.group},
                                         {QStringLiteral("version"), info.version},
                                         {QStringLiteral("kind"), info.kind}}});
    return schema;
}

} // namespace

OpenApiHandler::OpenApiHandler(const ResourceRegistry *registry)
    : m_registry(registry)
{
}

QString OpenApiHandler::hashOf(const QJsonObject &document)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(ApiResponse::toJson(document), QCryptographicHash::Sha512).toHex().toUpper());
}

QJsonObject OpenApiHandler::root() const
{
    QJsonObject paths;
    QStringList seen;
    for (const ResourceInfo &info : m_registry->resources()) {
        const QString key = gvKey(info.group, info.version);
        if (seen.contains(key))
            continue;
        seen.append(key);
        paths.insert(key, QJsonObject{{QStringLiteral("serverRelativeURL"),
                                       QStringLiteral("/openapi/v3/%1?hash=%2").arg(key, hashOf(document(info.group, info.version)))}});
    }
    return QJsonObject{{QStringLiteral("paths"), paths}};
}

QJsonObject OpenApiHandler::document(const QString &group, const QString &version) const
{
    QJsonObject paths;
    QJsonObject schemas;
    const QString prefix = group.isEmpty() ? QStringLiteral("/api/") + version : QStringLiteral("/apis/%1/%2").arg(group, version);
    for (const ResourceInfo &info : m_registry->resourcesOf(group, version)) {
        const QString ref = QStringLiteral("#/components/schemas/") + schemaName(info);
        schemas.insert(schemaName(info), componentSchema(info));
        const QString collection = info.namespaced ? QString(prefix + QStringLiteral("/namespaces/{namespace}/") + info.plural)
                                                   : QString(prefix + QLatin1Char('/') + info.plural);
        const QJsonArray scopeParams = info.namespaced ? QJsonArray{pathParameter(QStringLiteral("namespace"))} : QJsonArray{};
        const QJsonArray writeParams{queryParameter(QStringLiteral("dryRun")), queryParameter(QStringLiteral("fieldManager")),
                                     queryParameter(QStringLiteral("fieldValidation"))};
        QJsonArray patchParams = writeParams;
        patchParams.append(queryParameter(QStringLiteral("force"), QStringLiteral("boolean")));

        QJsonObject collectionItem{{QStringLiteral("parameters"), scopeParams}};
        collectionItem.insert(QStringLiteral("get"), operation(info, QStringLiteral("list"), QStringLiteral("list"), QJsonArray{}, ref));
        if (info.verbs.contains(QStringLiteral("create"))) {
            QJsonObject post = operation(info, QStringLiteral("post"), QStringLiteral("create"), writeParams, ref);
            post.insert(QStringLiteral("requestBody"), requestBody({QStringLiteral("application/json")}, ref));
            collectionItem.insert(QStringLiteral("post"), post);
        }
        paths.insert(collection, collectionItem);
        if (info.resourceKind == ResourceKind::SelfSubjectAccessReview
            || info.resourceKind == ResourceKind::SelfSubjectRulesReview)
            continue;

        QJsonArray objectScope = scopeParams;
        objectScope.append(pathParameter(QStringLiteral("name")));
        QJsonObject item{{QStringLiteral("parameters"), objectScope}};
        item.insert(QStringLiteral("get"), operation(info, QStringLiteral("get"), QStringLiteral("read"), QJsonArray{}, ref));
        QJsonObject put = operation(info, QStringLiteral("put"), QStringLiteral("replace"), writeParams, ref);
        put.insert(QStringLiteral("requestBody"), requestBody({QStringLiteral("application/json")}, ref));
        item.insert(QStringLiteral("put"), put);
        QJsonObject patch = operation(info, QStringLiteral("patch"), QStringLiteral("patch"), patchParams, ref);
        patch.insert(QStringLiteral("requestBody"),
                     requestBody({QStringLiteral("application/json-patch+json"), QStringLiteral("application/merge-patch+json"),
                                  QStringLiteral("application/apply-patch+yaml")},
                                 ref));
        item.insert(QStringLiteral("patch"), patch);
        item.insert(QStringLiteral("delete"),
                    operation(info, QStringLiteral("delete"), QStringLiteral("delete"), QJsonArray{queryParameter(QStringLiteral("dryRun"))}, ref));
        paths.insert(collection + QStringLiteral("/{name}"), item);
        if (info.hasStatus) {
            QJsonObject status{{QStringLiteral("parameters"), objectScope}};
            status.insert(QStringLiteral("get"), operation(info, QStringLiteral("get"), QStringLiteral("readStatus"), QJsonArray{}, ref));
            QJsonObject statusPatch = patch;
            statusPatch.insert(QStringLiteral("operationId"), QString(QStringLiteral("patchStatus") + info.kind));
            status.insert(QStringLiteral("patch"), statusPatch);
            QJsonObject statusPut = put;
            statusPut.insert(QStringLiteral("operationId"), QString(QStringLiteral("replaceStatus") + info.kind));
            status.insert(QStringLiteral("put"), statusPut);
            paths.insert(collection + QStringLiteral("/{name}/status"), status);
        }
    }
    return QJsonObject{{QStringLiteral("openapi"), QStringLiteral("3.0.0")},
                       {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                                                            {QStringLiteral("version"), QStringLiteral("v1.32.0")}}},
                       {QStringLiteral("paths"), paths},
                       {QStringLiteral("components"), QJsonObject{{QStringLiteral("schemas"), schemas}}}};
}

bool OpenApiHandler::handle(HttpExchange *exchange, const ApiPath &path)
{
    switch (path.kind) {
    case ApiPath::Kind::OpenApiV3Root:
        ApiResponse::json(exchange, 200, root());
        return true;
    case ApiPath::Kind::OpenApiV3Doc:
        if (!m_registry->hasGroupVersion(path.group, path.version))
            ApiResponse::status(exchange, StatusError::notFoundPath());
        else
            ApiResponse::json(exchange, 200, document(path.group, path.version));
        return true;
    case ApiPath::Kind::OpenApiV2:
        // Not served: kubectl tolerates the 404 and uses v3.
        ApiResponse::status(exchange, StatusError::notFoundPath());
        return true;
    default:
        return false;
    }
}

} // namespace cvc::sandbox
