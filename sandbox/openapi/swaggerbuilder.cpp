#include "swaggerbuilder.h"

#include "builtindefinitions.h"
#include "crdschemaconverter.h"
#include "definitionrefs.h"
#include "kindschemas.h"
#include "resourcepaths.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

const QString kMeta = QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.");

QJsonObject refTo(const QString &definition)
{
    return QJsonObject{{QStringLiteral("$ref"), DefinitionRefs::v2Ref(definition)}};
}

QJsonObject queryParameter(const QString &name, const QString &type, const QString &description)
{
    return QJsonObject{{QStringLiteral("description"), description},
                       {QStringLiteral("in"), QStringLiteral("query")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("uniqueItems"), true}};
}

QJsonObject pathParameter(const QString &name, const QString &description)
{
    return QJsonObject{{QStringLiteral("description"), description},
                       {QStringLiteral("in"), QStringLiteral("path")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("required"), true},
                       {QStringLiteral("type"), QStringLiteral("string")},
                       {QStringLiteral("uniqueItems"), true}};
}

QJsonObject bodyParameter(const QJsonObject &schema, bool required)
{
    QJsonObject body{{QStringLiteral("in"), QStringLiteral("body")},
                     {QStringLiteral("name"), QStringLiteral("body")},
                     {QStringLiteral("schema"), schema}};
    if (required)
        body.insert(QStringLiteral("required"), true);
    return body;
}

QJsonObject dryRun()
{
    return queryParameter(QStringLiteral("dryRun"), QStringLiteral("string"),
                          QStringLiteral("When present, indicates that modifications should not be persisted. Valid "
                                         "values are: All (all dry run stages will be processed)."));
}

QJsonArray writeParameters()
{
    return QJsonArray{
        dryRun(),
        queryParameter(QStringLiteral("fieldManager"), QStringLiteral("string"),
                       QStringLiteral("fieldManager is a name associated with the actor or entity that is making these changes.")),
        queryParameter(QStringLiteral("fieldValidation"), QStringLiteral("string"),
                       QStringLiteral("fieldValidation instructs the server on how to handle objects in the request containing "
                                      "unknown or duplicate fields: Ignore, Warn (the default) or Strict."))};
}

QJsonArray listParameters()
{
    const QString string = QStringLiteral("string");
    const QString boolean = QStringLiteral("boolean");
    const QString integer = QStringLiteral("integer");
    return QJsonArray{
        queryParameter(QStringLiteral("allowWatchBookmarks"), boolean,
                       QStringLiteral("allowWatchBookmarks requests watch events with type \"BOOKMARK\".")),
        queryParameter(QStringLiteral("continue"), string,
                       QStringLiteral("The continue option should be set when retrieving more results from the server.")),
        queryParameter(QStringLiteral("fieldSelector"), string,
                       QStringLiteral("A selector to restrict the list of returned objects by their fields. Defaults to everything.")),
        queryParameter(QStringLiteral("labelSelector"), string,
                       QStringLiteral("A selector to restrict the list of returned objects by their labels. Defaults to everything.")),
        queryParameter(QStringLiteral("limit"), integer,
                       QStringLiteral("limit is a maximum number of responses to return for a list call.")),
        queryParameter(QStringLiteral("resourceVersion"), string,
                       QStringLiteral("resourceVersion sets a constraint on what resource versions a request may be served from.")),
        queryParameter(QStringLiteral("resourceVersionMatch"), string,
                       QStringLiteral("resourceVersionMatch determines how resourceVersion is applied to list calls.")),
        queryParameter(QStringLiteral("sendInitialEvents"), boolean,
                       QStringLiteral("`sendInitialEvents=true` may be set together with `watch=true` to begin the watch "
                                      "stream with synthetic events of the current state.")),
        queryParameter(QStringLiteral("timeoutSeconds"), integer,
                       QStringLiteral("Timeout for the list/watch call.")),
        queryParameter(QStringLiteral("watch"), boolean,
                       QStringLiteral("Watch for changes to the described resources and return them as a stream of add, "
                                      "update, and remove notifications."))};
}

