// Real kubectl against kube-sandbox (kube-api.md §1.8 flows; §7 checks 6–9, 12, 21, 36): the
// original write-up's flow verbatim with the project CRD and with the original CRD, apply/re-apply,
// server-side apply, replace, patch types, delete with finalizers, errors as kubectl prints them,
// a Deployment and a ClusterRole, and `kubectl get -w`. Every test function uses its own
// KubectlRunner, i.e. a fresh HOME and KUBECACHEDIR.
#include "backgroundkubectl.h"
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QVersionNumber>

#include <algorithm>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
// A file in the sandbox's private directory, for kubectl -f.
QString writeFile(const SandboxProcess &sandbox, const QString &name, const QByteArray &content)
{
    const QString path = sandbox.tempPath() + QLatin1Char('/') + name;
    CvcFixtures::writeFile(path, content);
    return path;
}

QByteArray cvcYaml(const QString &name, const QString &coin, const QString &amount)
{
    return QStringLiteral("apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: %1\nspec:\n  coin: %2\n  amount: %3\n")
        .arg(name, coin, amount)
        .toUtf8();
}
} // namespace

// One kubectl command that must succeed; its result is returned for output checks.
#define KUBECTL_OK(runner, ...)                                                  \
    [&] {                                                                        \
        const KubectlResult r_ = (runner).run(__VA_ARGS__);                      \
        if (!r_.succeeded())                                                     \
            qWarning("%s", qPrintable(r_.describe()));                           \
        return r_;                                                               \
    }()

class TestKubectl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writeUpFlow();
    void writeUpFlowWithOriginalCrd();
    void applyUnchanged();
    void applyConfigured();
    void wideAndAllNamespaces();
    void outputYaml();
    void apiResources();
    void patchTypes();
    void serverSideApply();
    void replace();
    void errors();
    void deleteWaitsForFinalizers();
    void getWatch();
    void printedValues();
    void labelsAndSorting();
    void crdWithoutColumns();
    void waitDiffExplain();
    void folderAndMultiDocument();
    void namespaceLifecycle();
    void builtinsWithStrategicMerge();
    void deploymentAndClusterRole();
    void watchEndsWhenDropped();
    void everydayCommands();

private:
    QJsonObject get(const QString &name);
    int openWatches() { return m_sandbox.stats().value("openWatches").toInt(); }
    int patchRequests() { return m_sandbox.stats().value("requestsByVerb").toObject().value("PATCH").toInt(); }
    SandboxProcess m_sandbox;
    QVersionNumber m_version;   // kubectl's own: only its output differs by version, never the server's
};

void TestKubectl::initTestCase()
{
    // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    m_version = KubectlRunner::clientVersion();
    QVERIFY2(!m_version.isNull(), qPrintable(KubectlRunner::kubectlPath() + QStringLiteral(" version --client failed")));
    qInfo("kubectl %s (%s)", qPrintable(m_version.toString()), qPrintable(KubectlRunner::kubectlPath()));
    // Empty on purpose: the write-up flow applies the CRD with kubectl itself.
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
}

void TestKubectl::cleanupTestCase()
{
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

QJsonObject TestKubectl::get(const QString &name)
{
    return m_sandbox.request("GET", CvcFixtures::object(name)).json();
}

// The original write-up, verbatim, plus checks 6 and 9.
void TestKubectl::writeUpFlow()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult crd = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::crdPath()});
    QVERIFY2(crd.succeeded(), qPrintable(crd.describe()));
    QCOMPARE(crd.standardOutput.trimmed(), QStringLiteral("customresourcedefinition.apiextensions.k8s.io/cryptovaluecalculators.crypto.tools created"));

    const KubectlResult established = KUBECTL_OK(kubectl, {"get", "crd", "cryptovaluecalculators.crypto.tools", "-o",
                                                           "jsonpath={.status.conditions[?(@.type==\"Established\")].status}"});
    QVERIFY2(established.succeeded(), qPrintable(established.describe()));
    QCOMPARE(established.standardOutput.trimmed(), QStringLiteral("True"));

    const KubectlResult bitcoin = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QVERIFY2(bitcoin.succeeded(), qPrintable(bitcoin.describe()));
    QCOMPARE(bitcoin.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash created"));
    const KubectlResult ethereum = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QVERIFY2(ethereum.succeeded(), qPrintable(ethereum.describe()));
    QCOMPARE(ethereum.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum created"));

    const KubectlResult get = KUBECTL_OK(kubectl, {"get", "cvc"});
    QVERIFY2(get.succeeded(), qPrintable(get.describe()));
    // Not valued yet: VALUE, CHANGE and UPDATED are empty, so each row is just name, coin, amount.
    QCOMPARE(get.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE CHANGE UPDATED", "bitcoin-stash bitcoin 0.0023",
                                            "lump-of-ethereum ethereum 1.47"}));
}

