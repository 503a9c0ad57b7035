// cvc-operator's log as a log collector reads it (issue 13 item 5): with --log-format json every
// reconcile is a line with controller-runtime's keys (controller, namespace, name, reconcileID)
// and its outcome; a refused write is an error line naming the object and the server's reason;
// --log-level chooses what is shown.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

using namespace cvc::e2e;

namespace {

// The JSON lines of `output` (the operator's stderr and stdout), in order.
QList<QJsonObject> jsonLines(const QString &output)
{
    QList<QJsonObject> lines;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8());
        if (doc.isObject())
            lines.append(doc.object());
    }
    return lines;
}

// The first line about `namespace/name` with `outcome`, or an empty object.
QJsonObject reconcileLine(const QString &output, const QString &name, const QString &outcome)
{
    for (const QJsonObject &line : jsonLines(output)) {
        if (line.value(QStringLiteral("name")).toString() == name && line.value(QStringLiteral("namespace")).toString() == QLatin1String("default")
            && line.value(QStringLiteral("outcome")).toString() == outcome)
            return line;
    }
    return {};
}

bool applyManifest(const KubectlRunner &kubectl, const QString &yaml, QString *error)
{
    const KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, yaml.toUtf8());
    if (!r.succeeded())
        *error = r.describe();
    return r.succeeded();
}

} // namespace

class TestOperatorLogs : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void everyReconcileIsALineWithItsObjectAndId()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        const KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--log-format"), QStringLiteral("json")}),
                 qPrintable(op.errorString()));

        QVERIFY2(op.waitForOutput(QStringLiteral("wrote the changes"), 20000), qPrintable(op.output()));
        QJsonObject line;
        for (const QJsonObject &l : jsonLines(op.output())) {
            if (l.value(QStringLiteral("msg")).toString() == QLatin1String("Reconcile successful: wrote the changes"))
                line = l;
        }
        QCOMPARE(line.value(QStringLiteral("namespace")).toString(), QStringLiteral("default"));
        QCOMPARE(line.value(QStringLiteral("name")).toString(), QStringLiteral("bitcoin-stash"));
        QCOMPARE(line.value(QStringLiteral("outcome")).toString(), QStringLiteral("done"));
        QCOMPARE(line.value(QStringLiteral("controller")).toString(), QStringLiteral("cryptovaluecalculator"));
        QCOMPARE(line.value(QStringLiteral("level")).toString(), QStringLiteral("debug"));
        static const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
        QVERIFY2(uuid.match(line.value(QStringLiteral("reconcileID")).toString()).hasMatch(), qPrintable(op.output()));
        QVERIFY(!line.contains(QStringLiteral("error")));

        // Each run has its own ID: the next tick's reconcile of the same CVC is another line.
        const int from = op.outputSize();
        QVERIFY2(op.waitForOutput(QStringLiteral("nothing to write"), 20000, from), qPrintable(op.output()));
        QSet<QString> ids;
        for (const QJsonObject &l : jsonLines(op.output())) {
            if (l.value(QStringLiteral("name")).toString() == QLatin1String("bitcoin-stash"))
                ids.insert(l.value(QStringLiteral("reconcileID")).toString());
        }
        QVERIFY2(ids.size() >= 2, qPrintable(op.output()));
    }

    // An account that may patch CVCs but not their status: the status write is refused (403), the
    // reconcile ends terminal, and the error line names the object and the server's reason.
    // At --log-level info (which wins over the -v every test operator gets) the routine debug
    // lines are gone and the error stays.
    void aRefusedWriteIsAnErrorLineNamingTheObject()
    {
        QTemporaryDir dir;
        const QByteArray token = QUuid::createUuid().toByteArray(QUuid::Id128);
        QFile tokens(dir.filePath(QStringLiteral("tokens.csv")));
        QVERIFY(tokens.open(QIODevice::WriteOnly));
        tokens.write(token + ",limited-operator,3001\n");
        tokens.close();

        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--token-auth-file"), tokens.fileName()}),
                 qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        QString error;
        QVERIFY2(applyManifest(kubectl, QStringLiteral(R"(
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cvc-without-status}
rules:
- {apiGroups: [crypto.tools], resources: [cryptovaluecalculators], verbs: [get, list, watch, patch]}
- {apiGroups: [""], resources: [events], verbs: [create, patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cvc-without-status}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cvc-without-status}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: limited-operator}
)"), &error), qPrintable(error));
        const KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        cvc::testsupport::TempKubeconfig config = cvc::testsupport::TempKubeconfig::forSandbox(sandbox);
        config.setToken(token);
        const QString kubeconfig = dir.filePath(QStringLiteral("limited.kubeconfig"));
        QVERIFY(config.writeTo(kubeconfig));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(kubeconfig, prices.rootUrl(),
                          {QStringLiteral("--no-leader-election"), QStringLiteral("--log-format"), QStringLiteral("json"),
                           QStringLiteral("--log-level"), QStringLiteral("info")}),
                 qPrintable(op.errorString()));
        QVERIFY2(op.waitForOutput(QStringLiteral("\"outcome\":\"terminal\""), 20000), qPrintable(op.output()));
        const QJsonObject line = reconcileLine(op.output(), QStringLiteral("bitcoin-stash"), QStringLiteral("terminal"));
        QVERIFY2(!line.isEmpty(), qPrintable(op.output()));
        QCOMPARE(line.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
        QVERIFY(line.value(QStringLiteral("msg")).toString().startsWith(QStringLiteral("Reconciler error")));
        const QString reason = line.value(QStringLiteral("error")).toString();
        QVERIFY2(reason.contains(QStringLiteral(R"(User "limited-operator" cannot patch resource "cryptovaluecalculators/status")")),
                 qPrintable(reason));
        for (const QJsonObject &l : jsonLines(op.output()))
            QVERIFY2(l.value(QStringLiteral("level")).toString() != QLatin1String("debug"), qPrintable(op.output()));
        QVERIFY2(!op.output().contains(QStringLiteral("Reconcile successful")), qPrintable(op.output()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorLogs)
#include "tst_operatorlogs.moc"
