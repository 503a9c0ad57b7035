// /openapi/v2 with a real kubectl (kube-api.md §1.5): Debian's kubectl 1.20 reads only the
// protobuf form of /openapi/v2 and validates, explains and computes strategic merge patches from
// it; kubectl 1.27–1.33 validate on the server but still compute strategic merge patches for
// built-ins from it. Runs with whichever kubectl KubectlRunner picks ($CVC_KUBECTL); where
// versions behave differently the test expects what that kubectl does against kube-apiserver.
#include "OpenAPIv2.pb.h"
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

// What client-go asks for, and (with a dot for the '@' Go's mime parser refuses) what kube answers.
const QByteArray kProtobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
const QByteArray kProtobufAnswer = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

QString writeFile(const SandboxProcess &sandbox, const QString &name, const QByteArray &content)
{
    const QString path = sandbox.tempPath() + QLatin1Char('/') + name;
    CvcFixtures::writeFile(path, content);
    return path;
}

QByteArray readSource(const QString &relativePath)
{
    QFile file(SandboxProcess::sourcePath(relativePath));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// kubectl prints this when it computes a strategic merge patch from a schema that lacks a field.
bool warnsAboutPatch(const KubectlResult &r)
{
    return r.standardError.contains(QLatin1String("warning"), Qt::CaseInsensitive);
}

// The CRD as first written (tests/data): spec keeps unknown fields, so kube publishes spec in v2
// without its properties.
QByteArray openSpecCrd()
{
    return readSource(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"));
}

QByteArray cvcYaml(const QString &name, const QByteArray &extraSpec, const QByteArray &extraTop = {})
{
    return "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: " + name.toUtf8() + "\n" + extraTop
        + "spec:\n  coin: bitcoin\n  amount: 1\n" + extraSpec;
}

} // namespace

#define KUBECTL_OK(runner, ...)                                                  \
    [&] {                                                                        \
        const KubectlResult r_ = (runner).run(__VA_ARGS__);                      \
        if (!r_.succeeded())                                                     \
            qWarning("%s", qPrintable(r_.describe()));                           \
        return r_;                                                               \
    }()

class TestOpenApiV2 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void crdAndExample();
    void explainCustomResource();
    void explainConfigMap();
    void unknownConfigMapField();
    void unknownCustomResourceFields();
    void reapplyWithoutPatchWarnings();
    void serverDryRun();
    void documentAsJson();
    void documentAsProtobuf();
    void notAcceptable();
    void openSpecAfterCrdChange();

private:
    // kubectl 1.25 and later send ?fieldValidation and let the server validate; 1.20 validates
    // against /openapi/v2 itself.
    bool validatesOnServer() const { return m_minor >= 25; }

    SandboxProcess m_sandbox;
    int m_minor = 0;
};

void TestOpenApiV2::initTestCase()
{
    if (KubectlRunner::kubectlPath().isEmpty())
        QSKIP("no kubectl on this machine");
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult version = KUBECTL_OK(kubectl, {"version", "--client", "-o", "json"});
    const QString minor = QJsonDocument::fromJson(version.standardOutput.toUtf8()).object().value("clientVersion").toObject()
                              .value("minor").toString();
    m_minor = minor.left(minor.indexOf(QRegularExpression("[^0-9]")) < 0 ? minor.size() : minor.indexOf(QRegularExpression("[^0-9]"))).toInt();
    QVERIFY2(m_minor >= 20, qPrintable(version.describe()));
    qInfo("kubectl %s (1.%d)", qPrintable(KubectlRunner::kubectlPath()), m_minor);
}

