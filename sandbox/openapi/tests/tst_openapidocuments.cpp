// The documents as a whole: the hand-written built-in definitions (present, closed, kube's names,
// required lists and patch strategies), what /openapi/v2 publishes for each served resource and
// what it leaves out, that kubectl 1.20's reader accepts every definition (SwaggerChecker), and
// the /openapi/v3 documents built from the same definitions.
#include "openapi/builtindefinitions.h"
#include "openapi/definitionrefs.h"
#include "openapi/openapiv3builder.h"
#include "openapi/swaggerbuilder.h"
#include "openapi/swaggerprotoencoder.h"
#include "swaggerchecker.h"
#include "testresources.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cvc::sandbox;

namespace {

const QString kMeta = QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.");

QJsonObject fieldOf(const QJsonObject &schema, const QString &name)
{
    return schema.value(QStringLiteral("properties")).toObject().value(name).toObject();
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

QList<OpenApiResource> servedResources()
{
    return testing::builtinResources() + testing::crdResources(testing::crdObject(testing::projectCrdPath()));
}

QList<OpenApiResource> resourcesOf(const QString &group, const QString &version)
{
    QList<OpenApiResource> out;
    for (const OpenApiResource &r : servedResources()) {
        if (r.group == group && r.version == version)
            out.append(r);
    }
    return out;
}

// The object schemas reachable from `schema` (following $refs into `definitions`), each with its path.
void objectsOf(const QJsonObject &schema, const QJsonObject &definitions, const QString &path, QStringList *seen,
               QList<QPair<QString, QJsonObject>> *out)
{
    const QString ref = schema.value(QStringLiteral("$ref")).toString();
    if (!ref.isEmpty()) {
        const QString name = ref.mid(DefinitionRefs::v2Prefix().size());
        if (seen->contains(name))
            return;
        seen->append(name);
        objectsOf(definitions.value(name).toObject(), definitions, name, seen, out);
        return;
    }
    if (schema.contains(QStringLiteral("properties")))
        out->append({path, schema});
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        objectsOf(it.value().toObject(), definitions, path + QLatin1Char('.') + it.key(), seen, out);
    if (schema.value(QStringLiteral("items")).isObject())
        objectsOf(schema.value(QStringLiteral("items")).toObject(), definitions, path + QStringLiteral("[]"), seen, out);
    if (schema.value(QStringLiteral("additionalProperties")).isObject())
        objectsOf(schema.value(QStringLiteral("additionalProperties")).toObject(), definitions, path + QStringLiteral("{}"), seen, out);
}

QJsonObject operationOf(const QJsonObject &doc, const QString &path, const QString &method)
{
    return doc.value(QStringLiteral("paths")).toObject().value(path).toObject().value(method).toObject();
}

bool hasParameter(const QJsonObject &operation, const QString &name, const QString &in)
{
    for (const QJsonValue &p : operation.value(QStringLiteral("parameters")).toArray()) {
        if (p.toObject().value(QStringLiteral("name")).toString() == name && p.toObject().value(QStringLiteral("in")).toString() == in)
            return true;
    }
    return false;
}

} // namespace

class TestOpenApiDocuments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinKindsDescribed_data();
    void builtinKindsDescribed();
    void builtinKindsClosed();
    void requiredAndPatchStrategies();
    void incompleteKindsNotPublished();
    void swaggerReadableByKubectl120();
    void swaggerDefinitions();
    void swaggerPaths();
    void swaggerEncodesCompletely();
    void openApiV3CoreDocument();
    void openApiV3CrdDocument();
};

