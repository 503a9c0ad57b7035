// deploy/ as a platform team installs it: each Kustomize overlay as `kubectl kustomize` renders it
// with the kubectl under test (CTest runs this once per kubectl: Debian's 1.20, whose built-in
// kustomize is v2.0.3, and the newest), then checked object by object: the RBAC rules are exactly
// the verbs the operator uses, cvc-viewer/cvc-editor aggregate into view/edit/admin (shown with
// users bound to those roles), the Deployment runs non-root with the key mounted 0400, the metrics
// port is behind a NetworkPolicy, and `kubectl kustomize … | kubectl apply --dry-run=server -f -`
// against kube-sandbox accepts every object and stores nothing (fresh HOME per kubectl run).
#include "e2ehelpers.h"

#include "json/yamlconverter.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <QtTest>

using cvc::testsupport::KubectlResult;
using cvc::testsupport::KubectlRunner;
using cvc::testsupport::SandboxProcess;
using cvc::testsupport::TempKubeconfig;
using cvc::e2e::kubectlUntil;

namespace {

const QString kOperatorOnly = QStringLiteral("operator-only");
const QString kWithMonitoring = QStringLiteral("with-monitoring");

QList<QJsonObject> parseManifests(const QByteArray &yaml, QString *error = nullptr)
{
    const cvc::YamlDocuments docs = cvc::YamlConverter::parseDocuments(yaml);
    if (!docs.ok() && error)
        *error = docs.error;
    QList<QJsonObject> out;
    for (const QJsonValue &d : docs.documents)
        out.append(d.toObject());
    return out;
}

QByteArray readSource(const QString &relativePath)
{
    QFile f(SandboxProcess::sourcePath(relativePath));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Rendered
{
    KubectlResult kustomize;
    QList<QJsonObject> objects;
    QString error;   // empty when kustomize succeeded and its output parsed
};

// Each overlay rendered once per run.
const Rendered &rendered(const QString &overlay)
{
    static QHash<QString, Rendered> cache;
    auto it = cache.find(overlay);
    if (it == cache.end()) {
        Rendered r;
        r.kustomize = cvc::e2e::kustomize(overlay);
        if (!r.kustomize.succeeded())
            r.error = r.kustomize.describe();
        else
            r.objects = parseManifests(r.kustomize.standardOutput.toUtf8(), &r.error);
        it = cache.insert(overlay, r);
    }
    return *it;
}

QString nameOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

QString namespaceOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString();
}

// "Kind/name" or "Kind/namespace/name".
QString refOf(const QJsonObject &o)
{
    const QString ns = namespaceOf(o);
    return o.value(QStringLiteral("kind")).toString() + QLatin1Char('/') + (ns.isEmpty() ? QString() : ns + QLatin1Char('/')) + nameOf(o);
}

QJsonObject find(const QString &overlay, const QString &kind, const QString &name)
{
    for (const QJsonObject &o : rendered(overlay).objects) {
        if (o.value(QStringLiteral("kind")).toString() == kind && nameOf(o) == name)
            return o;
    }
    return {};
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

QJsonObject labelsOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
}

// verbs by "group/resource" over a role's rules.
QMap<QString, QStringList> verbsOf(const QJsonObject &role)
{
    QMap<QString, QStringList> verbs;
    for (const QJsonValue &r : role.value(QStringLiteral("rules")).toArray()) {
        const QJsonObject rule = r.toObject();
        for (const QString &g : strings(rule.value(QStringLiteral("apiGroups"))))
            for (const QString &res : strings(rule.value(QStringLiteral("resources"))))
                verbs[g + QLatin1Char('/') + res] += strings(rule.value(QStringLiteral("verbs")));
    }
    for (auto &v : verbs)
        v.sort();
    return verbs;
}

QJsonObject podTemplate(const QJsonObject &deployment)
{
    return deployment.value(QStringLiteral("spec")).toObject().value(QStringLiteral("template")).toObject();
}

// Just enough of the Prometheus Operator's CRDs for the monitoring objects to be served, applied
// before the dry run as on a cluster that runs it.
const QByteArray kMonitoringCrds = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: prometheusrules.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  scope: Namespaced
  names: {kind: PrometheusRule, listKind: PrometheusRuleList, plural: prometheusrules, singular: prometheusrule}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: servicemonitors.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  scope: Namespaced
  names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
)";

} // namespace

