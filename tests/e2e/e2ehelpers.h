#pragma once

#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QDeadlineTimer>
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

inline QString conditionJsonPath(const QString &type, const QString &field = QStringLiteral("status"))
{
    return QStringLiteral("jsonpath={.status.conditions[?(@.type==\"%1\")].%2}").arg(type, field);
}

} // namespace cvc::e2e