void TestOpenApiDocuments::builtinKindsDescribed_data()
{
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("definition");
    const QString rbac = QStringLiteral("rbac.authorization.k8s.io");
    QTest::newRow("Namespace") << QString() << "Namespace" << "io.k8s.api.core.v1.Namespace";
    QTest::newRow("ConfigMap") << QString() << "ConfigMap" << "io.k8s.api.core.v1.ConfigMap";
    QTest::newRow("Secret") << QString() << "Secret" << "io.k8s.api.core.v1.Secret";
    QTest::newRow("ServiceAccount") << QString() << "ServiceAccount" << "io.k8s.api.core.v1.ServiceAccount";
    QTest::newRow("Event") << QString() << "Event" << "io.k8s.api.core.v1.Event";
    QTest::newRow("events.k8s.io Event") << "events.k8s.io" << "Event" << "io.k8s.api.events.v1.Event";
    QTest::newRow("Role") << rbac << "Role" << "io.k8s.api.rbac.v1.Role";
    QTest::newRow("RoleBinding") << rbac << "RoleBinding" << "io.k8s.api.rbac.v1.RoleBinding";
    QTest::newRow("ClusterRole") << rbac << "ClusterRole" << "io.k8s.api.rbac.v1.ClusterRole";
    QTest::newRow("ClusterRoleBinding") << rbac << "ClusterRoleBinding" << "io.k8s.api.rbac.v1.ClusterRoleBinding";
    QTest::newRow("Lease") << "coordination.k8s.io" << "Lease" << "io.k8s.api.coordination.v1.Lease";
    QTest::newRow("SelfSubjectAccessReview") << "authorization.k8s.io" << "SelfSubjectAccessReview"
                                             << "io.k8s.api.authorization.v1.SelfSubjectAccessReview";
    QTest::newRow("SelfSubjectRulesReview") << "authorization.k8s.io" << "SelfSubjectRulesReview"
                                            << "io.k8s.api.authorization.v1.SelfSubjectRulesReview";
    QTest::newRow("Status") << QString() << "Status" << QString(kMeta + "Status");
    QTest::newRow("DeleteOptions") << "apps" << "DeleteOptions" << QString(kMeta + "DeleteOptions");
}

void TestOpenApiDocuments::builtinKindsDescribed()
{
    QFETCH(QString, group);
    QFETCH(QString, kind);
    QFETCH(QString, definition);
    QCOMPARE(BuiltinDefinitions::kindDefinitionName(group, QStringLiteral("v1"), kind), definition);
    const QJsonObject schema = BuiltinDefinitions::definitions().value(definition).toObject();
    QVERIFY(!schema.value("description").toString().isEmpty());
    QCOMPARE(fieldOf(schema, "apiVersion").value("type").toString(), QStringLiteral("string"));
    QCOMPARE(fieldOf(schema, "kind").value("type").toString(), QStringLiteral("string"));
}

// Every object a described kind contains, down through every $ref, lists its fields: kubectl then
// reports a field it does not know, as against kube-apiserver.
void TestOpenApiDocuments::builtinKindsClosed()
{
    const QJsonObject &definitions = BuiltinDefinitions::definitions();
    QStringList missing;
    QStringList roots;
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
        if (it.value().toObject().contains("x-kubernetes-group-version-kind"))
            roots.append(it.key());
    }
    QCOMPARE(DefinitionRefs::closure(definitions, roots, DefinitionRefs::v2Prefix(), &missing).isEmpty(), false);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    for (const QString &root : roots) {
        QStringList seen{root};
        QList<QPair<QString, QJsonObject>> objects;
        objectsOf(definitions.value(root).toObject(), definitions, root, &seen, &objects);
        QVERIFY2(!objects.isEmpty(), qPrintable(root));
        for (const auto &[path, object] : objects) {
            QVERIFY2(!object.value("properties").toObject().isEmpty(), qPrintable(path));
            QVERIFY2(!object.contains("x-kubernetes-preserve-unknown-fields") && !object.contains("additionalProperties"),
                     qPrintable(path + " is open"));
        }
    }
    // The only objects without fields are the maps and the opaque values kube also has.
    for (const QString &name : {QString(kMeta + "FieldsV1"), QString(kMeta + "Patch")})
        QCOMPARE(definitions.value(name).toObject().value("type").toString(), QStringLiteral("object"));
}

