#include "openapiv3builder.h"

#include "builtindefinitions.h"
#include "crdschemaconverter.h"
#include "definitionrefs.h"
#include "kindschemas.h"
#include "resourcepaths.h"
#include "swaggerbuilder.h"

#include <QJsonArray>
#include <QStringList>

namespace cvc::sandbox {

namespace {

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

QJsonObject schemaRef(const QString &name)
{
    return QJsonObject{{QStringLiteral("$ref"), QString(DefinitionRefs::v3Prefix() + name)}};
}

QJsonObject operation(const OpenApiResource &r, const QString &action, const QString &verb, bool namespacedPath,
                      const QString &suffix, const QJsonArray &parameters, const QString &schema)
{
    return QJsonObject{
        {QStringLiteral("operationId"), ResourcePaths::operationId(verb, r, namespacedPath, suffix)},
        {QStringLiteral("x-kubernetes-action"), action},
        {QStringLiteral("x-kubernetes-group-version-kind"), KindSchemas::groupVersionKind(r.group, r.version, r.kind)},
        {QStringLiteral("parameters"), parameters},
        {QStringLiteral("responses"),
         QJsonObject{{QStringLiteral("200"),
                      QJsonObject{{QStringLiteral("description"), QStringLiteral("OK")},
                                  {QStringLiteral("content"),
                                   QJsonObject{{QStringLiteral("application/json"),
                                                QJsonObject{{QStringLiteral("schema"), schemaRef(schema)}}}}}}}}}};
}

QJsonObject requestBody(const QStringList &types, const QString &schema)
{
    QJsonObject content;
    for (const QString &type : types)
        content.insert(type, QJsonObject{{QStringLiteral("schema"), schemaRef(schema)}});
    return QJsonObject{{QStringLiteral("content"), content}, {QStringLiteral("required"), true}};
}

// A served built-in kind without a description: open, so nothing is ever rejected for it.
QJsonObject openStub(const OpenApiResource &r)
{
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("x-kubernetes-preserve-unknown-fields"), true},
                       {QStringLiteral("properties"), QJsonObject{{QStringLiteral("metadata"), KindSchemas::objectMetaProperty()}}},
                       {QStringLiteral("x-kubernetes-group-version-kind"), KindSchemas::groupVersionKindList(r.group, r.version, r.kind)}};
    KindSchemas::addTypeMeta(&schema);
    return schema;
}

void addPaths(const OpenApiResource &r, const QString &kindSchema, const QString &listSchema, QJsonObject *paths)
{
    const QJsonArray scopeParams = r.namespaced ? QJsonArray{pathParameter(QStringLiteral("namespace"))} : QJsonArray{};
    const QJsonArray writeParams{queryParameter(QStringLiteral("dryRun")), queryParameter(QStringLiteral("fieldManager")),
                                 queryParameter(QStringLiteral("fieldValidation"))};
    QJsonArray patchParams = writeParams;
    patchParams.append(queryParameter(QStringLiteral("force"), QStringLiteral("boolean")));

    QJsonObject collectionItem{{QStringLiteral("parameters"), scopeParams}};
    collectionItem.insert(QStringLiteral("get"), operation(r, QStringLiteral("list"), QStringLiteral("list"), r.namespaced,
                                                           QString(), QJsonArray{}, listSchema));
    if (r.hasVerb(QStringLiteral("create"))) {
        QJsonObject post = operation(r, QStringLiteral("post"), QStringLiteral("create"), r.namespaced, QString(), writeParams, kindSchema);
        post.insert(QStringLiteral("requestBody"), requestBody({QStringLiteral("application/json")}, kindSchema));
        collectionItem.insert(QStringLiteral("post"), post);
    }
    paths->insert(ResourcePaths::collection(r), collectionItem);
    if (r.verbs == QStringList{QStringLiteral("create")})
        return;
    // `kubectl explain` (1.27) finds a kind's GVK on the list across namespaces.
    if (r.namespaced)
        paths->insert(ResourcePaths::allNamespaces(r),
                      QJsonObject{{QStringLiteral("get"), operation(r, QStringLiteral("list"), QStringLiteral("list"), false,
                                                                    QStringLiteral("ForAllNamespaces"), QJsonArray{}, listSchema)}});

    QJsonArray objectScope = scopeParams;
    objectScope.append(pathParameter(QStringLiteral("name")));
    QJsonObject item{{QStringLiteral("parameters"), objectScope}};
    item.insert(QStringLiteral("get"), operation(r, QStringLiteral("get"), QStringLiteral("read"), r.namespaced, QString(), QJsonArray{}, kindSchema));
    QJsonObject put = operation(r, QStringLiteral("put"), QStringLiteral("replace"), r.namespaced, QString(), writeParams, kindSchema);
    put.insert(QStringLiteral("requestBody"), requestBody({QStringLiteral("application/json")}, kindSchema));
    item.insert(QStringLiteral("put"), put);
    QJsonObject patch = operation(r, QStringLiteral("patch"), QStringLiteral("patch"), r.namespaced, QString(), patchParams, kindSchema);
    patch.insert(QStringLiteral("requestBody"),
                 requestBody({QStringLiteral("application/json-patch+json"), QStringLiteral("application/merge-patch+json"),
                              QStringLiteral("application/apply-patch+yaml")},
                             kindSchema));
    item.insert(QStringLiteral("patch"), patch);
    item.insert(QStringLiteral("delete"), operation(r, QStringLiteral("delete"), QStringLiteral("delete"), r.namespaced, QString(),
                                                    QJsonArray{queryParameter(QStringLiteral("dryRun"))}, kindSchema));
    paths->insert(ResourcePaths::object(r), item);
    if (r.hasStatus) {
        QJsonObject status{{QStringLiteral("parameters"), objectScope}};
        status.insert(QStringLiteral("get"), operation(r, QStringLiteral("get"), QStringLiteral("read"), r.namespaced,
                                                       QStringLiteral("Status"), QJsonArray{}, kindSchema));
        QJsonObject statusPatch = patch;
        statusPatch.insert(QStringLiteral("operationId"), ResourcePaths::operationId(QStringLiteral("patch"), r, r.namespaced, QStringLiteral("Status")));
        status.insert(QStringLiteral("patch"), statusPatch);
        QJsonObject statusPut = put;
        statusPut.insert(QStringLiteral("operationId"), ResourcePaths::operationId(QStringLiteral("replace"), r, r.namespaced, QStringLiteral("Status")));
        status.insert(QStringLiteral("put"), statusPut);
        paths->insert(ResourcePaths::status(r), status);
    }
}

} // namespace