void TestOpenApiV2::cleanupTestCase()
{
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

// The first step of the write-up, which kubectl 1.20 failed with "the server could not find the
// requested resource" while /openapi/v2 was missing.
void TestOpenApiV2::crdAndExample()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult crd = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::crdPath()});
    QCOMPARE(crd.standardOutput.trimmed(), QStringLiteral("customresourcedefinition.apiextensions.k8s.io/cryptovaluecalculators.crypto.tools created"));
    QVERIFY2(crd.standardError.isEmpty(), qPrintable(crd.describe()));
    const KubectlResult bitcoin = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QCOMPARE(bitcoin.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash created"));
    const KubectlResult get = KUBECTL_OK(kubectl, {"get", "cvc"});
    QCOMPARE(get.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE CHANGE UPDATED", "bitcoin-stash bitcoin 0.0023"}));
}

// spec is closed, so kube publishes its properties in v2 too: every kubectl explains amount,
// 1.20 from /openapi/v2, 1.27+ from /openapi/v3.
void TestOpenApiV2::explainCustomResource()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult spec = KUBECTL_OK(kubectl, {"explain", "cvc.spec"});
    QVERIFY2(spec.standardOutput.contains(QRegularExpression("KIND:\\s+CryptoValueCalculator")), qPrintable(spec.describe()));
    QVERIFY2(spec.standardOutput.contains("What is held."), qPrintable(spec.describe()));

    const KubectlResult amount = KUBECTL_OK(kubectl, {"explain", "cvc.spec.amount"});
    QVERIFY2(amount.succeeded(), qPrintable(amount.describe()));
    QVERIFY2(amount.standardOutput.contains(QRegularExpression("KIND:\\s+CryptoValueCalculator")), qPrintable(amount.describe()));
    QVERIFY2(amount.standardOutput.contains(QRegularExpression("FIELD:\\s+amount <number>")), qPrintable(amount.describe()));
    QVERIFY2(amount.standardOutput.contains("How much of the coin is held, in whole coins"), qPrintable(amount.describe()));
    const KubectlResult top = KUBECTL_OK(kubectl, {"explain", "cvc"});
    QVERIFY2(top.standardOutput.contains("A holding of one crypto coin."), qPrintable(top.describe()));
    QVERIFY2(top.standardOutput.contains(QRegularExpression("metadata\\s+<(Object|ObjectMeta)>")), qPrintable(top.describe()));
}

void TestOpenApiV2::explainConfigMap()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult data = KUBECTL_OK(kubectl, {"explain", "configmap.data"});
    QVERIFY2(data.standardOutput.contains(QRegularExpression("KIND:\\s+ConfigMap")), qPrintable(data.describe()));
    QVERIFY2(data.standardOutput.contains(QRegularExpression("FIELD:\\s+data <map\\[string\\]string>")), qPrintable(data.describe()));
    QVERIFY2(data.standardOutput.contains("Data contains the configuration data."), qPrintable(data.describe()));
    const KubectlResult owner = KUBECTL_OK(kubectl, {"explain", "configmap.metadata.ownerReferences.uid"});
    QVERIFY2(owner.standardOutput.contains(QRegularExpression("FIELD:\\s+uid <string>")), qPrintable(owner.describe()));
    QVERIFY2(owner.standardOutput.contains("UID of the referent."), qPrintable(owner.describe()));
}

// A described built-in kind is closed: kubectl 1.20 refuses the unknown field with kube's
// client-side message. kubectl 1.25+ leave it to the server (fieldValidation=Strict).
void TestOpenApiV2::unknownConfigMapField()
{
    KubectlRunner kubectl(m_sandbox);
    const QByteArray manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1\ndata:\n  colour: blue\nfoo: bar\n";
    const QString strictPath = writeFile(m_sandbox, "cm-unknown.yaml", QByteArray(manifest).replace("%1", "cm-unknown"));
    const KubectlResult strict = kubectl.run({"apply", "-f", strictPath});
    if (validatesOnServer()) {
        QEXPECT_FAIL("", "kube-sandbox keeps unknown fields of built-in kinds (sandbox/README.md); kube-apiserver "
                         "answers 400 \"ConfigMap in version \\\"v1\\\" cannot be handled as a ConfigMap: strict decoding "
                         "error: unknown field \\\"foo\\\"\"",
                     Continue);
        QVERIFY2(!strict.succeeded(), qPrintable(strict.describe()));
        if (strict.succeeded())
            KUBECTL_OK(kubectl, {"delete", "-f", strictPath});
    } else {
        QCOMPARE(strict.exitCode, 1);
        QCOMPARE(strict.standardError.trimmed(),
                 QStringLiteral("error: error validating \"%1\": error validating data: ValidationError(ConfigMap): unknown field "
                                "\"foo\" in io.k8s.api.core.v1.ConfigMap; if you choose to ignore these errors, turn "
                                "validation off with --validate=false")
                     .arg(strictPath));
        QCOMPARE(m_sandbox.request("GET", "/api/v1/namespaces/default/configmaps/cm-unknown").status, 404);
    }

    const QString loosePath = writeFile(m_sandbox, "cm-loose.yaml", QByteArray(manifest).replace("%1", "cm-loose"));
    const KubectlResult loose = KUBECTL_OK(kubectl, {"apply", "--validate=false", "-f", loosePath});
    QCOMPARE(loose.standardOutput.trimmed(), QStringLiteral("configmap/cm-loose created"));
    QCOMPARE(m_sandbox.request("GET", "/api/v1/namespaces/default/configmaps/cm-loose").json().value("data").toObject()
                 .value("colour").toString(),
             QStringLiteral("blue"));
}