QJsonArray deleteParameters()
{
    return QJsonArray{
        bodyParameter(refTo(kMeta + QStringLiteral("DeleteOptions")), false),
        dryRun(),
        queryParameter(QStringLiteral("gracePeriodSeconds"), QStringLiteral("integer"),
                       QStringLiteral("The duration in seconds before the object should be deleted.")),
        queryParameter(QStringLiteral("orphanDependents"), QStringLiteral("boolean"),
                       QStringLiteral("Deprecated: please use the PropagationPolicy.")),
        queryParameter(QStringLiteral("propagationPolicy"), QStringLiteral("string"),
                       QStringLiteral("Whether and how garbage collection will be performed: Orphan, Background or Foreground."))};
}

QJsonArray concat(QJsonArray a, const QJsonArray &b)
{
    for (const QJsonValue &v : b)
        a.append(v);
    return a;
}

// {"200": {"description": "OK", "schema": …}, …, "401": {"description": "Unauthorized"}}; a
// response names a schema only when the document has it.
QJsonObject responses(const QString &definition, const QStringList &codes)
{
    QJsonObject out;
    for (const QString &code : codes) {
        QJsonObject response{{QStringLiteral("description"),
                              code == QLatin1String("200")   ? QStringLiteral("OK")
                              : code == QLatin1String("201") ? QStringLiteral("Created")
                                                             : QStringLiteral("Accepted")}};
        if (!definition.isEmpty())
            response.insert(QStringLiteral("schema"), refTo(definition));
        out.insert(code, response);
    }
    out.insert(QStringLiteral("401"), QJsonObject{{QStringLiteral("description"), QStringLiteral("Unauthorized")}});
    return out;
}

class PathWriter
{
public:
    explicit PathWriter(const OpenApiResource &resource)
        : m_r(resource)
        , m_kind(SwaggerBuilder::kindDefinitionName(resource))
        , m_list(SwaggerBuilder::listDefinitionName(resource))
    {
    }

    void write(QJsonObject *paths) const
    {
        const bool createOnly = m_r.verbs == QStringList{QStringLiteral("create")};
        writeCollection(paths);
        if (m_r.namespaced && m_r.hasVerb(QStringLiteral("list")))
            writeAllNamespaces(paths);
        if (createOnly)
            return;
        writeObject(paths, ResourcePaths::object(m_r), QString());
        if (m_r.hasStatus)
            writeObject(paths, ResourcePaths::status(m_r), QStringLiteral("Status"));
    }

private:
    QJsonObject operation(const QString &verb, const QString &action, bool namespacedPath, const QString &suffix,
                          const QString &description, const QJsonArray &parameters, const QJsonObject &responses,
                          const QStringList &consumes = {}) const
    {
        QJsonObject op{{QStringLiteral("description"), description},
                       {QStringLiteral("operationId"), ResourcePaths::operationId(verb, m_r, namespacedPath, suffix)},
                       {QStringLiteral("produces"), QJsonArray{QStringLiteral("application/json")}},
                       {QStringLiteral("responses"), responses},
                       {QStringLiteral("schemes"), QJsonArray{QStringLiteral("https")}},
                       {QStringLiteral("tags"), QJsonArray{ResourcePaths::tag(m_r)}},
                       {QStringLiteral("x-kubernetes-action"), action},
                       {QStringLiteral("x-kubernetes-group-version-kind"),
                        KindSchemas::groupVersionKind(m_r.group, m_r.version, m_r.kind)}};
        if (!parameters.isEmpty())
            op.insert(QStringLiteral("parameters"), parameters);
        op.insert(QStringLiteral("consumes"), QJsonArray::fromStringList(consumes.isEmpty() ? QStringList{QStringLiteral("*/*")} : consumes));
        return op;
    }

