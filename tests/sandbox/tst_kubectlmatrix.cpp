// The everyday kubectl commands against kube-sandbox, one test function per command, run once per
// kubectl (tests/sandbox/CMakeLists.txt: all of them with Debian's 1.20 and with the newest kubectl,
// `flow` and `createNamespace` with every other one). The JUnit XML of each run becomes the
// versions × commands matrix of sandbox/README.md (scripts/kubectl-matrix.py), so a function's
// name is its row: keep one command (family) per function and assert on what the user sees.
//
// Functions run in order on one sandbox: `flow` applies the CRD and the examples the rest use.
// Assertions differ by kubectl version only where kubectl itself prints differently.
#include "backgroundkubectl.h"
#include "cvcfixtures.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QVersionNumber>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

QByteArray cvcYaml(const QString &name, const QString &coin, const QString &amount)
{
    return QStringLiteral("apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: %1\nspec:\n  coin: %2\n  amount: %3\n")
        .arg(name, coin, amount)
        .toUtf8();
}

} // namespace

// One kubectl command that must succeed: fails the test function with kubectl's own output.
#define KUBECTL_OK(result, ...)                                       \
    const KubectlResult result = m_kubectl->run(__VA_ARGS__);         \
    QVERIFY2(result.succeeded(), qPrintable(result.describe()))

class TestKubectlMatrix : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void flow();
    void createNamespace();
    void createGenerators();
    void getOutputs();
    void getWatch();
    void describe();
    void applyClientSide();
    void applyServerSide();
    void applyKustomize();
    void diff();
    void edit();
    void patch();
    void labelAndAnnotate();
    void explain();
    void wait();
    void authCanI();
    void apiResources();
    void version();
    void events();
    void deleteObjects();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QString amountOf(const QString &name);

    SandboxProcess m_sandbox;
    std::unique_ptr<KubectlRunner> m_kubectl;
    QVersionNumber m_version;
};

void TestKubectlMatrix::initTestCase()
{
    // Never a skip: a kubectl the suite was given that cannot run is a failure of the suite.
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    m_version = KubectlRunner::clientVersion();
    QVERIFY2(!m_version.isNull(), qPrintable(KubectlRunner::kubectlPath() + QStringLiteral(" version --client failed")));
    qInfo("kubectl %s (%s)", qPrintable(m_version.toString()), qPrintable(KubectlRunner::kubectlPath()));
    QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    m_kubectl = std::make_unique<KubectlRunner>(m_sandbox);
}

void TestKubectlMatrix::cleanupTestCase()
{
    m_kubectl.reset();
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

QString TestKubectlMatrix::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_sandbox.tempPath() + QLatin1Char('/') + name;
    QDir().mkpath(QFileInfo(path).absolutePath());
    CvcFixtures::writeFile(path, content);
    return path;
}

QString TestKubectlMatrix::amountOf(const QString &name)
{
    const KubectlResult r = m_kubectl->run({"get", "cvc", name, "-o", "jsonpath={.spec.amount}"});
    return r.succeeded() ? r.standardOutput.trimmed() : r.describe();
}