void TestOpenApiDocuments::requiredAndPatchStrategies()
{
    const QJsonObject &d = BuiltinDefinitions::definitions();
    auto required = [&](const QString &name) { return strings(d.value(name).toObject().value("required")); };
    QCOMPARE(required("io.k8s.api.core.v1.Event"), (QStringList{"metadata", "involvedObject"}));
    QCOMPARE(required("io.k8s.api.events.v1.Event"), QStringList{"eventTime"});
    QCOMPARE(required("io.k8s.api.rbac.v1.RoleBinding"), QStringList{"roleRef"});
    QCOMPARE(required("io.k8s.api.rbac.v1.ClusterRoleBinding"), QStringList{"roleRef"});
    QCOMPARE(required("io.k8s.api.rbac.v1.PolicyRule"), QStringList{"verbs"});
    QCOMPARE(required("io.k8s.api.rbac.v1.Subject"), (QStringList{"kind", "name"}));
    QCOMPARE(required("io.k8s.api.rbac.v1.RoleRef"), (QStringList{"apiGroup", "kind", "name"}));
    QCOMPARE(required(kMeta + "OwnerReference"), (QStringList{"apiVersion", "kind", "name", "uid"}));
    QCOMPARE(required("io.k8s.api.core.v1.NamespaceCondition"), (QStringList{"type", "status"}));
    QVERIFY(required("io.k8s.api.core.v1.ConfigMap").isEmpty());
    QVERIFY(required("io.k8s.api.coordination.v1.Lease").isEmpty());

    // The strategic merge patch metadata kubectl reads (x-kubernetes-patch-strategy/-merge-key),
    // as the Go struct tags of k8s.io/api and apimachinery have it.
    const QJsonObject meta = d.value(kMeta + "ObjectMeta").toObject();
    QCOMPARE(fieldOf(meta, "ownerReferences").value("x-kubernetes-patch-strategy").toString(), QStringLiteral("merge"));
    QCOMPARE(fieldOf(meta, "ownerReferences").value("x-kubernetes-patch-merge-key").toString(), QStringLiteral("uid"));
    QCOMPARE(fieldOf(meta, "finalizers").value("x-kubernetes-patch-strategy").toString(), QStringLiteral("merge"));
    QVERIFY(!fieldOf(meta, "finalizers").contains("x-kubernetes-patch-merge-key"));
    QVERIFY(!fieldOf(meta, "managedFields").contains("x-kubernetes-patch-strategy"));
    const QJsonObject sa = d.value("io.k8s.api.core.v1.ServiceAccount").toObject();
    QCOMPARE(fieldOf(sa, "secrets").value("x-kubernetes-patch-merge-key").toString(), QStringLiteral("name"));
    QVERIFY(!fieldOf(sa, "imagePullSecrets").contains("x-kubernetes-patch-strategy"));
    const QJsonObject nsStatus = d.value("io.k8s.api.core.v1.NamespaceStatus").toObject();
    QCOMPARE(fieldOf(nsStatus, "conditions").value("x-kubernetes-patch-merge-key").toString(), QStringLiteral("type"));
    // RBAC lists are atomic: replaced whole, never merged.
    QVERIFY(!fieldOf(d.value("io.k8s.api.rbac.v1.ClusterRole").toObject(), "rules").contains("x-kubernetes-patch-strategy"));
    QCOMPARE(fieldOf(d.value("io.k8s.api.rbac.v1.ClusterRole").toObject(), "rules").value("x-kubernetes-list-type").toString(),
             QStringLiteral("atomic"));
    int strategies = 0;
    const QByteArray all = QJsonDocument(d).toJson(QJsonDocument::Compact);
    for (qsizetype at = all.indexOf("x-kubernetes-patch-strategy"); at >= 0; at = all.indexOf("x-kubernetes-patch-strategy", at + 1))
        ++strategies;
    QCOMPARE(strategies, 4);   // ownerReferences, finalizers, ServiceAccount.secrets, NamespaceStatus.conditions
}

// A kind kube-sandbox cannot describe completely is published not at all: with no definition
// kubectl skips client-side validation and computes strategic merge patches from its compiled-in
// types; a partial or open definition would reject valid manifests (1.20) or make every
// `kubectl apply` of a change warn "error calculating patch from openapi spec" (all versions).
void TestOpenApiDocuments::incompleteKindsNotPublished()
{
    const QJsonObject doc = SwaggerBuilder::build(servedResources(), "v1.32.0");
    const QJsonObject definitions = doc.value("definitions").toObject();
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
        for (const QJsonValue &gvk : it.value().toObject().value("x-kubernetes-group-version-kind").toArray()) {
            const QString kind = gvk.toObject().value("kind").toString();
            QVERIFY2(!QStringList({"Deployment", "DeploymentList", "Service", "ServiceList", "CustomResourceDefinition",
                                   "CustomResourceDefinitionList"}).contains(kind),
                     qPrintable(it.key()));
        }
    }
    QVERIFY(BuiltinDefinitions::kindDefinitionName("apps", "v1", "Deployment").isEmpty());
    QVERIFY(BuiltinDefinitions::kindDefinitionName("", "v1", "Service").isEmpty());
    QVERIFY(BuiltinDefinitions::kindDefinitionName("apiextensions.k8s.io", "v1", "CustomResourceDefinition").isEmpty());
    // Their paths stay: kubectl 1.20 looks for dryRun on the PATCH operation before --dry-run=server.
    const QJsonObject patch = operationOf(doc, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch");
    QVERIFY(hasParameter(patch, "dryRun", "query"));
    QVERIFY(!strings(patch.value("consumes")).contains("application/strategic-merge-patch+json"));
    QVERIFY(!patch.value("responses").toObject().value("200").toObject().contains("schema"));
}

