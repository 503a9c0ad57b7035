#pragma once

#include "kubectlrunner.h"
#include "sandboxprocess.h"
#include "tempkubeconfig.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QUuid>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <functional>

namespace cvc::e2e {

using testsupport::KubectlResult;
using testsupport::KubectlRunner;
using testsupport::SandboxProcess;

// Base of the end-to-end tests that drive a real kubectl: without one the whole test fails at once. QtTest finds the inherited initTestCase() through the meta-object.
class KubectlTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    }
};

// Writes `key` to a file named api-key in `dir`, as a Secret mounts it, for --api-key-file; the
// path, or "" when it cannot be written.
inline QString writeApiKeyFile(const QTemporaryDir &dir, const QByteArray &key)
{
    QFile file(dir.filePath(QStringLiteral("api-key")));
    if (!file.open(QIODevice::WriteOnly) || file.write(key + '\n') != key.size() + 1)
        return {};
    return file.fileName();
}

// The row of `kubectl get cvc` for `name`, whitespace collapsed ("bitcoin-stash bitcoin 0.0023 $94.8106 ...").
inline QString cvcRow(const testsupport::KubectlResult &r, const QString &name)
{
    for (const QString &line : r.tableLines()) {
        if (line.startsWith(name + QLatin1Char(' ')))
            return line;
    }
    return {};
}

// Runs kubectl until `accept` takes its result or the deadline passes; returns the last result.
inline testsupport::KubectlResult kubectlUntil(const testsupport::KubectlRunner &kubectl, const QStringList &args,
                                               const std::function<bool(const testsupport::KubectlResult &)> &accept,
                                               int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    testsupport::KubectlResult r;
    do {
        r = kubectl.run(args);
        if (accept(r))
            return r;
        QTest::qWait(200); // poll interval while a remote state converges, not synchronisation
    } while (!deadline.hasExpired());
    return r;
}

// Operator replicas as distinct users ("replica-a", "replica-b", …), so that faults can target
// one of them and the sandbox's write log tells them apart: a --token-auth-file for the sandbox
// and a kubeconfig per replica, in a directory of their own.
class ReplicaUsers
{
public:
    explicit ReplicaUsers(const QStringList &ids)
        : m_ids(ids)
    {
        QFile tokens(tokenFile());
        if (!tokens.open(QIODevice::WriteOnly))
            return;
        int uid = 2001;
        for (const QString &id : ids) {
            const QByteArray token = QUuid::createUuid().toByteArray(QUuid::Id128);
            m_tokens.insert(id, token);
            // Leader election is under test here, not RBAC: each replica may do anything.
            tokens.write(token + ',' + userOf(id).toUtf8() + ',' + QByteArray::number(uid++) + ",\"system:masters\"\n");
        }
    }

    // Pass to the sandbox: {"--token-auth-file", tokenFile()}.
    QString tokenFile() const { return m_dir.filePath(QStringLiteral("tokens.csv")); }
    static QString userOf(const QString &id) { return QStringLiteral("replica-") + id; }
    // Writes (once) and returns a kubeconfig for the sandbox as replica `id`.
    QString kubeconfigFor(const SandboxProcess &sandbox, const QString &id) const
    {
        const QString path = m_dir.filePath(id + QStringLiteral(".kubeconfig"));
        testsupport::TempKubeconfig config = testsupport::TempKubeconfig::forSandbox(sandbox);
        config.setToken(m_tokens.value(id));
        return config.writeTo(path) ? path : QString();
    }

private:
    QTemporaryDir m_dir;
    QStringList m_ids;
    QHash<QString, QByteArray> m_tokens;
};

// deploy/'s Kustomize overlay `overlay` ("operator-only", "with-monitoring") as `kubectl kustomize`
// renders it with the kubectl under test ($CVC_KUBECTL: 1.20 carries kustomize v2.0.3, the newest
// kustomize v5). The YAML is the result's standardOutput, for `kubectl apply -f -`.
inline testsupport::KubectlResult kustomize(const QString &overlay)
{
    return testsupport::KubectlRunner(QString()).run(
        {QStringLiteral("kustomize"), SandboxProcess::sourcePath(QStringLiteral("deploy/overlays/") + overlay)});
}

inline QString conditionJsonPath(const QString &type, const QString &field = QStringLiteral("status"))
{
    return QStringLiteral("jsonpath={.status.conditions[?(@.type==\"%1\")].%2}").arg(type, field);
}

} // namespace cvc::e2e