    QJsonObject kindSchema() const
    {
        return m_kind.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}} : refTo(m_kind);
    }

    QJsonArray scopeParameters(bool withName) const
    {
        QJsonArray params;
        if (withName)
            params.append(pathParameter(QStringLiteral("name"), QStringLiteral("name of the ") + m_r.kind));
        if (m_r.namespaced)
            params.append(pathParameter(QStringLiteral("namespace"), QStringLiteral("object name and auth scope, such as for teams and projects")));
        params.append(queryParameter(QStringLiteral("pretty"), QStringLiteral("string"),
                                     QStringLiteral("If 'true', then the output is pretty printed.")));
        return params;
    }

    void writeCollection(QJsonObject *paths) const
    {
        const QStringList bodyTypes{QStringLiteral("application/json"), QStringLiteral("application/yaml")};
        QJsonObject item{{QStringLiteral("parameters"), scopeParameters(false)}};
        if (m_r.hasVerb(QStringLiteral("list")))
            item.insert(QStringLiteral("get"), operation(QStringLiteral("list"), QStringLiteral("list"), m_r.namespaced, QString(),
                                                         QStringLiteral("list or watch objects of kind ") + m_r.kind,
                                                         listParameters(), responses(m_list, {QStringLiteral("200")})));
        if (m_r.hasVerb(QStringLiteral("create")))
            item.insert(QStringLiteral("post"),
                        operation(QStringLiteral("create"), QStringLiteral("post"), m_r.namespaced, QString(),
                                  QStringLiteral("create a ") + m_r.kind,
                                  concat(QJsonArray{bodyParameter(kindSchema(), true)}, writeParameters()),
                                  responses(m_kind, {QStringLiteral("200"), QStringLiteral("201"), QStringLiteral("202")}),
                                  bodyTypes));
        if (m_r.hasVerb(QStringLiteral("deletecollection")))
            item.insert(QStringLiteral("delete"),
                        operation(QStringLiteral("deletecollection"), QStringLiteral("deletecollection"), m_r.namespaced,
                                  QString(), QStringLiteral("delete collection of ") + m_r.kind,
                                  concat(deleteParameters(), listParameters()),
                                  responses(kMeta + QStringLiteral("Status"), {QStringLiteral("200")}), bodyTypes));
        paths->insert(ResourcePaths::collection(m_r), item);
    }

    void writeAllNamespaces(QJsonObject *paths) const
    {
        QJsonObject item{{QStringLiteral("parameters"), QJsonArray{queryParameter(QStringLiteral("pretty"), QStringLiteral("string"),
                                                                                   QStringLiteral("If 'true', then the output is pretty printed."))}}};
        item.insert(QStringLiteral("get"), operation(QStringLiteral("list"), QStringLiteral("list"), false, QStringLiteral("ForAllNamespaces"),
                                                     QStringLiteral("list or watch objects of kind ") + m_r.kind,
                                                     listParameters(), responses(m_list, {QStringLiteral("200")})));
        paths->insert(ResourcePaths::allNamespaces(m_r), item);
    }

    void writeObject(QJsonObject *paths, const QString &path, const QString &suffix) const
    {
        const QString of = suffix.isEmpty() ? QString() : QStringLiteral(" status of");
        QStringList patchTypes{QStringLiteral("application/json-patch+json"), QStringLiteral("application/merge-patch+json")};
        // Only where the document holds the kind's whole schema, as kube-apiserver offers it for
        // built-ins: kubectl then computes the strategic merge patch from that schema.
        if (!m_r.custom && !m_kind.isEmpty())
            patchTypes.append(QStringLiteral("application/strategic-merge-patch+json"));
        patchTypes.append(QStringLiteral("application/apply-patch+yaml"));
        QJsonArray patchParameters = concat(QJsonArray{bodyParameter(refTo(kMeta + QStringLiteral("Patch")), true)}, writeParameters());
        patchParameters.append(queryParameter(QStringLiteral("force"), QStringLiteral("boolean"),
                                              QStringLiteral("Force is going to \"force\" Apply requests. It must be unset for non-apply patch requests.")));

        QJsonObject item{{QStringLiteral("parameters"), scopeParameters(true)}};
        if (m_r.hasVerb(QStringLiteral("get")))
            item.insert(QStringLiteral("get"), operation(QStringLiteral("read"), QStringLiteral("get"), m_r.namespaced, suffix,
                                                         QStringLiteral("read%1 the specified %2").arg(of, m_r.kind), QJsonArray{},
                                                         responses(m_kind, {QStringLiteral("200")})));
        if (m_r.hasVerb(QStringLiteral("update")))
            item.insert(QStringLiteral("put"),
                        operation(QStringLiteral("replace"), QStringLiteral("put"), m_r.namespaced, suffix,
                                  QStringLiteral("replace%1 the specified %2").arg(of, m_r.kind),
                                  concat(QJsonArray{bodyParameter(kindSchema(), true)}, writeParameters()),
                                  responses(m_kind, {QStringLiteral("200"), QStringLiteral("201")}),
                                  {QStringLiteral("application/json"), QStringLiteral("application/yaml")}));
        if (m_r.hasVerb(QStringLiteral("patch")))
            item.insert(QStringLiteral("patch"), operation(QStringLiteral("patch"), QStringLiteral("patch"), m_r.namespaced, suffix,
                                                           QStringLiteral("partially update%1 the specified %2").arg(of, m_r.kind),
                                                           patchParameters,
                                                           responses(m_kind, {QStringLiteral("200"), QStringLiteral("201")}),
                                                           patchTypes));
        if (suffix.isEmpty() && m_r.hasVerb(QStringLiteral("delete")))
            item.insert(QStringLiteral("delete"),
                        operation(QStringLiteral("delete"), QStringLiteral("delete"), m_r.namespaced, suffix,
                                  QStringLiteral("delete a ") + m_r.kind, deleteParameters(),
                                  responses(kMeta + QStringLiteral("Status"), {QStringLiteral("200"), QStringLiteral("202")}),
                                  {QStringLiteral("application/json"), QStringLiteral("application/yaml")}));
        paths->insert(path, item);
    }

    const OpenApiResource &m_r;
    const QString m_kind;
    const QString m_list;
};

} // namespace