void TestOpenApiDocuments::swaggerReadableByKubectl120()
{
    const QJsonObject doc = SwaggerBuilder::build(servedResources(), "v1.32.0");
    const QStringList problems = SwaggerChecker::problems(doc);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
    // The checker itself refuses what kubectl 1.20 refuses.
    QJsonObject broken = doc;
    QJsonObject definitions = broken.value("definitions").toObject();
    definitions.insert("x.Bad", QJsonObject{{"type", QJsonArray{"integer", "string"}}});
    definitions.insert("x.Dangling", QJsonObject{{"$ref", "#/definitions/x.Nowhere"}});
    definitions.insert("x.Array", QJsonObject{{"type", "array"}});
    broken.insert("definitions", definitions);
    QCOMPARE(SwaggerChecker::problems(broken).size(), 3);
}

void TestOpenApiDocuments::swaggerDefinitions()
{
    const QJsonObject doc = SwaggerBuilder::build(servedResources(), "v1.32.0");
    QCOMPARE(doc.value("swagger").toString(), QStringLiteral("2.0"));
    const QJsonObject definitions = doc.value("definitions").toObject();
    for (const char *name : {"tools.crypto.v1.CryptoValueCalculator", "tools.crypto.v1.CryptoValueCalculatorList",
                             "io.k8s.api.core.v1.ConfigMap", "io.k8s.api.core.v1.ConfigMapList",
                             "io.k8s.api.rbac.v1.ClusterRoleBindingList", "io.k8s.api.events.v1.EventList",
                             "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta",
                             "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime", "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"})
        QVERIFY2(definitions.contains(QLatin1String(name)), name);
    // No list for create-only reviews.
    QVERIFY(!definitions.contains("io.k8s.api.authorization.v1.SelfSubjectAccessReviewList"));
    QStringList missing;
    QCOMPARE(DefinitionRefs::closure(definitions, definitions.keys(), DefinitionRefs::v2Prefix(), &missing).size(), definitions.size());
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
    const QJsonObject data = fieldOf(definitions.value("io.k8s.api.core.v1.ConfigMap").toObject(), "data");
    QCOMPARE(data.value("additionalProperties").toObject().value("type").toString(), QStringLiteral("string"));
}

void TestOpenApiDocuments::swaggerPaths()
{
    const QJsonObject doc = SwaggerBuilder::build(servedResources(), "v1.32.0");
    const QJsonObject patch = operationOf(doc, "/api/v1/namespaces/{namespace}/configmaps/{name}", "patch");
    QCOMPARE(patch.value("operationId").toString(), QStringLiteral("patchCoreV1NamespacedConfigMap"));
    QCOMPARE(patch.value("x-kubernetes-group-version-kind").toObject(),
             (QJsonObject{{"group", ""}, {"kind", "ConfigMap"}, {"version", "v1"}}));
    for (const char *param : {"dryRun", "fieldManager", "fieldValidation", "force"})
        QVERIFY2(hasParameter(patch, QLatin1String(param), "query"), param);
    QVERIFY(hasParameter(patch, "body", "body"));
    QCOMPARE(strings(patch.value("consumes")),
             (QStringList{"application/json-patch+json", "application/merge-patch+json",
                          "application/strategic-merge-patch+json", "application/apply-patch+yaml"}));
    QCOMPARE(patch.value("responses").toObject().value("200").toObject().value("schema").toObject().value("$ref").toString(),
             QStringLiteral("#/definitions/io.k8s.api.core.v1.ConfigMap"));

    // Custom resources: merge and JSON patches only, as on a real server.
    const QString cvc = "/apis/crypto.tools/v1/namespaces/{namespace}/cryptovaluecalculators/{name}";
    QVERIFY(!strings(operationOf(doc, cvc, "patch").value("consumes")).contains("application/strategic-merge-patch+json"));
    QCOMPARE(operationOf(doc, cvc + "/status", "patch").value("operationId").toString(),
             QStringLiteral("patchCryptoToolsV1NamespacedCryptoValueCalculatorStatus"));
    QCOMPARE(operationOf(doc, "/apis/crypto.tools/v1/cryptovaluecalculators", "get").value("operationId").toString(),
             QStringLiteral("listCryptoToolsV1CryptoValueCalculatorForAllNamespaces"));
    QCOMPARE(operationOf(doc, "/apis/rbac.authorization.k8s.io/v1/clusterroles", "delete").value("operationId").toString(),
             QStringLiteral("deleteRbacAuthorizationV1CollectionClusterRole"));
    QCOMPARE(strings(operationOf(doc, "/apis/rbac.authorization.k8s.io/v1/clusterroles", "get").value("tags")),
             QStringList{"rbacAuthorization_v1"});
    // Every PATCH carries dryRun inline: kubectl 1.20's --dry-run=server check reads nothing else.
    const QJsonObject paths = doc.value("paths").toObject();
    int patches = 0;
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QJsonObject op = it.value().toObject().value("patch").toObject();
        if (op.isEmpty())
            continue;
        ++patches;
        QVERIFY2(hasParameter(op, "dryRun", "query"), qPrintable(it.key()));
    }
    int expected = 0;
    for (const OpenApiResource &r : servedResources())
        expected += r.verbs.contains("patch") ? (r.hasStatus ? 2 : 1) : 0;
    QCOMPARE(patches, expected);
    QCOMPARE(expected, 15 + 4);   // every resource but the two reviews, plus 4 status subresources
    QVERIFY(operationOf(doc, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "post").contains("operationId"));
}