// The same flow against a cluster that still has the CRD as first written (no status subresource).
void TestKubectl::writeUpFlowWithOriginalCrd()
{
    SandboxProcess original;
    QVERIFY2(original.start(), qPrintable(original.errorString()));
    KubectlRunner kubectl(original);
    const KubectlResult crd = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::originalCrdPath()});
    QVERIFY2(crd.succeeded(), qPrintable(crd.describe()));
    QVERIFY(crd.standardOutput.contains("cryptovaluecalculators.crypto.tools created"));
    for (const char *file : {"bitcoin.yaml", "ethereum.yaml"}) {
        const KubectlResult applied = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath(QLatin1String(file))});
        QVERIFY2(applied.succeeded() && applied.standardOutput.contains(" created"), qPrintable(applied.describe()));
    }
    const KubectlResult get = KUBECTL_OK(kubectl, {"get", "cvc"});
    QVERIFY2(get.succeeded(), qPrintable(get.describe()));
    QCOMPARE(get.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE", "bitcoin-stash bitcoin 0.0023", "lump-of-ethereum ethereum 1.47"}));
    // Without the subresource there is no /status endpoint.
    QCOMPARE(original.request("GET", CvcFixtures::object("bitcoin-stash") + "/status").status, 404);
    QCOMPARE(original.stop(), 0);
}

