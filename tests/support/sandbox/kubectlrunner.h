#pragma once

#include "kubectlresult.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVersionNumber>

#include <memory>

class QObject;
class QProcessEnvironment;
class QTemporaryDir;

namespace cvc::testsupport {

class BackgroundKubectl;
class SandboxProcess;

// Runs the real kubectl against a sandbox the way a user would, isolated from the machine's own
// setup: every runner has its own fresh HOME and KUBECACHEDIR (kubectl caches discovery and the
// dispatcher's /version answer for hours), and passes `--kubeconfig` explicitly.
//
//   KubectlRunner kubectl(sandbox);
//   KubectlResult r = kubectl.run({"apply", "-f", SandboxProcess::sourcePath("examples/bitcoin.yaml")});
//   QVERIFY2(r.succeeded(), qPrintable(r.describe()));
//   QVERIFY(r.standardOutput.contains("created"));
class KubectlRunner
{
public:
    explicit KubectlRunner(const SandboxProcess &sandbox);
    explicit KubectlRunner(const QString &kubeconfigPath);
    ~KubectlRunner();

    // $CVC_KUBECTL when set (the test runs for one kubectl of several), else /usr/bin/kubectl
    // when present, else `kubectl` found on PATH; empty when there is none.
    static QString kubectlPath();
    // That kubectl's own version (1.20.2, 1.33.1; the dispatcher says 1.32.4), asked once per path;
    // null when it cannot say. Tests expect version-specific text only where kubectl itself prints
    // differently, never where the server answers.
    static QVersionNumber clientVersion();

    void setKubeconfig(const QString &path);
    QString kubeconfigPath() const;
    void setTimeout(int milliseconds);          // per run; default 60 s
    void setWorkingDirectory(const QString &path);
    void setEnvironmentValue(const QString &name, const QString &value);
    QString homePath() const;                   // the runner's fresh HOME
    QString cachePath() const;                  // its KUBECACHEDIR

    // Runs `kubectl --kubeconfig <file> args…`, feeding `standardInput` (for `apply -f -`).
    KubectlResult run(const QStringList &args, const QByteArray &standardInput = {}) const;
    // Starts a long-running kubectl (e.g. `get cvc -w`); the caller owns the object (parent).
    BackgroundKubectl *startBackground(const QStringList &args, QObject *parent = nullptr) const;

private:
    QProcessEnvironment environment() const;
    QStringList fullArguments(const QStringList &args) const;

    std::unique_ptr<QTemporaryDir> m_home;
    QString m_kubeconfig;
    QString m_workingDirectory;
    QMap<QString, QString> m_environment;
    int m_timeoutMs = 60000;
};

} // namespace cvc::testsupport
