#include "kubectlrunner.h"

#include "backgroundkubectl.h"
#include "sandboxprocess.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

namespace cvc::testsupport {

KubectlRunner::KubectlRunner(const SandboxProcess &sandbox)
    : KubectlRunner(sandbox.kubeconfigPath())
{
}

KubectlRunner::KubectlRunner(const QString &kubeconfigPath)
    : m_home(std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/kubectl-home-XXXXXX")))
    , m_kubeconfig(kubeconfigPath)
{
}

KubectlRunner::~KubectlRunner() = default;

QString KubectlRunner::kubectlPath()
{
    // The suite runs its kubectl tests once per kubectl it was given (tests/sandbox/CMakeLists.txt).
    const QString chosen = qEnvironmentVariable("CVC_KUBECTL");
    if (!chosen.isEmpty())
        return chosen;
    const QString system = QStringLiteral("/usr/bin/kubectl");
    if (QFileInfo(system).isExecutable())
        return system;
    return QStandardPaths::findExecutable(QStringLiteral("kubectl"));
}

QVersionNumber KubectlRunner::clientVersion()
{
    static QHash<QString, QVersionNumber> known;
    const QString program = kubectlPath();
    if (program.isEmpty())
        return {};
    if (const auto found = known.constFind(program); found != known.constEnd())
        return *found;
    // `-o json` has the same shape in every release, where the plain form changed in 1.28.
    QProcess process;
    process.start(program, {QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"), QStringLiteral("json")});
    if (!process.waitForFinished(30000))
        return {};
    const QJsonObject version = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    const QString git = version.value(QStringLiteral("clientVersion")).toObject().value(QStringLiteral("gitVersion")).toString();
    const QVersionNumber parsed = QVersionNumber::fromString(git.mid(1));
    known.insert(program, parsed);
    return parsed;
}

void KubectlRunner::setKubeconfig(const QString &path)
{
    m_kubeconfig = path;
}

QString KubectlRunner::kubeconfigPath() const
{
    return m_kubeconfig;
}

void KubectlRunner::setTimeout(int milliseconds)
{
    m_timeoutMs = milliseconds;
}

void KubectlRunner::setWorkingDirectory(const QString &path)
{
    m_workingDirectory = path;
}

void KubectlRunner::setEnvironmentValue(const QString &name, const QString &value)
{
    m_environment.insert(name, value);
}

QString KubectlRunner::homePath() const
{
    return m_home->path();
}

QString KubectlRunner::cachePath() const
{
    return QDir(homePath()).filePath(QStringLiteral(".kube/cache"));
}

QProcessEnvironment KubectlRunner::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Nothing from the machine's own kubectl setup may leak in: cached discovery from another
    // sandbox on a reused port, or a KUBECONFIG pointing at a real cluster.
    env.insert(QStringLiteral("HOME"), homePath());
    env.insert(QStringLiteral("KUBECACHEDIR"), cachePath());
    env.remove(QStringLiteral("KUBECONFIG"));
    env.remove(QStringLiteral("XDG_CACHE_HOME"));
    for (auto it = m_environment.cbegin(); it != m_environment.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

QStringList KubectlRunner::fullArguments(const QStringList &args) const
{
    QStringList full;
    if (!m_kubeconfig.isEmpty())
        full << QStringLiteral("--kubeconfig=") + m_kubeconfig;
    return full + args;
}

KubectlResult KubectlRunner::run(const QStringList &args, const QByteArray &standardInput) const
{
    KubectlResult result;
    result.arguments = args;
    const QString program = kubectlPath();
    if (program.isEmpty()) {
        result.standardError = QStringLiteral("no kubectl on this machine (neither /usr/bin/kubectl nor on PATH)");
        return result;
    }
    QProcess process;
    process.setProgram(program);
    process.setArguments(fullArguments(args));
    process.setProcessEnvironment(environment());
    process.setWorkingDirectory(m_workingDirectory.isEmpty() ? homePath() : m_workingDirectory);

    // Wait in an event loop rather than blocking: the test process may itself serve something
    // kubectl talks to (a fake server, an exec plugin's helper).
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        loop.quit();
    });
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    process.start();
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();
    deadline.start(m_timeoutMs);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    if (result.timedOut) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.standardOutput = QString::fromUtf8(process.readAllStandardOutput());
    result.standardError = QString::fromUtf8(process.readAllStandardError());
    if (process.error() == QProcess::FailedToStart)
        result.standardError += QStringLiteral("could not start %1: %2").arg(program, process.errorString());
    result.exitCode = (!result.timedOut && process.exitStatus() == QProcess::NormalExit
                       && process.error() != QProcess::FailedToStart)
        ? process.exitCode()
        : -1;
    return result;
}

BackgroundKubectl *KubectlRunner::startBackground(const QStringList &args, QObject *parent) const
{
    return new BackgroundKubectl(kubectlPath(), fullArguments(args), environment(),
                                 m_workingDirectory.isEmpty() ? homePath() : m_workingDirectory, parent);
}

} // namespace cvc::testsupport