class TestDeploy : public cvc::e2e::KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void overlaysRender()
    {
        qInfo("kubectl %s", qPrintable(KubectlRunner::clientVersion().toString()));
        const QStringList operatorOnly{
            QStringLiteral("ClusterRole/cvc-editor"),
            QStringLiteral("ClusterRole/cvc-operator"),
            QStringLiteral("ClusterRole/cvc-viewer"),
            QStringLiteral("ClusterRoleBinding/cvc-operator"),
            QStringLiteral("CustomResourceDefinition/cryptovaluecalculators.crypto.tools"),
            QStringLiteral("Deployment/cvc-system/cvc-operator"),
            QStringLiteral("Namespace/cvc-system"),
            QStringLiteral("NetworkPolicy/cvc-system/cvc-operator-metrics"),
            QStringLiteral("Role/cvc-system/cvc-operator-leader-election"),
            QStringLiteral("RoleBinding/cvc-system/cvc-operator-leader-election"),
            QStringLiteral("Service/cvc-system/cvc-operator-metrics"),
            QStringLiteral("ServiceAccount/cvc-system/cvc-operator"),
        };
        QStringList withMonitoring = operatorOnly + QStringList{
            QStringLiteral("ConfigMap/cvc-system/cvc-operator-grafana-dashboard"),
            QStringLiteral("PrometheusRule/cvc-system/cvc-operator"),
            QStringLiteral("ServiceMonitor/cvc-system/cvc-operator"),
        };
        withMonitoring.sort();
        for (const auto &[overlay, expected] : {std::pair{kOperatorOnly, operatorOnly}, std::pair{kWithMonitoring, withMonitoring}}) {
            const Rendered &r = rendered(overlay);
            QVERIFY2(r.error.isEmpty(), qPrintable(overlay + QStringLiteral(": ") + r.error));
            QStringList refs;
            for (const QJsonObject &o : r.objects) {
                QVERIFY2(!o.value(QStringLiteral("apiVersion")).toString().isEmpty(), qPrintable(refOf(o)));
                refs << refOf(o);
            }
            refs.sort();
            // The key Secret is never part of it, so re-applying never overwrites the key.
            QCOMPARE(refs, expected);
        }
    }

    // The overlays carry the CRD and the PrometheusRule as their source files say, and the
    // dashboard ConfigMap holds the dashboard JSON as it is.
    void sourcesPassUnchanged()
    {
        const QList<QJsonObject> crd = parseManifests(readSource(QStringLiteral("crds/cryptovaluecalculators.yaml")));
        QCOMPARE(crd.size(), 1);
        QCOMPARE(find(kOperatorOnly, QStringLiteral("CustomResourceDefinition"), QStringLiteral("cryptovaluecalculators.crypto.tools")),
                 crd.first());
        const QList<QJsonObject> rule = parseManifests(readSource(QStringLiteral("deploy/monitoring/prometheusrule.yaml")));
        QCOMPARE(rule.size(), 1);
        QCOMPARE(find(kWithMonitoring, QStringLiteral("PrometheusRule"), QStringLiteral("cvc-operator")), rule.first());
        const QJsonObject dashboard = find(kWithMonitoring, QStringLiteral("ConfigMap"), QStringLiteral("cvc-operator-grafana-dashboard"));
        QCOMPARE(labelsOf(dashboard).value(QStringLiteral("grafana_dashboard")).toString(), QStringLiteral("1"));
        const QJsonDocument json = QJsonDocument::fromJson(
            dashboard.value(QStringLiteral("data")).toObject().value(QStringLiteral("grafana-dashboard.json")).toString().toUtf8());
        QVERIFY(json.isObject());
        QCOMPARE(json, QJsonDocument::fromJson(readSource(QStringLiteral("deploy/monitoring/grafana-dashboard.json"))));
    }

    void leastPrivilege()
    {
        const QJsonObject role = find(kOperatorOnly, QStringLiteral("ClusterRole"), QStringLiteral("cvc-operator"));
        QVERIFY(!role.isEmpty());
        QMap<QString, QStringList> expected{
            {QStringLiteral("crypto.tools/cryptovaluecalculators"), {QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("watch")}},
            {QStringLiteral("crypto.tools/cryptovaluecalculators/status"), {QStringLiteral("patch")}},
            {QStringLiteral("/events"), {QStringLiteral("create"), QStringLiteral("patch")}},
        };
        QCOMPARE(verbsOf(role), expected);
        // Not aggregated anywhere: the operator's rights are its own.
        for (const QString &label : labelsOf(role).keys())
            QVERIFY2(!label.startsWith(QLatin1String("rbac.authorization.k8s.io/aggregate-to-")), qPrintable(label));
        const QJsonObject leaseRole = find(kOperatorOnly, QStringLiteral("Role"), QStringLiteral("cvc-operator-leader-election"));
        QCOMPARE(namespaceOf(leaseRole), QStringLiteral("cvc-system"));
        const QJsonObject leaseRule = leaseRole.value(QStringLiteral("rules")).toArray().first().toObject();
        QCOMPARE(strings(leaseRule.value(QStringLiteral("resources"))), QStringList{QStringLiteral("leases")});
        QCOMPARE(strings(leaseRule.value(QStringLiteral("verbs"))),
                 (QStringList{QStringLiteral("get"), QStringLiteral("create"), QStringLiteral("update")}));
        for (const QString &kind : {QStringLiteral("ClusterRoleBinding"), QStringLiteral("RoleBinding")}) {
            const QJsonObject b = find(kOperatorOnly, kind, kind == QLatin1String("RoleBinding") ? QStringLiteral("cvc-operator-leader-election")
                                                                                                 : QStringLiteral("cvc-operator"));
            const QJsonObject subject = b.value(QStringLiteral("subjects")).toArray().first().toObject();
            QCOMPARE(subject.value(QStringLiteral("kind")).toString(), QStringLiteral("ServiceAccount"));
            QCOMPARE(subject.value(QStringLiteral("name")).toString(), QStringLiteral("cvc-operator"));
            QCOMPARE(subject.value(QStringLiteral("namespace")).toString(), QStringLiteral("cvc-system"));
        }
    }

    // Kubernetes' pattern for a CRD's user roles: read rights into view (and so edit and admin),
    // write rights into edit and admin, never status writes.
    void userRolesAggregate()
    {
        const QJsonObject viewer = find(kOperatorOnly, QStringLiteral("ClusterRole"), QStringLiteral("cvc-viewer"));
        QCOMPARE(labelsOf(viewer).value(QStringLiteral("rbac.authorization.k8s.io/aggregate-to-view")).toString(), QStringLiteral("true"));
        const QStringList read{QStringLiteral("get"), QStringLiteral("list"), QStringLiteral("watch")};
        QCOMPARE(verbsOf(viewer), (QMap<QString, QStringList>{{QStringLiteral("crypto.tools/cryptovaluecalculators"), read},
                                                             {QStringLiteral("crypto.tools/cryptovaluecalculators/status"), read}}));
        const QJsonObject editor = find(kOperatorOnly, QStringLiteral("ClusterRole"), QStringLiteral("cvc-editor"));
        QCOMPARE(labelsOf(editor).value(QStringLiteral("rbac.authorization.k8s.io/aggregate-to-edit")).toString(), QStringLiteral("true"));
        QCOMPARE(labelsOf(editor).value(QStringLiteral("rbac.authorization.k8s.io/aggregate-to-admin")).toString(), QStringLiteral("true"));
        QVERIFY(!labelsOf(editor).contains(QStringLiteral("rbac.authorization.k8s.io/aggregate-to-view")));
        const QStringList write{QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"), QStringLiteral("get"),
                                QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("update"), QStringLiteral("watch")};
        QCOMPARE(verbsOf(editor), (QMap<QString, QStringList>{{QStringLiteral("crypto.tools/cryptovaluecalculators"), write},
                                                             {QStringLiteral("crypto.tools/cryptovaluecalculators/status"), read}}));
    }

    void deploymentIsSafe()
    {
        const QJsonObject d = find(kOperatorOnly, QStringLiteral("Deployment"), QStringLiteral("cvc-operator"));
        QVERIFY(!d.isEmpty());
        const QJsonObject spec = d.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("replicas")).toInt(), 1);
        const QJsonObject pod = podTemplate(d).value(QStringLiteral("spec")).toObject();
        QCOMPARE(pod.value(QStringLiteral("serviceAccountName")).toString(), QStringLiteral("cvc-operator"));
        const QJsonObject podSecurity = pod.value(QStringLiteral("securityContext")).toObject();
        QVERIFY(podSecurity.value(QStringLiteral("runAsNonRoot")).toBool());
        // The key file is 0400 and root's; the kubelet hands it to the fsGroup, which is the user's.
        QCOMPARE(podSecurity.value(QStringLiteral("fsGroup")).toInt(), podSecurity.value(QStringLiteral("runAsUser")).toInt(-1));
        // Room for the graceful stop: writes in flight (at most 10 s), the Lease released, exit by 15 s.
        QCOMPARE(pod.value(QStringLiteral("terminationGracePeriodSeconds")).toInt(), 30);
        const QJsonObject container = pod.value(QStringLiteral("containers")).toArray().first().toObject();
        const QStringList args = strings(container.value(QStringLiteral("args")));
        QVERIFY(args.contains(QStringLiteral("--api-key-file=/var/run/secrets/coingecko/api-key")));
        QVERIFY(args.contains(QStringLiteral("--lease-namespace=cvc-system")));
        QVERIFY(!args.contains(QStringLiteral("--metrics-per-cvc")));
        QVERIFY(!container.value(QStringLiteral("livenessProbe")).isUndefined());
        QVERIFY(!container.value(QStringLiteral("readinessProbe")).isUndefined());
        const QJsonObject sc = container.value(QStringLiteral("securityContext")).toObject();
        QCOMPARE(sc.value(QStringLiteral("allowPrivilegeEscalation")).toBool(true), false);
        QVERIFY(sc.value(QStringLiteral("readOnlyRootFilesystem")).toBool());
        const QJsonObject secret = pod.value(QStringLiteral("volumes")).toArray().first().toObject().value(QStringLiteral("secret")).toObject();
        QCOMPARE(secret.value(QStringLiteral("secretName")).toString(), QStringLiteral("coingecko-api-key"));
        // 0400 as the rendered manifest says it, whichever way kustomize writes the number (256 or 0400).
        QCOMPARE(secret.value(QStringLiteral("defaultMode")).toInt(), 0400);
        const QByteArray docker = readSource(QStringLiteral("deploy/Dockerfile"));
        QVERIFY(docker.contains("FROM debian:bookworm-slim"));
        QVERIFY(docker.contains("USER 65532"));
    }

    // The metrics Service reaches the pod's port 8080; the NetworkPolicy lets only Prometheus in
    // the monitoring namespace connect to it, and nothing else to the pod.
    void metricsBehindNetworkPolicy()
    {
        const QJsonObject d = find(kOperatorOnly, QStringLiteral("Deployment"), QStringLiteral("cvc-operator"));
        const QJsonObject podLabels = podTemplate(d).value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
        const QJsonObject container = podTemplate(d).value(QStringLiteral("spec")).toObject().value(QStringLiteral("containers")).toArray().first().toObject();
        const QJsonObject containerPort = container.value(QStringLiteral("ports")).toArray().first().toObject();
        QCOMPARE(containerPort.value(QStringLiteral("containerPort")).toInt(), 8080);
        const auto selects = [&podLabels](const QJsonObject &selector) {
            if (selector.isEmpty())
                return false;
            for (auto it = selector.begin(); it != selector.end(); ++it) {
                if (podLabels.value(it.key()) != it.value())
                    return false;
            }
            return true;
        };

        const QJsonObject service = find(kOperatorOnly, QStringLiteral("Service"), QStringLiteral("cvc-operator-metrics"));
        QCOMPARE(namespaceOf(service), QStringLiteral("cvc-system"));
        QVERIFY(selects(service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("selector")).toObject()));
        const QJsonArray servicePorts = service.value(QStringLiteral("spec")).toObject().value(QStringLiteral("ports")).toArray();
        QCOMPARE(servicePorts.size(), 1);
        QCOMPARE(servicePorts.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("metrics"));
        QCOMPARE(servicePorts.first().toObject().value(QStringLiteral("targetPort")).toString(), containerPort.value(QStringLiteral("name")).toString());

        const QJsonObject policy = find(kOperatorOnly, QStringLiteral("NetworkPolicy"), QStringLiteral("cvc-operator-metrics"));
        QCOMPARE(namespaceOf(policy), QStringLiteral("cvc-system"));
        const QJsonObject policySpec = policy.value(QStringLiteral("spec")).toObject();
        QVERIFY(selects(policySpec.value(QStringLiteral("podSelector")).toObject().value(QStringLiteral("matchLabels")).toObject()));
        QCOMPARE(strings(policySpec.value(QStringLiteral("policyTypes"))), QStringList{QStringLiteral("Ingress")});
        const QJsonArray ingress = policySpec.value(QStringLiteral("ingress")).toArray();
        QCOMPARE(ingress.size(), 1);
        const QJsonObject rule = ingress.first().toObject();
        QCOMPARE(rule.value(QStringLiteral("ports")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("protocol"), QStringLiteral("TCP")}, {QStringLiteral("port"), 8080}}}));
        const QJsonArray from = rule.value(QStringLiteral("from")).toArray();
        QCOMPARE(from.size(), 1);
        // One peer with both selectors: Prometheus pods in the monitoring namespace (not any pod
        // there, and not Prometheus pods anywhere).
        const QJsonObject peer = from.first().toObject();
        QCOMPARE(peer.value(QStringLiteral("namespaceSelector")).toObject().value(QStringLiteral("matchLabels")).toObject(),
                 (QJsonObject{{QStringLiteral("kubernetes.io/metadata.name"), QStringLiteral("monitoring")}}));
        QCOMPARE(peer.value(QStringLiteral("podSelector")).toObject().value(QStringLiteral("matchLabels")).toObject(),
                 (QJsonObject{{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("prometheus")}}));

        // with-monitoring scrapes that Service's port by name.
        const QJsonObject monitor = find(kWithMonitoring, QStringLiteral("ServiceMonitor"), QStringLiteral("cvc-operator"));
        const QJsonObject monitorSpec = monitor.value(QStringLiteral("spec")).toObject();
        const QJsonObject wanted = monitorSpec.value(QStringLiteral("selector")).toObject().value(QStringLiteral("matchLabels")).toObject();
        QVERIFY(!wanted.isEmpty());
        for (auto it = wanted.begin(); it != wanted.end(); ++it)
            QCOMPARE(labelsOf(service).value(it.key()), it.value());
        const QJsonObject endpoint = monitorSpec.value(QStringLiteral("endpoints")).toArray().first().toObject();
        QCOMPARE(endpoint.value(QStringLiteral("port")).toString(), QStringLiteral("metrics"));
        QCOMPARE(endpoint.value(QStringLiteral("path")).toString(), QStringLiteral("/metrics"));
    }

    void serverDryRun_data()
    {
        QTest::addColumn<QString>("overlay");
        QTest::newRow("operator-only") << kOperatorOnly;
        QTest::newRow("with-monitoring") << kWithMonitoring;
    }

    void serverDryRun()
    {
        QFETCH(QString, overlay);
        const Rendered &out = rendered(overlay);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        const KubectlRunner kubectl(sandbox);
        // The namespace for real (a dry-run create does not make it, so the namespaced objects
        // would be refused), and the Prometheus Operator's CRDs as a cluster running it has them.
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("deploy/base/namespace.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        if (overlay == kWithMonitoring) {
            r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, kMonitoringCrds);
            QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        }
        // kubectl kustomize <overlay> | kubectl apply --dry-run=server -f -
        r = kubectl.run({QStringLiteral("apply"), QStringLiteral("--dry-run=server"), QStringLiteral("-f"), QStringLiteral("-")},
                        out.kustomize.standardOutput.toUtf8());
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        const QStringList lines = r.standardOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QJsonObject &o : out.objects) {
            // "deployment.apps/cvc-operator created (server dry run)"; the namespace is unchanged.
            const QString kind = o.value(QStringLiteral("kind")).toString().toLower();
            const QString name = nameOf(o);
            const bool reported = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
                const QString ref = line.section(QLatin1Char(' '), 0, 0);
                return ref.section(QLatin1Char('/'), 0, 0).section(QLatin1Char('.'), 0, 0) == kind
                    && ref.section(QLatin1Char('/'), 1) == name
                    && (line.endsWith(QLatin1String(" created (server dry run)"))
                        || (kind == QLatin1String("namespace") && line.endsWith(QLatin1String(" unchanged (server dry run)"))));
            });
            QVERIFY2(reported, qPrintable(QStringLiteral("%1 not accepted by the dry run:\n%2").arg(refOf(o), r.describe())));
        }
        QCOMPARE(lines.size(), out.objects.size());

        // A dry run stores nothing: of all that, only the namespace applied above exists.
        QString kinds = QStringLiteral("deployments,serviceaccounts,secrets,configmaps,services,networkpolicies,roles,rolebindings");
        if (overlay == kWithMonitoring)
            kinds += QStringLiteral(",prometheusrules,servicemonitors");
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("-n"), QStringLiteral("cvc-system"), kinds, QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.standardOutput.trimmed(), QString());
        // Cluster-wide, none of deploy/'s own: the bootstrap RBAC policy is there as on any cluster.
        r = kubectl.run({QStringLiteral("get"), QStringLiteral("clusterroles,clusterrolebindings"), QStringLiteral("-l"),
                         QStringLiteral("app.kubernetes.io/name=cvc-operator"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.standardOutput.trimmed(), QString());
        QCOMPARE(sandbox.request("GET", QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/cryptovaluecalculators.crypto.tools")).status,
                 404);
    }

    // Installed for real, cvc-viewer and cvc-editor reach people through the built-in roles: a
    // user bound to `view` reads CVCs and cannot change them, one bound to `edit` (or `admin`)
    // patches them. Before the install the same bindings give no access to CVCs at all.
    void builtInRolesGrantCvcs()
    {
        QTemporaryDir dir;
        QHash<QString, QByteArray> tokens;
        QByteArray tokenFile;
        int uid = 3001;
        for (const QString &user : {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")}) {
            tokens.insert(user, QUuid::createUuid().toByteArray(QUuid::Id128));
            tokenFile += tokens.value(user) + ',' + user.toUtf8() + ',' + QByteArray::number(uid++) + '\n';
        }
        QFile file(dir.filePath(QStringLiteral("tokens.csv")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(tokenFile) == tokenFile.size());
        file.close();

        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--token-auth-file"), file.fileName()}), qPrintable(sandbox.errorString()));
        const KubectlRunner admin(sandbox);
        // The CRD alone first (as kubectl apply -f crds/ before this release), and a CVC.
        KubectlResult r = admin.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = kubectlUntil(admin, {QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))},
                         [](const KubectlResult &k) { return k.succeeded(); }, 10000);
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        for (const auto &[user, role] : {std::pair{QStringLiteral("alice"), QStringLiteral("view")}, std::pair{QStringLiteral("bob"), QStringLiteral("edit")},
                                         std::pair{QStringLiteral("carol"), QStringLiteral("admin")}}) {
            r = admin.run({QStringLiteral("create"), QStringLiteral("rolebinding"), user + QLatin1Char('-') + role, QStringLiteral("--clusterrole=") + role,
                           QStringLiteral("--user=") + user, QStringLiteral("-n"), QStringLiteral("default")});
            QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        }
        QHash<QString, std::shared_ptr<KubectlRunner>> as;
        for (auto it = tokens.cbegin(); it != tokens.cend(); ++it) {
            TempKubeconfig config = TempKubeconfig::forSandbox(sandbox);
            config.setToken(it.value());
            config.setNamespace(QStringLiteral("default"));
            const QString path = dir.filePath(it.key() + QStringLiteral(".kubeconfig"));
            QVERIFY(config.writeTo(path));
            as.insert(it.key(), std::make_shared<KubectlRunner>(path));
        }
        const QStringList get{QStringLiteral("get"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash")};
        const auto patch = [](double amount) {
            return QStringList{QStringLiteral("patch"), QStringLiteral("cvc"), QStringLiteral("bitcoin-stash"), QStringLiteral("--type=merge"),
                               QStringLiteral("-p"), QStringLiteral(R"({"spec":{"amount":%1}})").arg(amount)};
        };
        const auto amount = [&sandbox] {
            return sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators/bitcoin-stash"))
                .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("amount")).toDouble();
        };

        // Without deploy/ the built-in roles know nothing of CVCs.
        r = as.value(QStringLiteral("alice"))->run(get);
        QVERIFY2(!r.succeeded() && r.standardError.contains(QStringLiteral("forbidden")), qPrintable(r.describe()));
        r = as.value(QStringLiteral("bob"))->run(patch(0.5));
        QVERIFY2(!r.succeeded() && r.standardError.contains(QStringLiteral("forbidden")), qPrintable(r.describe()));

        // kubectl kustomize deploy/overlays/operator-only | kubectl apply -f -
        const Rendered &out = rendered(kOperatorOnly);
        QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
        r = admin.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, out.kustomize.standardOutput.toUtf8());
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        // view: get and list, no patch.
        r = kubectlUntil(*as.value(QStringLiteral("alice")), get, [](const KubectlResult &k) { return k.succeeded(); }, 5000);
        QVERIFY2(r.succeeded() && cvc::e2e::cvcRow(r, QStringLiteral("bitcoin-stash")).startsWith(QStringLiteral("bitcoin-stash bitcoin ")),
                 qPrintable(r.describe()));
        r = as.value(QStringLiteral("alice"))->run({QStringLiteral("get"), QStringLiteral("cvc")});
        QVERIFY2(r.succeeded() && !cvc::e2e::cvcRow(r, QStringLiteral("bitcoin-stash")).isEmpty(), qPrintable(r.describe()));
        r = as.value(QStringLiteral("alice"))->run(patch(0.5));
        QVERIFY2(!r.succeeded()
                     && r.standardError.contains(QStringLiteral(R"(User "alice" cannot patch resource "cryptovaluecalculators" in API group "crypto.tools")")),
                 qPrintable(r.describe()));
        QCOMPARE(amount(), 0.0023);
        // edit and admin: patch.
        r = as.value(QStringLiteral("bob"))->run(patch(0.5));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(amount(), 0.5);
        r = as.value(QStringLiteral("carol"))->run(patch(0.25));
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(amount(), 0.25);
        // Status stays the operator's: not even admin writes it through the aggregated roles.
        r = as.value(QStringLiteral("carol"))->run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("patch"),
                                                    QStringLiteral("cryptovaluecalculators.crypto.tools"), QStringLiteral("--subresource=status")});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("no"));
        r = as.value(QStringLiteral("alice"))->run({QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("watch"),
                                                    QStringLiteral("cryptovaluecalculators.crypto.tools")});
        QCOMPARE(r.standardOutput.trimmed(), QStringLiteral("yes"));
    }
};

QTEST_GUILESS_MAIN(TestDeploy)
#include "tst_deploy.moc"