// Check 7.
void TestKubectl::applyUnchanged()
{
    KubectlRunner kubectl(m_sandbox);
    const QString path = writeFile(m_sandbox, "twice.yaml", cvcYaml("twice", "bitcoin", "0.5"));
    const KubectlResult first = KUBECTL_OK(kubectl, {"apply", "-f", path});
    QCOMPARE(first.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/twice created"));
    const QString rv = CvcFixtures::resourceVersion(get("twice"));
    const int patchesBefore = patchRequests();
    const KubectlResult second = KUBECTL_OK(kubectl, {"apply", "-f", path});
    QCOMPARE(second.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/twice unchanged"));
    QCOMPARE(CvcFixtures::resourceVersion(get("twice")), rv);
    QCOMPARE(patchRequests(), patchesBefore);   // the second run sent no PATCH
}

// Check 8.
void TestKubectl::applyConfigured()
{
    KubectlRunner kubectl(m_sandbox);
    const QString path = writeFile(m_sandbox, "changed.yaml", cvcYaml("changed", "ethereum", "1"));
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", path}).succeeded());
    const QJsonObject before = get("changed");
    QCOMPARE(before.value("metadata").toObject().value("generation").toInt(), 1);

    writeFile(m_sandbox, "changed.yaml", cvcYaml("changed", "ethereum", "1.5"));
    const int patchesBefore = patchRequests();
    const QJsonObject writesBefore = m_sandbox.stats().value("writesByFieldManager").toObject();
    const KubectlResult reapplied = KUBECTL_OK(kubectl, {"apply", "-f", path});
    QCOMPARE(patchRequests(), patchesBefore + 1);
    QCOMPARE(m_sandbox.stats().value("writesByFieldManager").toObject().value("kubectl-client-side-apply").toInt(),
             writesBefore.value("kubectl-client-side-apply").toInt() + 1);
    QCOMPARE(reapplied.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/changed configured"));
    const QJsonObject after = get("changed");
    QCOMPARE(after.value("spec").toObject().value("amount").toDouble(), 1.5);
    QCOMPARE(after.value("metadata").toObject().value("generation").toInt(), 2);
    QVERIFY(CvcFixtures::resourceVersion(after) != CvcFixtures::resourceVersion(before));
    const QString lastApplied = after.value("metadata").toObject().value("annotations").toObject()
                                    .value("kubectl.kubernetes.io/last-applied-configuration").toString();
    QCOMPARE(QJsonDocument::fromJson(lastApplied.toUtf8()).object().value("spec").toObject().value("amount").toDouble(), 1.5);
}

// Check 9, the wide part, and the NAMESPACE column of -A.
void TestKubectl::wideAndAllNamespaces()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult wide = KUBECTL_OK(kubectl, {"get", "cvc", "bitcoin-stash", "-o", "wide"});
    QVERIFY2(wide.succeeded(), qPrintable(wide.describe()));
    QCOMPARE(wide.tableLines().value(0), QStringLiteral("NAME COIN AMOUNT VALUE CHANGE UPDATED PRICE SOURCE READY P&L"));
    QCOMPARE(wide.tableLines().value(1), QStringLiteral("bitcoin-stash bitcoin 0.0023"));

    const KubectlResult all = KUBECTL_OK(kubectl, {"get", "cvc", "-A"});
    QVERIFY2(all.succeeded(), qPrintable(all.describe()));
    QCOMPARE(all.tableLines().value(0), QStringLiteral("NAMESPACE NAME COIN AMOUNT VALUE CHANGE UPDATED"));
    QVERIFY2(all.tableLines().contains(QStringLiteral("default bitcoin-stash bitcoin 0.0023")), qPrintable(all.describe()));

    const KubectlResult empty = kubectl.run({"get", "cvc", "-n", "kube-public"});
    QVERIFY2(empty.succeeded(), qPrintable(empty.describe()));
    QCOMPARE(empty.standardError.trimmed(), QStringLiteral("No resources found in kube-public namespace."));
}

// Check 12.
void TestKubectl::outputYaml()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult yaml = KUBECTL_OK(kubectl, {"get", "cvc", "-o", "yaml"});
    QVERIFY2(yaml.succeeded(), qPrintable(yaml.describe()));
    QVERIFY2(yaml.standardOutput.contains(QRegularExpression("(^|\\n)kind: List\\n")), qPrintable(yaml.describe()));
    QVERIFY2(yaml.standardOutput.contains(QRegularExpression("creationTimestamp: \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"")),
             qPrintable(yaml.describe()));
    for (const char *field : {"    uid: ", "    generation: ", "    resourceVersion: "})
        QVERIFY2(yaml.standardOutput.contains(QLatin1String(field)), field);

    const KubectlResult json = KUBECTL_OK(kubectl, {"get", "cvc", "bitcoin-stash", "-o", "json"});
    const QJsonObject metadata = QJsonDocument::fromJson(json.standardOutput.toUtf8()).object().value("metadata").toObject();
    QVERIFY2(QRegularExpression("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$").match(metadata.value("uid").toString()).hasMatch(),
             qPrintable(json.describe()));
}

void TestKubectl::apiResources()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult resources = KUBECTL_OK(kubectl, {"api-resources", "--api-group=crypto.tools"});
    QVERIFY2(resources.succeeded(), qPrintable(resources.describe()));
    QCOMPARE(resources.tableLines(), (QStringList{"NAME SHORTNAMES APIVERSION NAMESPACED KIND",
                                                  "cryptovaluecalculators cvc,cvcs crypto.tools/v1 true CryptoValueCalculator"}));
}

// Check 21 and flow 1.8.6.
void TestKubectl::patchTypes()
{
    KubectlRunner kubectl(m_sandbox);
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "patched.yaml", cvcYaml("patched", "dogecoin", "10"))}).succeeded());

    const KubectlResult strategic = kubectl.run({"patch", "cvc", "patched", "-p", R"({"spec":{"amount":11}})"});
    QVERIFY2(!strategic.succeeded(), qPrintable(strategic.describe()));
    // The server's Status message, as every kubectl prints it; newer ones put what they tried first.
    QVERIFY2(strategic.standardError.contains(
                 "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, "
                 "application/merge-patch+json, application/apply-patch+yaml"),
             qPrintable(strategic.describe()));
    if (m_version >= QVersionNumber(1, 27))
        QVERIFY2(strategic.standardError.contains(
                     "application/strategic-merge-patch+json is not supported by crypto.tools/v1, Kind=CryptoValueCalculator: "),
                 qPrintable(strategic.describe()));
    else
        QVERIFY2(strategic.standardError.startsWith("Error from server (UnsupportedMediaType): "), qPrintable(strategic.describe()));

    const KubectlResult merge = KUBECTL_OK(kubectl, {"patch", "cvc", "patched", "--type=merge", "-p", R"({"spec":{"amount":12}})"});
    QCOMPARE(merge.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/patched patched"));
    const KubectlResult json = KUBECTL_OK(kubectl, {"patch", "cvc", "patched", "--type=json", "-p", R"([{"op":"replace","path":"/spec/amount","value":13}])"});
    QCOMPARE(json.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/patched patched"));
    QCOMPARE(get("patched").value("spec").toObject().value("amount").toDouble(), 13.0);

    // --subresource came in kubectl 1.24; the status subresource itself is tst_writes' to check.
    if (m_version < QVersionNumber(1, 24))
        return;
    const KubectlResult status = KUBECTL_OK(kubectl, {"patch", "cvc", "patched", "--subresource=status", "--type=merge", "-p",
                                                      R"({"status":{"change":"+1.0%"}})"});
    QVERIFY2(status.succeeded(), qPrintable(status.describe()));
    QCOMPARE(get("patched").value("status").toObject().value("change").toString(), QStringLiteral("+1.0%"));
}

// Flow 1.8.3.
void TestKubectl::serverSideApply()
{
    KubectlRunner kubectl(m_sandbox);
    const QString path = writeFile(m_sandbox, "ssa.yaml", cvcYaml("server-side", "shiba-inu", "1000"));
    const KubectlResult created = KUBECTL_OK(kubectl, {"apply", "--server-side", "-f", path});
    QCOMPARE(created.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/server-side serverside-applied"));
    writeFile(m_sandbox, "ssa.yaml", cvcYaml("server-side", "shiba-inu", "2000"));
    const KubectlResult updated = KUBECTL_OK(kubectl, {"apply", "--server-side", "-f", path});
    QCOMPARE(updated.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/server-side serverside-applied"));
    QCOMPARE(get("server-side").value("spec").toObject().value("amount").toDouble(), 2000.0);

    // An object first written by client-side apply, then applied server-side (kubectl's migration path).
    const QString migrated = writeFile(m_sandbox, "migrated.yaml", cvcYaml("migrated", "bitcoin", "1"));
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", migrated}).succeeded());
    const KubectlResult migration = KUBECTL_OK(kubectl, {"apply", "--server-side", "-f", migrated});
    QVERIFY2(migration.succeeded(), qPrintable(migration.describe()));
}

// Flow 1.8.8.
void TestKubectl::replace()
{
    KubectlRunner kubectl(m_sandbox);
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "replaced.yaml", cvcYaml("replaced", "bitcoin", "1"))}).succeeded());
    const KubectlResult replaced = KUBECTL_OK(kubectl, {"replace", "-f", writeFile(m_sandbox, "replaced2.yaml", cvcYaml("replaced", "bitcoin", "2"))});
    QCOMPARE(replaced.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/replaced replaced"));
    QCOMPARE(get("replaced").value("spec").toObject().value("amount").toDouble(), 2.0);
}