// The flow this product exists for: the CRD, two examples, the table.
void TestKubectlMatrix::flow()
{
    KUBECTL_OK(crd, {"apply", "-f", CvcFixtures::crdPath()});
    QCOMPARE(crd.standardOutput.trimmed(),
             QStringLiteral("customresourcedefinition.apiextensions.k8s.io/cryptovaluecalculators.crypto.tools created"));
    KUBECTL_OK(bitcoin, {"apply", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QCOMPARE(bitcoin.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash created"));
    KUBECTL_OK(ethereum, {"apply", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QCOMPARE(ethereum.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum created"));
    KUBECTL_OK(get, {"get", "cvc"});
    QCOMPARE(get.tableLines(), (QStringList{"NAME COIN AMOUNT VALUE CHANGE UPDATED", "bitcoin-stash bitcoin 0.0023",
                                            "lump-of-ethereum ethereum 1.47"}));
}

// A newcomer's second namespace, made with kubectl's generator (a protobuf body).
void TestKubectlMatrix::createNamespace()
{
    KUBECTL_OK(create, {"create", "namespace", "team-a"});
    QCOMPARE(create.standardOutput.trimmed(), QStringLiteral("namespace/team-a created"));
    KUBECTL_OK(get, {"get", "namespace", "team-a"});
    QCOMPARE(get.tableLines().value(0), QStringLiteral("NAME STATUS AGE"));
    QVERIFY2(get.tableLines().value(1).startsWith(QStringLiteral("team-a Active ")), qPrintable(get.describe()));
    KUBECTL_OK(cvc, {"apply", "-n", "team-a", "-f", CvcFixtures::examplePath("bitcoin.yaml")});
    QCOMPARE(cvc.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash created"));
}

void TestKubectlMatrix::createGenerators()
{
    const QList<QStringList> commands{
        {"create", "configmap", "settings", "--from-literal=interval=5m", "--from-literal=plan=public"},
        {"create", "secret", "generic", "coingecko", "--from-literal=api-key=not-a-real-key"},
        {"create", "serviceaccount", "cvc-reader"},
        {"create", "role", "cvc-reader", "--verb=get,list,watch", "--resource=cryptovaluecalculators.crypto.tools"},
        {"create", "rolebinding", "cvc-reader", "--role=cvc-reader", "--serviceaccount=default:cvc-reader"},
        {"create", "clusterrole", "cvc-viewer", "--verb=get,list", "--resource=namespaces"},
        {"create", "clusterrolebinding", "cvc-viewer", "--clusterrole=cvc-viewer", "--group=viewers"},
    };
    const QStringList expected{"configmap/settings created", "secret/coingecko created",
                               "serviceaccount/cvc-reader created",
                               "role.rbac.authorization.k8s.io/cvc-reader created",
                               "rolebinding.rbac.authorization.k8s.io/cvc-reader created",
                               "clusterrole.rbac.authorization.k8s.io/cvc-viewer created",
                               "clusterrolebinding.rbac.authorization.k8s.io/cvc-viewer created"};
    for (qsizetype i = 0; i < commands.size(); ++i) {
        KUBECTL_OK(create, commands.at(i));
        QCOMPARE(create.standardOutput.trimmed(), expected.at(i));
    }
    KUBECTL_OK(data, {"get", "configmap", "settings", "-o", "jsonpath={.data.interval} {.data.plan}"});
    QCOMPARE(data.standardOutput.trimmed(), QStringLiteral("5m public"));
    KUBECTL_OK(secret, {"get", "secret", "coingecko", "-o", "jsonpath={.data.api-key}"});
    QCOMPARE(QByteArray::fromBase64(secret.standardOutput.trimmed().toLatin1()), QByteArray("not-a-real-key"));
    KUBECTL_OK(rule, {"get", "role", "cvc-reader", "-o", "jsonpath={.rules[0].resources[0]} {.rules[0].verbs}"});
    QVERIFY2(rule.standardOutput.startsWith(QStringLiteral("cryptovaluecalculators ")), qPrintable(rule.describe()));
    KUBECTL_OK(subject, {"get", "clusterrolebinding", "cvc-viewer", "-o", "jsonpath={.subjects[0].kind}/{.subjects[0].name} {.roleRef.name}"});
    QCOMPARE(subject.standardOutput.trimmed(), QStringLiteral("Group/viewers cvc-viewer"));
}

void TestKubectlMatrix::getOutputs()
{
    KUBECTL_OK(wide, {"get", "cvc", "-o", "wide"});
    QCOMPARE(wide.tableLines().value(0), QStringLiteral("NAME COIN AMOUNT VALUE CHANGE UPDATED PRICE SOURCE READY P&L"));
    KUBECTL_OK(yaml, {"get", "cvc", "bitcoin-stash", "-o", "yaml"});
    QVERIFY2(yaml.standardOutput.contains(QStringLiteral("\n  amount: 0.0023\n")), qPrintable(yaml.describe()));
    QVERIFY2(yaml.standardOutput.contains(QStringLiteral("kind: CryptoValueCalculator\n")), qPrintable(yaml.describe()));
    KUBECTL_OK(json, {"get", "cvc", "-o", "json"});
    const QJsonObject list = QJsonDocument::fromJson(json.standardOutput.toUtf8()).object();
    QCOMPARE(list.value("kind").toString(), QStringLiteral("List"));
    QCOMPARE(list.value("items").toArray().size(), 2);
    KUBECTL_OK(jsonpath, {"get", "cvc", "-o", "jsonpath={range .items[*]}{.metadata.name}={.spec.coin}{\"\\n\"}{end}"});
    QCOMPARE(jsonpath.standardOutput, QStringLiteral("bitcoin-stash=bitcoin\nlump-of-ethereum=ethereum\n"));
    KUBECTL_OK(names, {"get", "cvcs", "-o", "name"});
    QCOMPARE(names.standardOutput, QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash\n"
                                                  "cryptovaluecalculator.crypto.tools/lump-of-ethereum\n"));
    KUBECTL_OK(all, {"get", "cvc", "--all-namespaces"});
    QCOMPARE(all.tableLines().value(0), QStringLiteral("NAMESPACE NAME COIN AMOUNT VALUE CHANGE UPDATED"));
}

void TestKubectlMatrix::getWatch()
{
    std::unique_ptr<BackgroundKubectl> watch(m_kubectl->startBackground({"get", "cvc", "bitcoin-stash", "-w"}));
    QVERIFY(watch->waitForStarted());
    QVERIFY2(watch->waitForOutput(QStringLiteral("bitcoin-stash")), qPrintable(watch->standardError()));
    KUBECTL_OK(patch, {"patch", "cvc", "bitcoin-stash", "--type", "merge", "-p", R"({"spec":{"amount":0.0031}})"});
    QVERIFY2(watch->waitForOutput(QStringLiteral("0.0031")), qPrintable(watch->standardOutput() + watch->standardError()));
    watch->stop();
    KUBECTL_OK(back, {"patch", "cvc", "bitcoin-stash", "--type", "merge", "-p", R"({"spec":{"amount":0.0023}})"});
}

void TestKubectlMatrix::describe()
{
    KUBECTL_OK(describe, {"describe", "cvc", "bitcoin-stash"});
    const QStringList lines = KubectlResult::collapsedLines(describe.standardOutput);
    QVERIFY2(lines.contains(QStringLiteral("Name: bitcoin-stash")), qPrintable(describe.describe()));
    QVERIFY2(lines.contains(QStringLiteral("Kind: CryptoValueCalculator")), qPrintable(describe.describe()));
    QVERIFY2(lines.contains(QStringLiteral("Amount: 0.0023")), qPrintable(describe.describe()));
    QVERIFY2(lines.contains(QStringLiteral("Coin: bitcoin")), qPrintable(describe.describe()));
    KUBECTL_OK(ns, {"describe", "namespace", "default"});
    QVERIFY2(KubectlResult::collapsedLines(ns.standardOutput).contains(QStringLiteral("Status: Active")), qPrintable(ns.describe()));
}

void TestKubectlMatrix::applyClientSide()
{
    const QString file = writeFile(QStringLiteral("client/doge.yaml"), cvcYaml("doge-jar", "dogecoin", "420"));
    KUBECTL_OK(created, {"apply", "-f", file});
    QCOMPARE(created.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar created"));
    KUBECTL_OK(unchanged, {"apply", "-f", file});
    QCOMPARE(unchanged.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar unchanged"));
    writeFile(QStringLiteral("client/doge.yaml"), cvcYaml("doge-jar", "dogecoin", "421.5"));
    KUBECTL_OK(configured, {"apply", "-f", file});
    QCOMPARE(configured.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar configured"));
    QCOMPARE(amountOf(QStringLiteral("doge-jar")), QStringLiteral("421.5"));
    // A built-in kind goes through a strategic merge patch on re-apply.
    const QString configMap = writeFile(QStringLiteral("client/cm.yaml"),
                                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: \"1\"\n");
    KUBECTL_OK(cmCreated, {"apply", "-f", configMap});
    writeFile(QStringLiteral("client/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  b: \"2\"\n");
    KUBECTL_OK(cmConfigured, {"apply", "-f", configMap});
    QCOMPARE(cmConfigured.standardOutput.trimmed(), QStringLiteral("configmap/applied configured"));
    QVERIFY2(!cmConfigured.standardError.contains(QStringLiteral("warning")), qPrintable(cmConfigured.describe()));
    KUBECTL_OK(data, {"get", "configmap", "applied", "-o", "jsonpath={.data}"});
    QCOMPARE(QJsonDocument::fromJson(data.standardOutput.toUtf8()).object(), (QJsonObject{{"b", "2"}}));
}

void TestKubectlMatrix::applyServerSide()
{
    const QString file = writeFile(QStringLiteral("server/shib.yaml"), cvcYaml("shib-pile", "shiba-inu", "1000000"));
    KUBECTL_OK(applied, {"apply", "--server-side", "-f", file});
    QCOMPARE(applied.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/shib-pile serverside-applied"));
    writeFile(QStringLiteral("server/shib.yaml"), cvcYaml("shib-pile", "shiba-inu", "2000000"));
    KUBECTL_OK(again, {"apply", "--server-side", "--field-manager=team-a", "--force-conflicts", "-f", file});
    QCOMPARE(again.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/shib-pile serverside-applied"));
    QCOMPARE(amountOf(QStringLiteral("shib-pile")), QStringLiteral("2000000"));
}

void TestKubectlMatrix::applyKustomize()
{
    writeFile(QStringLiteral("kustomize/kustomization.yaml"),
              "resources:\n- holding.yaml\ncommonLabels:\n  portfolio: savings\n");
    writeFile(QStringLiteral("kustomize/holding.yaml"), cvcYaml("savings-btc", "bitcoin", "0.5"));
    KUBECTL_OK(applied, {"apply", "-k", m_sandbox.tempPath() + QStringLiteral("/kustomize")});
    QCOMPARE(applied.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/savings-btc created"));
    KUBECTL_OK(selected, {"get", "cvc", "-l", "portfolio=savings", "-o", "name"});
    QCOMPARE(selected.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/savings-btc"));
}

void TestKubectlMatrix::diff()
{
    const QString file = writeFile(QStringLiteral("diff/eth.yaml"), cvcYaml("lump-of-ethereum", "ethereum", "1.47"));
    KUBECTL_OK(same, {"diff", "-f", file});
    QCOMPARE(same.standardOutput, QString());
    writeFile(QStringLiteral("diff/eth.yaml"), cvcYaml("lump-of-ethereum", "ethereum", "2.5"));
    const KubectlResult changed = m_kubectl->run({"diff", "-f", file});
    QVERIFY2(changed.exitCode == 1, qPrintable(changed.describe()));   // 1: differences found
    const QStringList lines = changed.standardOutput.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("-  amount: 1.47")), qPrintable(changed.describe()));
    QVERIFY2(lines.contains(QStringLiteral("+  amount: 2.5")), qPrintable(changed.describe()));
    QCOMPARE(amountOf(QStringLiteral("lump-of-ethereum")), QStringLiteral("1.47"));   // diff writes nothing
}

void TestKubectlMatrix::edit()
{
    const QString editor = writeFile(QStringLiteral("edit/editor.sh"),
                                     "#!/bin/sh\nsed -i -e 's/^  amount: 1.47$/  amount: 3.25/' \"$1\"\n");
    QVERIFY(QFile::setPermissions(editor, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    KubectlRunner kubectl(m_sandbox);
    kubectl.setEnvironmentValue(QStringLiteral("EDITOR"), editor);
    kubectl.setEnvironmentValue(QStringLiteral("KUBE_EDITOR"), editor);
    const KubectlResult edited = kubectl.run({"edit", "cvc", "lump-of-ethereum"});
    QVERIFY2(edited.succeeded(), qPrintable(edited.describe()));
    QCOMPARE(edited.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/lump-of-ethereum edited"));
    QCOMPARE(amountOf(QStringLiteral("lump-of-ethereum")), QStringLiteral("3.25"));
}

void TestKubectlMatrix::patch()
{
    KUBECTL_OK(merge, {"patch", "cvc", "doge-jar", "--type", "merge", "-p", R"({"spec":{"amount":500}})"});
    QCOMPARE(merge.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/doge-jar patched"));
    QCOMPARE(amountOf(QStringLiteral("doge-jar")), QStringLiteral("500"));
    KUBECTL_OK(json, {"patch", "cvc", "doge-jar", "--type", "json", "-p", R"([{"op":"replace","path":"/spec/amount","value":501}])"});
    QCOMPARE(amountOf(QStringLiteral("doge-jar")), QStringLiteral("501"));
    KUBECTL_OK(strategic, {"patch", "configmap", "applied", "-p", R"({"data":{"c":"3"}})"});
    QCOMPARE(strategic.standardOutput.trimmed(), QStringLiteral("configmap/applied patched"));
    // Custom resources take no strategic merge patch, on a real server either.
    const KubectlResult refused = m_kubectl->run({"patch", "cvc", "doge-jar", "-p", R"({"spec":{"amount":1}})"});
    QVERIFY2(!refused.succeeded(), qPrintable(refused.describe()));
    QVERIFY2(refused.standardError.contains(QStringLiteral("UnsupportedMediaType"))
                 || refused.standardError.contains(QStringLiteral("unknown format")),
             qPrintable(refused.describe()));
}

void TestKubectlMatrix::labelAndAnnotate()
{
    KUBECTL_OK(labeled, {"label", "cvc", "bitcoin-stash", "team=a"});
    QCOMPARE(labeled.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash labeled"));
    KUBECTL_OK(selected, {"get", "cvc", "-l", "team=a", "-o", "name"});
    QCOMPARE(selected.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash"));
    const KubectlResult clash = m_kubectl->run({"label", "cvc", "bitcoin-stash", "team=b"});
    QVERIFY2(!clash.succeeded() && clash.standardError.contains(QStringLiteral("--overwrite")), qPrintable(clash.describe()));
    KUBECTL_OK(removed, {"label", "cvc", "bitcoin-stash", "team-"});
    KUBECTL_OK(none, {"get", "cvc", "-l", "team", "-o", "name"});
    QCOMPARE(none.standardOutput.trimmed(), QString());
    KUBECTL_OK(annotated, {"annotate", "cvc", "bitcoin-stash", "note=cold wallet"});
    // kubectl 1.27 prints "annotate" here (its own slip, fixed in 1.28).
    const QString verb = m_version.minorVersion() == 27 ? QStringLiteral("annotate") : QStringLiteral("annotated");
    QCOMPARE(annotated.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash ") + verb);
    KUBECTL_OK(note, {"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.metadata.annotations.note}"});
    QCOMPARE(note.standardOutput, QStringLiteral("cold wallet"));
}

void TestKubectlMatrix::explain()
{
    KUBECTL_OK(field, {"explain", "cvc.spec.amount"});
    const QStringList lines = KubectlResult::collapsedLines(field.standardOutput);
    QVERIFY2(lines.contains(QStringLiteral("KIND: CryptoValueCalculator")), qPrintable(field.describe()));
    QVERIFY2(lines.contains(QStringLiteral("FIELD: amount <number>")), qPrintable(field.describe()));
    QVERIFY2(field.standardOutput.contains(QStringLiteral("How much of the coin is held")), qPrintable(field.describe()));
    KUBECTL_OK(builtin, {"explain", "configmap.data"});
    QVERIFY2(KubectlResult::collapsedLines(builtin.standardOutput).contains(QStringLiteral("FIELD: data <map[string]string>")),
             qPrintable(builtin.describe()));
}

void TestKubectlMatrix::wait()
{
    const QJsonObject status{{"status", QJsonObject{{"conditions", QJsonArray{QJsonObject{
                                                        {"type", "Ready"}, {"status", "True"}, {"reason", "Valued"},
                                                        {"lastTransitionTime", "2026-12-07T10:00:00Z"}, {"message", "valued"}}}}}}};
    QCOMPARE(m_sandbox.requestJson("PATCH", CvcFixtures::object("bitcoin-stash") + "/status", status,
                                   "application/merge-patch+json")
                 .status,
             200);
    KUBECTL_OK(ready, {"wait", "--for=condition=Ready", "cvc/bitcoin-stash", "--timeout=30s"});
    QCOMPARE(ready.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools/bitcoin-stash condition met"));
    const KubectlResult notYet = m_kubectl->run({"wait", "--for=condition=Ready", "cvc/lump-of-ethereum", "--timeout=1s"});
    QVERIFY2(!notYet.succeeded() && notYet.standardError.contains(QStringLiteral("timed out")), qPrintable(notYet.describe()));
}

void TestKubectlMatrix::authCanI()
{
    KUBECTL_OK(create, {"auth", "can-i", "create", "cryptovaluecalculators.crypto.tools"});
    QCOMPARE(create.standardOutput.trimmed(), QStringLiteral("yes"));
    KUBECTL_OK(all, {"auth", "can-i", "list", "cvc", "--all-namespaces"});
    QCOMPARE(all.standardOutput.trimmed(), QStringLiteral("yes"));
}

void TestKubectlMatrix::apiResources()
{
    KUBECTL_OK(resources, {"api-resources", "--api-group=crypto.tools"});
    const QStringList lines = resources.tableLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("NAME SHORTNAMES APIVERSION NAMESPACED KIND"));
    QCOMPARE(lines.at(1), QStringLiteral("cryptovaluecalculators cvc,cvcs crypto.tools/v1 true CryptoValueCalculator"));
    KUBECTL_OK(names, {"api-resources", "-o", "name"});
    QVERIFY2(names.standardOutput.split(QLatin1Char('\n')).contains(QStringLiteral("namespaces")), qPrintable(names.describe()));
}

void TestKubectlMatrix::version()
{
    KUBECTL_OK(version, {"version"});
    // 1.28+ prints "Server Version: v1.32.0-kube-sandbox", older ones a version.Info{…} struct.
    const QRegularExpression server(QStringLiteral("^Server Version: .*v1\\.32\\.0-kube-sandbox"),
                                    QRegularExpression::MultilineOption);
    QVERIFY2(server.match(version.standardOutput).hasMatch(), qPrintable(version.describe()));
    // kubectl 1.27+ warns about a skew of more than one minor version, as against any 1.32 server.
    const bool skewed = m_version.minorVersion() + 1 < 32 && m_version.minorVersion() >= 27;
    QCOMPARE(version.standardError.contains(QStringLiteral("exceeds the supported minor version skew")), skewed);
}

void TestKubectlMatrix::events()
{
    const QJsonObject event{{"apiVersion", "v1"}, {"kind", "Event"},
                            {"metadata", QJsonObject{{"name", "bitcoin-stash.valued"}, {"namespace", "default"}}},
                            {"involvedObject", QJsonObject{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"},
                                                           {"name", "bitcoin-stash"}, {"namespace", "default"}}},
                            {"reason", "Valued"}, {"message", "valued at $94.8106"}, {"type", "Normal"},
                            {"firstTimestamp", "2026-12-07T10:00:00Z"}, {"lastTimestamp", "2026-12-07T10:00:00Z"},
                            {"count", 1}, {"source", QJsonObject{{"component", "cvc-operator"}}}};
    QCOMPARE(m_sandbox.requestJson("POST", "/api/v1/namespaces/default/events", event).status, 201);
    KUBECTL_OK(get, {"get", "events"});
    QVERIFY2(get.tableLines().value(1).endsWith(QStringLiteral("Normal Valued cryptovaluecalculator/bitcoin-stash valued at $94.8106")),
             qPrintable(get.describe()));
    KUBECTL_OK(selected, {"get", "events", "--field-selector", "involvedObject.name=bitcoin-stash", "-o", "name"});
    QCOMPARE(selected.standardOutput.trimmed(), QStringLiteral("event/bitcoin-stash.valued"));
    if (m_version < QVersionNumber(1, 26))
        QSKIP("`kubectl events` is not a command of this kubectl (it came in 1.26); `get events` works");
    KUBECTL_OK(events, {"events", "--for", "cvc/bitcoin-stash"});
    QVERIFY2(events.tableLines().value(1).endsWith(QStringLiteral("Normal Valued CryptoValueCalculator/bitcoin-stash valued at $94.8106")),
             qPrintable(events.describe()));
}

void TestKubectlMatrix::deleteObjects()
{
    KUBECTL_OK(deleted, {"delete", "cvc", "doge-jar"});
    QCOMPARE(deleted.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools \"doge-jar\" deleted"));
    const KubectlResult gone = m_kubectl->run({"get", "cvc", "doge-jar"});
    QCOMPARE(gone.exitCode, 1);
    QCOMPARE(gone.standardError.trimmed(),
             QStringLiteral("Error from server (NotFound): cryptovaluecalculators.crypto.tools \"doge-jar\" not found"));
    KUBECTL_OK(byFile, {"delete", "-f", CvcFixtures::examplePath("ethereum.yaml")});
    QCOMPARE(byFile.standardOutput.trimmed(), QStringLiteral("cryptovaluecalculator.crypto.tools \"lump-of-ethereum\" deleted"));
    KUBECTL_OK(ns, {"delete", "namespace", "team-a"});
    QCOMPARE(ns.standardOutput.trimmed(), QStringLiteral("namespace \"team-a\" deleted"));
}

QTEST_GUILESS_MAIN(TestKubectlMatrix)
#include "tst_kubectlmatrix.moc"
