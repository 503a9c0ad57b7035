// deploy/: every manifest parses, the RBAC rules are exactly the verbs the operator uses, the
// Deployment runs non-root with the key mounted as a file, and `kubectl apply --dry-run=server`
// against kube-sandbox accepts every manifest and stores nothing (fresh HOME per kubectl run).
#include "e2ehelpers.h"

#include "json/yamlconverter.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QtTest>

using cvc::testsupport::KubectlResult;
using cvc::testsupport::KubectlRunner;
using cvc::testsupport::SandboxProcess;

namespace {

QList<QJsonObject> manifests(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const cvc::YamlDocuments docs = cvc::YamlConverter::parseDocuments(f.readAll());
    QList<QJsonObject> out;
    for (const QJsonValue &d : docs.documents)
        out.append(d.toObject());
    return out;
}

QJsonObject find(const QString &kind, const QString &name)
{
    const QDir dir(SandboxProcess::sourcePath(QStringLiteral("deploy")));
    for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files)) {
        for (const QJsonObject &o : manifests(dir.filePath(file))) {
            if (o.value(QStringLiteral("kind")).toString() == kind
                && o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString() == name)
                return o;
        }
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

} // namespace

class TestDeploy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manifestsParse()
    {
        const QDir dir(SandboxProcess::sourcePath(QStringLiteral("deploy")));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files);
        QVERIFY(files.size() >= 5);
        for (const QString &file : files) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const cvc::YamlDocuments docs = cvc::YamlConverter::parseDocuments(f.readAll());
            QVERIFY2(docs.ok(), qPrintable(file + QStringLiteral(": ") + docs.error));
            for (const QJsonValue &d : docs.documents) {
                QVERIFY2(!d.toObject().value(QStringLiteral("apiVersion")).toString().isEmpty(), qPrintable(file));
                QVERIFY2(!d.toObject().value(QStringLiteral("kind")).toString().isEmpty(), qPrintable(file));
            }
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("Dockerfile"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("README.md"))));
    }

    void leastPrivilege()
    {
        const QJsonObject role = find(QStringLiteral("ClusterRole"), QStringLiteral("cvc-operator"));
        QVERIFY(!role.isEmpty());
        QMap<QString, QStringList> verbs;
        for (const QJsonValue &r : role.value(QStringLiteral("rules")).toArray()) {
            const QJsonObject rule = r.toObject();
            for (const QString &g : strings(rule.value(QStringLiteral("apiGroups"))))
                for (const QString &res : strings(rule.value(QStringLiteral("resources"))))
                    verbs[g + QLatin1Char('/') + res] += strings(rule.value(QStringLiteral("verbs")));
        }
        for (auto &v : verbs)
            v.sort();
        QMap<QString, QStringList> expected{
            {QStringLiteral("crypto.tools/cryptovaluecalculators"), {QStringLiteral("list"), QStringLiteral("patch"), QStringLiteral("watch")}},
            {QStringLiteral("crypto.tools/cryptovaluecalculators/status"), {QStringLiteral("patch")}},
            {QStringLiteral("/events"), {QStringLiteral("create"), QStringLiteral("patch")}},
        };
        QCOMPARE(verbs, expected);
        const QJsonObject leaseRole = find(QStringLiteral("Role"), QStringLiteral("cvc-operator-leader-election"));
        QCOMPARE(leaseRole.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString(), QStringLiteral("cvc-system"));
        const QJsonObject leaseRule = leaseRole.value(QStringLiteral("rules")).toArray().first().toObject();
        QCOMPARE(strings(leaseRule.value(QStringLiteral("resources"))), QStringList{QStringLiteral("leases")});
        QCOMPARE(strings(leaseRule.value(QStringLiteral("verbs"))),
                 (QStringList{QStringLiteral("get"), QStringLiteral("create"), QStringLiteral("update")}));
        for (const QString &kind : {QStringLiteral("ClusterRoleBinding"), QStringLiteral("RoleBinding")}) {
            const QJsonObject b = find(kind, kind == QLatin1String("RoleBinding") ? QStringLiteral("cvc-operator-leader-election")
                                                                                  : QStringLiteral("cvc-operator"));
            const QJsonObject subject = b.value(QStringLiteral("subjects")).toArray().first().toObject();
            QCOMPARE(subject.value(QStringLiteral("kind")).toString(), QStringLiteral("ServiceAccount"));
            QCOMPARE(subject.value(QStringLiteral("name")).toString(), QStringLiteral("cvc-operator"));
        }
    }

    void deploymentIsSafe()
    {
        const QJsonObject d = find(QStringLiteral("Deployment"), QStringLiteral("cvc-operator"));
        QVERIFY(!d.isEmpty());
        const QJsonObject spec = d.value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("replicas")).toInt(), 1);
        const QJsonObject pod = spec.value(QStringLiteral("template")).toObject().value(QStringLiteral("spec")).toObject();
        QCOMPARE(pod.value(QStringLiteral("serviceAccountName")).toString(), QStringLiteral("cvc-operator"));
        QVERIFY(pod.value(QStringLiteral("securityContext")).toObject().value(QStringLiteral("runAsNonRoot")).toBool());
        const QJsonObject container = pod.value(QStringLiteral("containers")).toArray().first().toObject();
        const QStringList args = strings(container.value(QStringLiteral("args")));
        QVERIFY(args.contains(QStringLiteral("--api-key-file=/var/run/secrets/coingecko/api-key")));
        QVERIFY(args.contains(QStringLiteral("--lease-namespace=cvc-system")));
        QVERIFY(!container.value(QStringLiteral("livenessProbe")).isUndefined());
        QVERIFY(!container.value(QStringLiteral("readinessProbe")).isUndefined());
        const QJsonObject sc = container.value(QStringLiteral("securityContext")).toObject();
        QCOMPARE(sc.value(QStringLiteral("allowPrivilegeEscalation")).toBool(true), false);
        QVERIFY(sc.value(QStringLiteral("readOnlyRootFilesystem")).toBool());
        QCOMPARE(pod.value(QStringLiteral("volumes")).toArray().first().toObject().value(QStringLiteral("secret")).toObject()
                     .value(QStringLiteral("secretName")).toString(), QStringLiteral("coingecko-api-key"));
        QFile docker(SandboxProcess::sourcePath(QStringLiteral("deploy/Dockerfile")));
        QVERIFY(docker.open(QIODevice::ReadOnly));
        const QByteArray text = docker.readAll();
        QVERIFY(text.contains("FROM debian:bookworm-slim"));
        QVERIFY(text.contains("USER 65532"));
    }

    void serverDryRun()
    {
        // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        // The namespace for real (a dry-run create does not make it, so the namespaced objects
        // would be refused), then the whole folder as one server dry run: every kind is served.
        KubectlResult r = KubectlRunner(sandbox).run({QStringLiteral("apply"), QStringLiteral("-f"),
                                                      SandboxProcess::sourcePath(QStringLiteral("deploy/namespace.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        r = KubectlRunner(sandbox).run({QStringLiteral("apply"), QStringLiteral("--dry-run=server"), QStringLiteral("-f"),
                                        SandboxProcess::sourcePath(QStringLiteral("deploy"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        const QStringList lines = r.standardOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QDir dir(SandboxProcess::sourcePath(QStringLiteral("deploy")));
        int objects = 0;
        for (const QString &file : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files)) {
            for (const QJsonObject &o : manifests(dir.filePath(file))) {
                ++objects;
                // "deployment.apps/cvc-operator created (server dry run)"; the namespace is unchanged.
                const QString kind = o.value(QStringLiteral("kind")).toString().toLower();
                const QString name = o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
                const bool reported = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
                    const QString ref = line.section(QLatin1Char(' '), 0, 0);
                    return ref.section(QLatin1Char('/'), 0, 0).section(QLatin1Char('.'), 0, 0) == kind
                        && ref.section(QLatin1Char('/'), 1) == name
                        && (line.endsWith(QLatin1String(" created (server dry run)"))
                            || (kind == QLatin1String("namespace") && line.endsWith(QLatin1String(" unchanged (server dry run)"))));
                });
                QVERIFY2(reported, qPrintable(QStringLiteral("%1 %2/%3 not accepted by the dry run:\n%4")
                                                  .arg(file, kind, name, r.describe())));
            }
        }
        QCOMPARE(lines.size(), objects);
        QVERIFY(objects >= 8);
        // A dry run stores nothing: only the namespace applied above exists.
        r = KubectlRunner(sandbox).run({QStringLiteral("get"), QStringLiteral("-n"), QStringLiteral("cvc-system"),
                                        QStringLiteral("deployments,serviceaccounts,secrets,roles,rolebindings"),
                                        QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.standardOutput.trimmed(), QString());
        // Cluster-wide, only deploy/'s own: the bootstrap RBAC policy is there as on any cluster.
        r = KubectlRunner(sandbox).run({QStringLiteral("get"), QStringLiteral("clusterroles,clusterrolebindings"),
                                        QStringLiteral("-l"), QStringLiteral("app.kubernetes.io/name=cvc-operator"),
                                        QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QCOMPARE(r.standardOutput.trimmed(), QString());
    }
};

QTEST_GUILESS_MAIN(TestDeploy)
#include "tst_deploy.moc"