// Flow 1.8.9: Status bodies as kubectl renders them.
void TestKubectl::errors()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult missing = kubectl.run({"get", "cvc", "nope"});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.standardError.trimmed(), QStringLiteral("Error from server (NotFound): cryptovaluecalculators.crypto.tools \"nope\" not found"));

    const QString bad = writeFile(m_sandbox, "bad.yaml",
                                  "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: bad\nspec:\n  coin: litecoin\n");
    // kubectl before 1.25 validates against /openapi/v2 itself, so the CRD's schema reaches it there
    // first; --validate=false leaves it to the server, as newer kubectls do by default.
    if (m_version < QVersionNumber(1, 25)) {
        const KubectlResult local = kubectl.run({"apply", "-f", bad});
        QCOMPARE(local.exitCode, 1);
        QVERIFY2(local.standardError.contains("error validating data: ValidationError(CryptoValueCalculator.spec): missing required "
                                              "field \"amount\" in tools.crypto.v1.CryptoValueCalculator.spec"),
                 qPrintable(local.describe()));
    }
    const KubectlResult invalid = kubectl.run({"apply", "--validate=false", "-f", bad});
    QCOMPARE(invalid.exitCode, 1);
    QVERIFY2(invalid.standardError.contains("The CryptoValueCalculator \"bad\" is invalid: "), qPrintable(invalid.describe()));
    QVERIFY2(invalid.standardError.contains("* spec.coin: Unsupported value: \"litecoin\": supported values: \"bitcoin\", \"ethereum\", "
                                            "\"dogecoin\", \"shiba-inu\""),
             qPrintable(invalid.describe()));
    QVERIFY2(invalid.standardError.contains("* spec.amount: Required value"), qPrintable(invalid.describe()));

    const KubectlResult exists = kubectl.run({"create", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QCOMPARE(exists.exitCode, 1);
    QVERIFY2(exists.standardError.contains("Error from server (AlreadyExists): error when creating \"" + CvcFixtures::examplePath("bitcoin.yaml")
                                           + "\": cryptovaluecalculators.crypto.tools \"bitcoin-stash\" already exists"),
             qPrintable(exists.describe()));
}

// Flow 1.8.7: kubectl delete waits (list + watch with bookmarks) until the finalizer is gone.
void TestKubectl::deleteWaitsForFinalizers()
{
    KubectlRunner kubectl(m_sandbox);
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "plain.yaml", cvcYaml("plain", "bitcoin", "1"))}).succeeded());
    const KubectlResult plain = KUBECTL_OK(kubectl, {"delete", "cvc", "plain"});
    QCOMPARE(plain.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools \"plain\" deleted"));

    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "held.yaml", cvcYaml("held", "bitcoin", "1"))}).succeeded());
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("held"), R"({"metadata":{"finalizers":["crypto.tools/cleanup"]}})",
                                      "application/merge-patch+json"),
                    200);
    const KubectlResult dryRun = KUBECTL_OK(kubectl, {"delete", "cvc", "held", "--dry-run=server"});
    QVERIFY2(dryRun.succeeded(), qPrintable(dryRun.describe()));
    QVERIFY(get("held").value("metadata").toObject().value("deletionTimestamp").isUndefined());

    std::unique_ptr<BackgroundKubectl> deletion(kubectl.startBackground({"delete", "cvc", "held"}));
    // kubectl prints "deleted" only when the object is gone; first wait until the server marked it.
    QTRY_VERIFY_WITH_TIMEOUT(!get("held").value("metadata").toObject().value("deletionTimestamp").toString().isEmpty(), 20000);
    QVERIFY2(deletion->isRunning(), qPrintable(deletion->describe()));
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("held"), R"({"metadata":{"finalizers":null}})", "application/merge-patch+json"), 200);
    QVERIFY2(deletion->waitForFinished(20000), qPrintable(deletion->describe()));
    QCOMPARE(deletion->exitCode(), 0);
    QVERIFY2(deletion->standardOutput().contains("cryptovaluecalculator.crypto.tools \"held\" deleted"), qPrintable(deletion->describe()));
}

// Check 36.
void TestKubectl::getWatch()
{
    KubectlRunner kubectl(m_sandbox);
    // Flow 1.8.5: a collection watch from the Table's RV, and a single-object watch by field selector.
    // The status patch must come after both watches are open: the single-object watch starts at
    // resourceVersion 0, and kubectl does not print a change that only shows up in its initial event.
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), 0, 15000);
    std::unique_ptr<BackgroundKubectl> watchOne(kubectl.startBackground({"get", "cvc", "lump-of-ethereum", "-w"}));
    std::unique_ptr<BackgroundKubectl> watchAll(kubectl.startBackground({"get", "cvc", "-w"}));
    QVERIFY2(watchAll->waitForOutput("lump-of-ethereum"), qPrintable(watchAll->describe()));
    QVERIFY2(watchAll->waitForLines(2), qPrintable(watchAll->describe()));
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), 2, 15000);
    const int linesBefore = watchAll->outputLines().size();
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("lump-of-ethereum") + "/status",
                                      R"({"status":{"change":"+2.5%","price":3100.5}})", "application/merge-patch+json"),
                    200);
    QVERIFY2(watchAll->waitForOutput("+2.5%"), qPrintable(watchAll->describe()));
    QVERIFY(watchAll->outputLines().size() > linesBefore);
    QVERIFY2(watchAll->outputLines().last().startsWith(QStringLiteral("lump-of-ethereum ethereum 1.47 +2.5%")),
             qPrintable(watchAll->describe()));
    QVERIFY2(watchAll->isRunning(), qPrintable(watchAll->describe()));
    QVERIFY2(watchOne->waitForOutput("+2.5%"), qPrintable(watchOne->describe()));
    QVERIFY2(!watchOne->standardOutput().contains("bitcoin-stash"), qPrintable(watchOne->describe()));
}