// As kube-apiserver with the same kubectl: an unknown field, in spec or at the top, is refused, by
// kubectl 1.20 itself against v2, by the server for kubectl 1.25+; --validate=false lets the server
// prune it.
void TestOpenApiV2::unknownCustomResourceFields()
{
    KubectlRunner kubectl(m_sandbox);
    const QString path = writeFile(m_sandbox, "cvc-colour.yaml", cvcYaml("colourful", "  colour: blue\n"));
    const KubectlResult refused = kubectl.run({"apply", "-f", path});
    QCOMPARE(refused.exitCode, 1);
    if (validatesOnServer()) {
        QCOMPARE(refused.standardError.trimmed(),
                 QStringLiteral("Error from server (BadRequest): error when creating \"%1\": CryptoValueCalculator in version "
                                "\"v1\" cannot be handled as a CryptoValueCalculator: strict decoding error: unknown field "
                                "\"spec.colour\"")
                     .arg(path));
    } else {
        QCOMPARE(refused.standardError.trimmed(),
                 QStringLiteral("error: error validating \"%1\": error validating data: ValidationError(CryptoValueCalculator.spec): "
                                "unknown field \"colour\" in tools.crypto.v1.CryptoValueCalculator.spec; if you choose to ignore "
                                "these errors, turn validation off with --validate=false")
                     .arg(path));
    }
    const KubectlResult loose = KUBECTL_OK(kubectl, {"apply", "--validate=false", "-f", path});
    QCOMPARE(loose.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/colourful created"));
    // Pruned by the server, as kube-apiserver does for a closed schema.
    QVERIFY(!m_sandbox.request("GET", CvcFixtures::object("colourful")).json().value("spec").toObject().contains("colour"));

    const QString topPath = writeFile(m_sandbox, "cvc-top.yaml", cvcYaml("top-level", {}, "foo: 1\n"));
    const KubectlResult top = kubectl.run({"apply", "-f", topPath});
    QCOMPARE(top.exitCode, 1);
    if (validatesOnServer()) {
        QCOMPARE(top.standardError.trimmed(),
                 QStringLiteral("Error from server (BadRequest): error when creating \"%1\": CryptoValueCalculator in version "
                                "\"v1\" cannot be handled as a CryptoValueCalculator: strict decoding error: unknown field \"foo\"")
                     .arg(topPath));
    } else {
        QCOMPARE(top.standardError.trimmed(),
                 QStringLiteral("error: error validating \"%1\": error validating data: ValidationError(CryptoValueCalculator): "
                                "unknown field \"foo\" in tools.crypto.v1.CryptoValueCalculator; if you choose to ignore these "
                                "errors, turn validation off with --validate=false")
                     .arg(topPath));
    }
    QCOMPARE(m_sandbox.request("GET", CvcFixtures::object("top-level")).status, 404);
}

// kubectl computes strategic merge patches for built-ins from /openapi/v2 when the kind is there:
// the described kinds must hold every field the manifests use, the others must be absent. Apply,
// re-apply unchanged, and apply changes to every kind of deploy/base with no warning from kubectl.
void TestOpenApiV2::reapplyWithoutPatchWarnings()
{
    KubectlRunner kubectl(m_sandbox);
    // deployment.yaml sorts before namespace.yaml.
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", SandboxProcess::sourcePath("deploy/base/namespace.yaml")}).succeeded());
    for (const QString &folder : {QStringLiteral("deploy/base"), QStringLiteral("crds"), QStringLiteral("examples")}) {
        for (int round = 0; round < 2; ++round) {
            const KubectlResult applied = KUBECTL_OK(kubectl, {"apply", "-f", SandboxProcess::sourcePath(folder)});
            QVERIFY2(applied.succeeded() && !warnsAboutPatch(applied), qPrintable(applied.describe()));
        }
    }

    // Changed copies: labels added, a list replaced, a scalar changed, in every kind of deploy/base.
    const QString changed = m_sandbox.tempPath() + QStringLiteral("/deploy-changed");
    QVERIFY(QDir().mkpath(changed));
    const QStringList files = QDir(SandboxProcess::sourcePath("deploy/base")).entryList({"*.yaml"});
    for (const QString &file : files) {
        QByteArray text = readSource(QStringLiteral("deploy/base/") + file);
        text.replace("    app.kubernetes.io/name: cvc-operator\n", "    app.kubernetes.io/name: cvc-operator\n    tier: backend\n");
        text.replace("verbs: [\"list\", \"watch\", \"patch\"]", "verbs: [\"get\", \"list\", \"watch\", \"patch\"]");
        text.replace("  replicas: 1\n", "  replicas: 2\n");
        text.replace("REPLACE-WITH-YOUR-COINGECKO-DEMO-KEY", "another-key");
        QVERIFY(CvcFixtures::writeFile(changed + QLatin1Char('/') + file, text));
    }
    const KubectlResult configured = KUBECTL_OK(kubectl, {"apply", "-f", changed});
    QVERIFY2(configured.succeeded() && !warnsAboutPatch(configured), qPrintable(configured.describe()));
    for (const char *object : {"deployment.apps/cvc-operator configured", "namespace/cvc-system configured",
                               "clusterrole.rbac.authorization.k8s.io/cvc-operator configured",
                               "rolebinding.rbac.authorization.k8s.io/cvc-operator-leader-election configured",
                               "serviceaccount/cvc-operator configured", "networkpolicy.networking.k8s.io/cvc-operator-metrics configured"})
        QVERIFY2(configured.standardOutput.contains(QLatin1String(object)), qPrintable(configured.describe() + "\nmissing: " + object));
    const QJsonObject role = m_sandbox.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/cvc-operator").json();
    QCOMPARE(role.value("rules").toArray().first().toObject().value("verbs").toArray(),
             (QJsonArray{"get", "list", "watch", "patch"}));
    QCOMPARE(m_sandbox.request("GET", "/api/v1/namespaces/cvc-system").json().value("metadata").toObject().value("labels").toObject()
                 .value("tier").toString(),
             QStringLiteral("backend"));
    QCOMPARE(m_sandbox.request("GET", "/apis/apps/v1/namespaces/cvc-system/deployments/cvc-operator").json().value("spec").toObject()
                 .value("replicas").toInt(),
             2);
    const KubectlResult again = KUBECTL_OK(kubectl, {"apply", "-f", changed});
    QVERIFY2(again.succeeded() && !warnsAboutPatch(again), qPrintable(again.describe()));
    QVERIFY2(again.standardOutput.contains("clusterrole.rbac.authorization.k8s.io/cvc-operator unchanged"), qPrintable(again.describe()));
}

// kubectl 1.20 asks /openapi/v2 whether each kind's PATCH takes dryRun before a server dry run.
void TestOpenApiV2::serverDryRun()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult dryRun = KUBECTL_OK(kubectl, {"apply", "--dry-run=server", "-f", SandboxProcess::sourcePath("deploy/base")});
    QVERIFY2(dryRun.succeeded() && !warnsAboutPatch(dryRun), qPrintable(dryRun.describe()));
    QVERIFY2(dryRun.standardOutput.contains("deployment.apps/cvc-operator"), qPrintable(dryRun.describe()));
    const KubectlResult create = KUBECTL_OK(kubectl, {"apply", "--dry-run=server", "-f", writeFile(m_sandbox, "cm-dry.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-dry\ndata:\n  a: b\n")});
    QCOMPARE(create.standardOutput.trimmed(), QStringLiteral("configmap/cm-dry created (server dry run)"));
    QCOMPARE(m_sandbox.request("GET", "/api/v1/namespaces/default/configmaps/cm-dry").status, 404);
}