void TestOpenApiDocuments::swaggerEncodesCompletely()
{
    QStringList problems;
    const QByteArray bytes = SwaggerProtoEncoder::encode(SwaggerBuilder::build(servedResources(), "v1.32.0"), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
    QVERIFY(bytes.size() > 10000);
}

void TestOpenApiDocuments::openApiV3CoreDocument()
{
    const QJsonObject doc = OpenApiV3Builder::document(resourcesOf(QString(), "v1"), "v1.32.0");
    const QJsonObject schemas = doc.value("components").toObject().value("schemas").toObject();
    const QJsonObject configMap = schemas.value("io.k8s.api.core.v1.ConfigMap").toObject();
    QCOMPARE(fieldOf(configMap, "data").value("additionalProperties").toObject().value("type").toString(), QStringLiteral("string"));
    // A $ref with a description becomes allOf, as kube-openapi writes OpenAPI 3.
    QCOMPARE(fieldOf(configMap, "metadata").value("allOf").toArray().first().toObject().value("$ref").toString(),
             QStringLiteral("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    QVERIFY(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    QVERIFY(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"));
    QVERIFY(!QJsonDocument(doc).toJson().contains("#/definitions/"));
    // Service is not described: an open stub, so explain and server-side validation stay as before.
    QCOMPARE(schemas.value("io.k8s.api.core.v1.Service").toObject().value("x-kubernetes-preserve-unknown-fields").toBool(), true);
    // kubectl 1.27's explain looks the GVK up on the list across namespaces.
    QCOMPARE(operationOf(doc, "/api/v1/configmaps", "get").value("x-kubernetes-group-version-kind").toObject().value("kind").toString(),
             QStringLiteral("ConfigMap"));
    const QJsonObject patch = operationOf(doc, "/api/v1/namespaces/{namespace}/configmaps/{name}", "patch");
    QVERIFY(hasParameter(patch, "fieldValidation", "query"));
    QVERIFY(!patch.value("requestBody").toObject().value("content").toObject().contains("application/strategic-merge-patch+json"));
    QStringList missing;
    DefinitionRefs::closure(schemas, schemas.keys(), DefinitionRefs::v3Prefix(), &missing);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(", ")));
}

void TestOpenApiDocuments::openApiV3CrdDocument()
{
    const QJsonObject doc = OpenApiV3Builder::document(resourcesOf("crypto.tools", "v1"), "v1.32.0");
    const QJsonObject schemas = doc.value("components").toObject().value("schemas").toObject();
    const QJsonObject cvc = schemas.value("tools.crypto.v1.CryptoValueCalculator").toObject();
    QCOMPARE(fieldOf(fieldOf(cvc, "spec"), "amount").value("type").toString(), QStringLiteral("number"));
    QVERIFY(schemas.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    QVERIFY(schemas.contains("tools.crypto.v1.CryptoValueCalculatorList"));
    const QJsonObject patch = operationOf(doc, "/apis/crypto.tools/v1/namespaces/{namespace}/cryptovaluecalculators/{name}", "patch");
    QCOMPARE(patch.value("x-kubernetes-group-version-kind").toObject().value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
    QVERIFY(hasParameter(patch, "fieldValidation", "query"));
}

QTEST_GUILESS_MAIN(TestOpenApiDocuments)
#include "tst_openapidocuments.moc"