// §1.7: cells as kubectl prints them: the value annotation, status fields, an age from a date
// column, integral amounts without exponent, the wide-only PRICE, SOURCE, READY (the Ready
// condition's status, picked from the conditions list by a JSONPath filter) and P&L.
void TestKubectl::printedValues()
{
    KubectlRunner kubectl(m_sandbox);
    for (const char *file : {"dogecoin.yaml", "shiba-inu.yaml"}) {
        const KubectlResult applied = KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath(QLatin1String(file))});
        QVERIFY2(applied.succeeded(), qPrintable(applied.describe()));
    }
    const KubectlResult annotated = KUBECTL_OK(kubectl, {"annotate", "cvc", "bitcoin-stash", "value=$94.8106"});
    // What kubectl prints for it is tst_kubectlmatrix::labelAndAnnotate's (1.27 says "annotate").
    QVERIFY2(annotated.standardOutput.startsWith("cryptovaluecalculator.crypto.tools/bitcoin-stash annotate"), qPrintable(annotated.describe()));
    // 45m30s ago renders as "45m" (HumanDuration: whole minutes between 10 minutes and 3 hours).
    const QString updated = QDateTime::currentDateTimeUtc().addSecs(-(45 * 60 + 30)).toString(Qt::ISODate);
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("bitcoin-stash") + "/status",
                                      QStringLiteral(R"({"status":{"change":"+1.2%","price":41223.5,"priceSource":"coingecko","profitLoss":-5.6894,"lastUpdated":"%1",)"
                                                     R"("conditions":[{"type":"PriceStale","status":"False","reason":"PriceFresh","message":"fresh","lastTransitionTime":"%1"},)"
                                                     R"({"type":"Ready","status":"True","reason":"Valued","message":"valued","lastTransitionTime":"%1"}]}})")
                                          .arg(updated).toUtf8(),
                                      "application/merge-patch+json"),
                    200);

    const KubectlResult wide = KUBECTL_OK(kubectl, {"get", "cvc", "bitcoin-stash", "doge-jar", "shiba-pile", "-o", "wide"});
    QVERIFY2(wide.succeeded(), qPrintable(wide.describe()));
    QCOMPARE(wide.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE CHANGE UPDATED PRICE SOURCE READY P&L",
                                             "bitcoin-stash bitcoin 0.0023 $94.8106 +1.2% 45m 41223.5 coingecko True -5.6894",
                                             "doge-jar dogecoin 1200", "shiba-pile shiba-inu 2500000"}));

    const KubectlResult names = KUBECTL_OK(kubectl, {"get", "cvc", "doge-jar", "-o", "name"});
    QCOMPARE(names.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar"));
    const KubectlResult jsonPath = KUBECTL_OK(kubectl, {"get", "cvc", "shiba-pile", "-o", "jsonpath={.spec.amount}"});
    QCOMPARE(jsonPath.standardOutput.trimmed(), QStringLiteral("2500000"));
}

// Rows carry object metadata, so -l, -L, --show-labels and --sort-by work.
void TestKubectl::labelsAndSorting()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult labelled = KUBECTL_OK(kubectl, {"label", "cvc", "doge-jar", "tier=gold"});
    QCOMPARE(labelled.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar labeled"));
    const KubectlResult selected = KUBECTL_OK(kubectl, {"get", "cvc", "-l", "tier=gold", "-o", "name"});
    QCOMPARE(selected.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar"));
    const KubectlResult columns = KUBECTL_OK(kubectl, {"get", "cvc", "doge-jar", "-L", "tier", "--show-labels"});
    QCOMPARE(columns.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE CHANGE UPDATED TIER LABELS", "doge-jar dogecoin 1200 gold tier=gold"}));

    // Sorting by .spec.amount would mix int64 and float64 cells, which kubectl's sorter refuses on
    // any server; sort by coin.
    const KubectlResult sorted = KUBECTL_OK(kubectl, {"get", "cvc", "--sort-by=.spec.coin", "-o", "custom-columns=COIN:.spec.coin", "--no-headers"});
    QVERIFY2(sorted.succeeded(), qPrintable(sorted.describe()));
    const QStringList coins = sorted.tableLines();
    QStringList expected = coins;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(coins, expected);
    QVERIFY2(coins.size() >= 4 && coins.first() == QLatin1String("bitcoin") && coins.last() == QLatin1String("shiba-inu"), qPrintable(sorted.describe()));
}

// §1.7: a CRD without printer columns gets exactly NAME and AGE; CRDs print NAME and CREATED AT.
void TestKubectl::crdWithoutColumns()
{
    KubectlRunner kubectl(m_sandbox);
    const QByteArray crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: plains.example.test\n"
                           "spec:\n  group: example.test\n  scope: Namespaced\n  names:\n    kind: Plain\n    plural: plains\n"
                           "  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n"
                           "        type: object\n        x-kubernetes-preserve-unknown-fields: true\n";
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "plain-crd.yaml", crd)}).succeeded());
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "plain.yaml", "apiVersion: example.test/v1\nkind: Plain\nmetadata:\n  name: p1\n")})
                .succeeded());
    const KubectlResult plains = KUBECTL_OK(kubectl, {"get", "plains"});
    QVERIFY2(plains.succeeded(), qPrintable(plains.describe()));
    QCOMPARE(plains.tableLines().value(0), QStringLiteral("NAME AGE"));
    QVERIFY2(QRegularExpression("^p1 \\d+s$").match(plains.tableLines().value(1)).hasMatch(), qPrintable(plains.describe()));

    const KubectlResult crds = KUBECTL_OK(kubectl, {"get", "crd"});
    QCOMPARE(crds.tableLines().value(0), QStringLiteral("NAME CREATED AT"));
    QVERIFY2(crds.standardOutput.contains(QRegularExpression("cryptovaluecalculators\\.crypto\\.tools\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")),
             qPrintable(crds.describe()));
    // kubectl waits until the CRD is gone; bound that wait well below the test's timeout.
    kubectl.setTimeout(20000);
    const KubectlResult deleted = kubectl.run({"delete", "-f", writeFile(m_sandbox, "plain-crd.yaml", crd)});
    QVERIFY2(deleted.succeeded(), qPrintable(deleted.describe()));
    QVERIFY2(deleted.standardOutput.contains("customresourcedefinition.apiextensions.k8s.io \"plains.example.test\" deleted"), qPrintable(deleted.describe()));
}