QJsonValue OpenApiV3Builder::toComponent(const QJsonValue &schema)
{
    if (schema.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : schema.toArray())
            out.append(toComponent(item));
        return out;
    }
    if (!schema.isObject())
        return schema;
    QJsonObject out;
    const QJsonObject object = schema.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool data = it.key() == QLatin1String("enum") || it.key() == QLatin1String("default")
            || it.key() == QLatin1String("example") || it.key().startsWith(QLatin1String("x-"));
        out.insert(it.key(), data ? it.value() : toComponent(it.value()));
    }
    const QString ref = out.value(QStringLiteral("$ref")).toString();
    if (!ref.startsWith(DefinitionRefs::v2Prefix()))
        return out;
    const QJsonObject target{{QStringLiteral("$ref"), QString(DefinitionRefs::v3Prefix() + ref.mid(DefinitionRefs::v2Prefix().size()))}};
    if (out.size() == 1)
        return target;
    out.remove(QStringLiteral("$ref"));
    out.insert(QStringLiteral("allOf"), QJsonArray{target});
    return out;
}

QJsonObject OpenApiV3Builder::document(const QList<OpenApiResource> &resources, const QString &serverVersion)
{
    QJsonObject available = BuiltinDefinitions::definitions();
    QStringList roots;
    QJsonObject paths;
    for (const OpenApiResource &r : resources) {
        QString kind = SwaggerBuilder::kindDefinitionName(r);
        QString list = SwaggerBuilder::listDefinitionName(r);
        if (kind.isEmpty()) {
            kind = r.group.isEmpty() ? QStringLiteral("io.k8s.api.core.%1.%2").arg(r.version, r.kind)
                                     : KindSchemas::crdDefinitionName(r.group, r.version, r.kind);
            available.insert(kind, openStub(r));
        } else if (r.custom) {
            available.insert(kind, CrdSchemaConverter::kindDefinition(r, CrdSchemaConverter::Flavour::OpenApi3));
        }
        if (!list.isEmpty() && !available.contains(list))
            available.insert(list, KindSchemas::listDefinition(kind, r.group, r.version, r.kind, r.listKind, r.plural));
        roots.append(kind);
        if (!list.isEmpty())
            roots.append(list);
        addPaths(r, kind, list.isEmpty() ? kind : list, &paths);
    }
    QJsonObject schemas;
    const QJsonObject needed = DefinitionRefs::closure(available, roots, DefinitionRefs::v2Prefix());
    for (auto it = needed.begin(); it != needed.end(); ++it)
        schemas.insert(it.key(), toComponent(it.value()));
    return QJsonObject{{QStringLiteral("openapi"), QStringLiteral("3.0.0")},
                       {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                                                            {QStringLiteral("version"), serverVersion}}},
                       {QStringLiteral("paths"), paths},
                       {QStringLiteral("components"), QJsonObject{{QStringLiteral("schemas"), schemas}}}};
}

} // namespace cvc::sandbox