QString SwaggerBuilder::kindDefinitionName(const OpenApiResource &resource)
{
    if (resource.custom)
        return KindSchemas::crdDefinitionName(resource.group, resource.version, resource.kind);
    return BuiltinDefinitions::kindDefinitionName(resource.group, resource.version, resource.kind);
}

QString SwaggerBuilder::listDefinitionName(const OpenApiResource &resource)
{
    const QString kind = kindDefinitionName(resource);
    if (kind.isEmpty() || !resource.hasVerb(QStringLiteral("list")) || resource.listKind.isEmpty())
        return {};
    // The list sits beside its kind: "io.k8s.api.core.v1.ConfigMap" → "io.k8s.api.core.v1.ConfigMapList".
    return kind.left(kind.lastIndexOf(QLatin1Char('.')) + 1) + resource.listKind;
}

QJsonObject SwaggerBuilder::ownDefinitions(const OpenApiResource &resource)
{
    QJsonObject out;
    const QString kind = kindDefinitionName(resource);
    if (kind.isEmpty())
        return out;
    out.insert(kind, resource.custom ? CrdSchemaConverter::kindDefinition(resource, CrdSchemaConverter::Flavour::Swagger2)
                                     : BuiltinDefinitions::definitions().value(kind));
    const QString list = listDefinitionName(resource);
    if (!list.isEmpty())
        out.insert(list, KindSchemas::listDefinition(kind, resource.group, resource.version, resource.kind,
                                                     resource.listKind, resource.plural));
    return out;
}

QJsonObject SwaggerBuilder::build(const QList<OpenApiResource> &resources, const QString &serverVersion)
{
    QJsonObject available = BuiltinDefinitions::definitions();
    // Referred to by every document's operations: delete and patch bodies, delete answers.
    QStringList roots{kMeta + QStringLiteral("DeleteOptions"), kMeta + QStringLiteral("Patch"), kMeta + QStringLiteral("Status")};
    QJsonObject paths;
    for (const OpenApiResource &resource : resources) {
        const QJsonObject own = ownDefinitions(resource);
        for (auto it = own.begin(); it != own.end(); ++it) {
            available.insert(it.key(), it.value());
            roots.append(it.key());
        }
        PathWriter(resource).write(&paths);
    }
    const QJsonObject definitions = DefinitionRefs::closure(available, roots, DefinitionRefs::v2Prefix());
    return QJsonObject{
        {QStringLiteral("swagger"), QStringLiteral("2.0")},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Kubernetes")},
                                             {QStringLiteral("version"), serverVersion}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("definitions"), definitions},
        {QStringLiteral("securityDefinitions"),
         QJsonObject{{QStringLiteral("BearerToken"),
                      QJsonObject{{QStringLiteral("description"), QStringLiteral("Bearer Token authentication")},
                                  {QStringLiteral("in"), QStringLiteral("header")},
                                  {QStringLiteral("name"), QStringLiteral("authorization")},
                                  {QStringLiteral("type"), QStringLiteral("apiKey")}}}}},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("BearerToken"), QJsonArray{}}}}}};
}

} // namespace cvc::sandbox