// kubectl wait, diff (a dry-run PATCH) and explain (OpenAPI v3 schemas).
void TestKubectl::waitDiffExplain()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult wait = KUBECTL_OK(kubectl, {"wait", "--for=condition=Established", "crd/cryptovaluecalculators.crypto.tools", "--timeout=20s"});
    QCOMPARE(wait.standardOutput.trimmed(), QStringLiteral("customresourcedefinition.apiextensions.k8s.io/cryptovaluecalculators.crypto.tools condition met"));

    const QString rv = CvcFixtures::resourceVersion(get("lump-of-ethereum"));
    const KubectlResult same = kubectl.run({"diff", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QVERIFY2(same.exitCode == 0 && same.standardOutput.isEmpty(), qPrintable(same.describe()));
    const QString changed = writeFile(m_sandbox, "ethereum-more.yaml", cvcYaml("lump-of-ethereum", "ethereum", "2.5"));
    const KubectlResult diff = kubectl.run({"diff", "-f", changed});
    QVERIFY2(diff.exitCode == 1, qPrintable(diff.describe()));
    QVERIFY2(diff.standardOutput.contains("-  amount: 1.47") && diff.standardOutput.contains("+  amount: 2.5"), qPrintable(diff.describe()));
    QCOMPARE(CvcFixtures::resourceVersion(get("lump-of-ethereum")), rv);

    const KubectlResult explain = KUBECTL_OK(kubectl, {"explain", "cvc.spec"});
    QVERIFY2(explain.succeeded(), qPrintable(explain.describe()));
    QVERIFY2(explain.standardOutput.contains("KIND:       CryptoValueCalculator") || explain.standardOutput.contains("KIND:     CryptoValueCalculator"),
             qPrintable(explain.describe()));
    QVERIFY2(explain.standardOutput.contains(QRegularExpression("coin\\s+<string>")), qPrintable(explain.describe()));
    QVERIFY2(explain.standardOutput.contains(QRegularExpression("amount\\s+<number>")), qPrintable(explain.describe()));
}

// `kubectl apply -f <folder>` and a multi-document file; `delete -l`.
void TestKubectl::folderAndMultiDocument()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult folder = KUBECTL_OK(kubectl, {"apply", "-f", SandboxProcess::sourcePath("examples")});
    QVERIFY2(folder.succeeded(), qPrintable(folder.describe()));
    QCOMPARE(folder.tableLines().size(), 4);
    QVERIFY2(folder.standardOutput.contains("cryptovaluecalculator.crypto.tools/bitcoin-stash unchanged")
                 || folder.standardOutput.contains("cryptovaluecalculator.crypto.tools/bitcoin-stash configured"),
             qPrintable(folder.describe()));

    const QString multi = writeFile(m_sandbox, "multi.yaml",
                                    cvcYaml("multi-a", "bitcoin", "1") + "---\n" + cvcYaml("multi-b", "ethereum", "2").replace("name: multi-b", "name: multi-b\n  labels:\n    batch: multi")
                                        + "---\n" + cvcYaml("multi-c", "dogecoin", "3").replace("name: multi-c", "name: multi-c\n  labels:\n    batch: multi"));
    const KubectlResult applied = KUBECTL_OK(kubectl, {"apply", "-f", multi});
    QCOMPARE(applied.tableLines(), (QStringList{"cryptovaluecalculator.crypto.tools/multi-a created", "cryptovaluecalculator.crypto.tools/multi-b created",
                                                "cryptovaluecalculator.crypto.tools/multi-c created"}));
    const KubectlResult deleted = KUBECTL_OK(kubectl, {"delete", "cvc", "-l", "batch=multi"});
    QCOMPARE(deleted.tableLines(), (QStringList{"cryptovaluecalculator.crypto.tools \"multi-b\" deleted", "cryptovaluecalculator.crypto.tools \"multi-c\" deleted"}));
    QCOMPARE(m_sandbox.request("GET", CvcFixtures::object("multi-a")).status, 200);
    QCOMPARE(m_sandbox.request("GET", CvcFixtures::object("multi-b")).status, 404);
}