void TestOpenApiV2::documentAsJson()
{
    for (const QByteArray &accept : {QByteArray(), QByteArray("application/json"), QByteArray("*/*"),
                                     QByteArray("application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf;q=0.5")}) {
        const HttpReply reply = m_sandbox.request("GET", "/openapi/v2", {}, {}, accept);
        CVC_VERIFY_HTTP(reply, 200);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
        QVERIFY2(QRegularExpression("^\"[0-9A-F]{128}\"$").match(QString::fromLatin1(reply.header("ETag"))).hasMatch(), reply.header("ETag").constData());
        const QJsonObject doc = reply.json();
        QCOMPARE(doc.value("swagger").toString(), QStringLiteral("2.0"));
        const QJsonObject definitions = doc.value("definitions").toObject();
        const QJsonObject cvc = definitions.value("tools.crypto.v1.CryptoValueCalculator").toObject();
        QCOMPARE(cvc.value("x-kubernetes-group-version-kind").toArray().first().toObject().value("kind").toString(),
                 QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(definitions.value("io.k8s.api.core.v1.ConfigMap").toObject().value("properties").toObject().value("data").toObject()
                     .value("type").toString(),
                 QStringLiteral("object"));
        QVERIFY(!definitions.contains("io.k8s.api.apps.v1.Deployment"));
        QVERIFY(doc.value("paths").toObject().contains("/apis/apps/v1/namespaces/{namespace}/deployments/{name}"));
    }
    // The same bytes again: 304 for a client that has them.
    const HttpReply first = m_sandbox.request("GET", "/openapi/v2");
    const HttpReply cached = m_sandbox.request("GET", "/openapi/v2", {}, {}, "application/json", {{"If-None-Match", first.header("ETag")}});
    CVC_VERIFY_HTTP(cached, 304);
    QVERIFY(cached.body.isEmpty());
}

void TestOpenApiV2::documentAsProtobuf()
{
    const HttpReply reply = m_sandbox.request("GET", "/openapi/v2", {}, {}, kProtobuf);
    CVC_VERIFY_HTTP(reply, 200);
    QCOMPARE(reply.header("Content-Type"), kProtobufAnswer);
    const HttpReply json = m_sandbox.request("GET", "/openapi/v2");
    QVERIFY(!reply.header("ETag").isEmpty() && reply.header("ETag") != json.header("ETag"));
    openapi::v2::Document document;
    QVERIFY2(document.ParseFromString(reply.body.toStdString()), "not an openapi.v2.Document");
    QCOMPARE(QString::fromStdString(document.swagger()), QStringLiteral("2.0"));
    QCOMPARE(document.definitions().additional_properties_size(), json.json().value("definitions").toObject().size());
    QString gvk;
    for (const auto &named : document.definitions().additional_properties()) {
        if (named.name() != "tools.crypto.v1.CryptoValueCalculator")
            continue;
        for (const auto &extension : named.value().vendor_extension()) {
            if (extension.name() == "x-kubernetes-group-version-kind")
                gvk = QString::fromStdString(extension.value().yaml());
        }
    }
    QCOMPARE(gvk, QStringLiteral("- group: crypto.tools\n  kind: CryptoValueCalculator\n  version: v1\n"));
    QCOMPARE(document.paths().path_size(), json.json().value("paths").toObject().size());
}

void TestOpenApiV2::notAcceptable()
{
    CVC_VERIFY_STATUS(m_sandbox.request("GET", "/openapi/v2", {}, {}, "text/html"), 406, QStringLiteral("NotAcceptable"));
    CVC_VERIFY_STATUS(m_sandbox.request("GET", "/openapi/v2", {}, {}, "application/vnd.kubernetes.protobuf"), 406,
                      QStringLiteral("NotAcceptable"));
    // client-go 1.20 tries this older path after a 404 or 406; kube-apiserver no longer serves it.
    CVC_VERIFY_STATUS(m_sandbox.request("GET", "/swagger-2.0.0.pb-v1", {}, {}, kProtobuf), 404, QStringLiteral("NotFound"));
}

// Changing the CRD changes /openapi/v2 at once. With the CRD as first written (spec keeps unknown
// fields) kube publishes spec without its properties: every kubectl accepts an unknown spec field
// and the server keeps it.
void TestOpenApiV2::openSpecAfterCrdChange()
{
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start({"--preload", CvcFixtures::crdPath()}), qPrintable(sandbox.errorString()));
    KubectlRunner kubectl(sandbox);
    const QByteArray before = sandbox.request("GET", "/openapi/v2", {}, {}, kProtobuf).header("ETag");
    const QByteArray crd = openSpecCrd();
    QVERIFY(!crd.isEmpty());
    const KubectlResult changed = KUBECTL_OK(kubectl, {"apply", "-f", writeFile(sandbox, "open-crd.yaml", crd)});
    QCOMPARE(changed.standardOutput.trimmed(), QStringLiteral("customresourcedefinition.apiextensions.k8s.io/cryptovaluecalculators.crypto.tools configured"));
    const HttpReply after = sandbox.request("GET", "/openapi/v2");
    QVERIFY(sandbox.request("GET", "/openapi/v2", {}, {}, kProtobuf).header("ETag") != before);
    const QJsonObject spec = after.json().value("definitions").toObject().value("tools.crypto.v1.CryptoValueCalculator").toObject()
                                 .value("properties").toObject().value("spec").toObject();
    QVERIFY2(!spec.contains("properties"), qPrintable(QJsonDocument(spec).toJson()));

    const QString path = writeFile(sandbox, "cvc-open.yaml", cvcYaml("open", "  colour: blue\n"));
    const KubectlResult open = KUBECTL_OK(kubectl, {"apply", "-f", path});
    QCOMPARE(open.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/open created"));
    QCOMPARE(sandbox.request("GET", CvcFixtures::object("open")).json().value("spec").toObject().value("colour").toString(),
             QStringLiteral("blue"));
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestOpenApiV2)
#include "tst_openapiv2.moc"