// Namespaces through kubectl: apply, use with -n, delete (which takes the objects with it).
void TestKubectl::namespaceLifecycle()
{
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult created = KUBECTL_OK(kubectl, {"apply", "-f", writeFile(m_sandbox, "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n")});
    QCOMPARE(created.standardOutput.trimmed(), QStringLiteral("namespace/team-a created"));
    const KubectlResult list = KUBECTL_OK(kubectl, {"get", "namespaces", "team-a"});
    QVERIFY2(QRegularExpression("^team-a Active \\d+s$").match(list.tableLines().value(1)).hasMatch(), qPrintable(list.describe()));
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-n", "team-a", "-f", CvcFixtures::examplePath("bitcoin.yaml")}).succeeded());
    const KubectlResult inTeam = KUBECTL_OK(kubectl, {"get", "cvc", "-n", "team-a", "-o", "name"});
    QCOMPARE(inTeam.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash"));

    const KubectlResult missing = kubectl.run({"apply", "-n", "nowhere", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.standardError.contains("namespaces \"nowhere\" not found"), qPrintable(missing.describe()));

    const KubectlResult deleted = KUBECTL_OK(kubectl, {"delete", "namespace", "team-a"});
    QVERIFY2(deleted.succeeded(), qPrintable(deleted.describe()));
    QCOMPARE(deleted.standardOutput.trimmed(), QStringLiteral("namespace \"team-a\" deleted"));
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox.request("GET", CvcFixtures::object("bitcoin-stash", "team-a")).status, 404, 10000);
}

// Flow 1.8.2 for built-ins: kubectl re-applies and patches a Lease with strategic merge patches.
void TestKubectl::builtinsWithStrategicMerge()
{
    KubectlRunner kubectl(m_sandbox);
    const QByteArray lease = "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: cvc-operator\nspec:\n  holderIdentity: host_a\n"
                             "  leaseDurationSeconds: 15\n";
    const QString path = writeFile(m_sandbox, "lease.yaml", lease);
    QCOMPARE(KUBECTL_OK(kubectl, {"apply", "-f", path}).standardOutput.trimmed(), QStringLiteral("lease.coordination.k8s.io/cvc-operator created"));
    writeFile(m_sandbox, "lease.yaml", QByteArray(lease).replace("host_a", "host_b"));
    QCOMPARE(KUBECTL_OK(kubectl, {"apply", "-f", path}).standardOutput.trimmed(), QStringLiteral("lease.coordination.k8s.io/cvc-operator configured"));
    const KubectlResult patched = KUBECTL_OK(kubectl, {"patch", "lease", "cvc-operator", "-p", R"({"spec":{"leaseTransitions":1}})"});
    QCOMPARE(patched.standardOutput.trimmed(), QStringLiteral("lease.coordination.k8s.io/cvc-operator patched"));
    const QJsonObject stored = m_sandbox.request("GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator").json();
    QCOMPARE(stored.value("spec").toObject().value("holderIdentity").toString(), QStringLiteral("host_b"));
    QCOMPARE(stored.value("spec").toObject().value("leaseTransitions").toInt(), 1);
    const KubectlResult leases = KUBECTL_OK(kubectl, {"get", "leases"});
    QVERIFY2(leases.tableLines().value(1).startsWith("cvc-operator host_b"), qPrintable(leases.describe()));
}

// The operator's own kinds (deploy/) are served as stored objects: apply, list with kinds, delete.
void TestKubectl::deploymentAndClusterRole()
{
    KubectlRunner kubectl(m_sandbox);
    const QByteArray manifests =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n"
        "    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
        "      containers:\n      - name: web\n        image: nginx:1.27\n"
        "---\n"
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cvc-viewer\nrules:\n"
        "- apiGroups: [crypto.tools]\n  resources: [cryptovaluecalculators]\n  verbs: [get, list, watch]\n";
    const QString path = writeFile(m_sandbox, "deploy-and-role.yaml", manifests);
    const KubectlResult applied = KUBECTL_OK(kubectl, {"apply", "-f", path});
    QCOMPARE(applied.standardOutput.trimmed(),
             QStringLiteral("deployment.apps/web created\nclusterrole.rbac.authorization.k8s.io/cvc-viewer created"));
    QCOMPARE(KUBECTL_OK(kubectl, {"apply", "-f", path}).standardOutput.trimmed(),
             QStringLiteral("deployment.apps/web unchanged\nclusterrole.rbac.authorization.k8s.io/cvc-viewer unchanged"));
    const KubectlResult listed = KUBECTL_OK(kubectl, {"get", "deploy,clusterrole"});
    QVERIFY2(listed.succeeded(), qPrintable(listed.describe()));
    const QStringList lines = listed.standardOutput.split(QLatin1Char('\n'));
    const auto hasRow = [&](const QString &prefix) {
        return std::any_of(lines.begin(), lines.end(), [&](const QString &line) { return line.startsWith(prefix); });
    };
    QVERIFY2(hasRow(QStringLiteral("deployment.apps/web ")), qPrintable(listed.describe()));
    QVERIFY2(hasRow(QStringLiteral("clusterrole.rbac.authorization.k8s.io/cvc-viewer ")), qPrintable(listed.describe()));
    const QJsonObject stored = m_sandbox.request("GET", "/apis/apps/v1/namespaces/default/deployments/web").json();
    QCOMPARE(stored.value("spec").toObject().value("replicas").toInt(), 2);
    QCOMPARE(KUBECTL_OK(kubectl, {"delete", "-f", path}).standardOutput.trimmed(),
             QStringLiteral("deployment.apps \"web\" deleted\nclusterrole.rbac.authorization.k8s.io \"cvc-viewer\" deleted"));
}

// Flow 1.8.5: kubectl get -w exits when the server ends the stream.
void TestKubectl::watchEndsWhenDropped()
{
    KubectlRunner kubectl(m_sandbox);
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), 0, 15000);
    std::unique_ptr<BackgroundKubectl> watch(kubectl.startBackground({"get", "cvc", "-w"}));
    QVERIFY2(watch->waitForOutput("bitcoin-stash"), qPrintable(watch->describe()));
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), 1, 15000);
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"dropWatches", true}}), qPrintable(m_sandbox.errorString()));
    QVERIFY2(watch->waitForFinished(20000), qPrintable(watch->describe()));
    QCOMPARE(watch->exitCode(), 0);
}

// Commands people type every day, each checked on what it prints.
void TestKubectl::everydayCommands()
{
    KubectlRunner kubectl(m_sandbox);
    // `kubectl version` is tst_kubectlmatrix::version, with each kubectl's own format.
    const KubectlResult info = KUBECTL_OK(kubectl, {"cluster-info"});
    // kubectl 1.20 colours this line even when its output is not a terminal.
    const QString plainInfo = QString(info.standardOutput).remove(QRegularExpression(QStringLiteral("\x1b\\[[0-9;]*m")));
    QVERIFY2(plainInfo.contains("Kubernetes control plane is running at " + m_sandbox.url().toString()), qPrintable(info.describe()));
    const KubectlResult versions = KUBECTL_OK(kubectl, {"api-versions"});
    for (const char *gv : {"apiextensions.k8s.io/v1", "coordination.k8s.io/v1", "crypto.tools/v1", "v1"})
        QVERIFY2(versions.tableLines().contains(QLatin1String(gv)), gv);
    QCOMPARE(KUBECTL_OK(kubectl, {"auth", "can-i", "create", "cvc"}).standardOutput.trimmed(), QStringLiteral("yes"));

    // kubectl edit with a non-interactive editor: GET, edit the YAML, PATCH.
    KubectlRunner editor(m_sandbox);
    editor.setEnvironmentValue("EDITOR", "sed -i s/amount:\\ 1.47/amount:\\ 1.5/");
    const KubectlResult edited = KUBECTL_OK(editor, {"edit", "cvc", "lump-of-ethereum"});
    QCOMPARE(edited.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum edited"));
    QCOMPARE(get("lump-of-ethereum").value("spec").toObject().value("amount").toDouble(), 1.5);

    const KubectlResult selected = KUBECTL_OK(kubectl, {"get", "cvc", "--field-selector", "metadata.name=lump-of-ethereum", "-o", "name"});
    QCOMPARE(selected.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum"));

    const QString rv = CvcFixtures::resourceVersion(get("lump-of-ethereum"));
    const KubectlResult dryRun = KUBECTL_OK(kubectl, {"apply", "--dry-run=server", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QCOMPARE(dryRun.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum configured (server dry run)"));
    QCOMPARE(CvcFixtures::resourceVersion(get("lump-of-ethereum")), rv);

    // replace --force: delete, wait until gone, create again (new uid).
    const QString uid = get("lump-of-ethereum").value("metadata").toObject().value("uid").toString();
    const KubectlResult forced = KUBECTL_OK(kubectl, {"replace", "--force", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QCOMPARE(forced.tableLines(), (QStringList{"cryptovaluecalculator.crypto.tools \"lump-of-ethereum\" deleted",
                                               "cryptovaluecalculator.crypto.tools/lump-of-ethereum replaced"}));
    QVERIFY(get("lump-of-ethereum").value("metadata").toObject().value("uid").toString() != uid);

    // kubectl wait on a status field and on deletion (list + watch by field selector).
    // --for=jsonpath came in kubectl 1.23; --for=condition is tst_kubectlmatrix::wait, with every kubectl.
    const bool jsonPathWait = m_version >= QVersionNumber(1, 23);
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), 0, 15000);
    std::unique_ptr<BackgroundKubectl> waitChange;
    if (jsonPathWait)
        waitChange.reset(kubectl.startBackground({"wait", "--for=jsonpath={.status.change}=+9%", "cvc/lump-of-ethereum", "--timeout=30s"}));
    std::unique_ptr<BackgroundKubectl> waitDelete(kubectl.startBackground({"wait", "--for=delete", "cvc/lump-of-ethereum", "--timeout=30s"}));
    QTRY_COMPARE_WITH_TIMEOUT(openWatches(), jsonPathWait ? 2 : 1, 15000);
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("lump-of-ethereum") + "/status", R"({"status":{"change":"+9%"}})",
                                      "application/merge-patch+json"),
                    200);
    if (jsonPathWait) {
        QVERIFY2(waitChange->waitForFinished(20000), qPrintable(waitChange->describe()));
        QCOMPARE(waitChange->exitCode(), 0);
        QCOMPARE(waitChange->standardOutput().trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum condition met"));
    }
    QVERIFY2(waitDelete->isRunning(), qPrintable(waitDelete->describe()));
    const KubectlResult noWait = KUBECTL_OK(kubectl, {"delete", "cvc", "lump-of-ethereum", "--wait=false"});
    QCOMPARE(noWait.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools \"lump-of-ethereum\" deleted"));
    QVERIFY2(waitDelete->waitForFinished(20000), qPrintable(waitDelete->describe()));
    QCOMPARE(waitDelete->exitCode(), 0);
    QVERIFY(KUBECTL_OK(kubectl, {"apply", "-f", CvcFixtures::examplePath("ethereum.yaml")}).succeeded());
}

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"
