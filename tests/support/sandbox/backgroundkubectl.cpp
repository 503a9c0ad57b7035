#include "backgroundkubectl.h"

#include "kubectlresult.h"

#include <QTest>

namespace cvc::testsupport {

BackgroundKubectl::BackgroundKubectl(const QString &program, const QStringList &arguments,
                                     const QProcessEnvironment &environment, const QString &workingDirectory,
                                     QObject *parent)
    : QObject(parent)
    , m_arguments(arguments)
{
    m_process.setProgram(program);
    m_process.setArguments(arguments);
    m_process.setProcessEnvironment(environment);
    m_process.setWorkingDirectory(workingDirectory);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, [this] {
        m_stdout += m_process.readAllStandardOutput();
        Q_EMIT outputReceived();
    });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process.readAllStandardError(); });
    m_process.start();
    m_process.closeWriteChannel();
}

BackgroundKubectl::~BackgroundKubectl()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool BackgroundKubectl::waitForStarted(int timeoutMs)
{
    return m_process.waitForStarted(timeoutMs);
}

bool BackgroundKubectl::waitForOutput(const QString &text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return standardOutput().contains(text) || !isRunning(); }, timeoutMs)
        && standardOutput().contains(text);
}

bool BackgroundKubectl::waitForLines(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return outputLines().size() >= count || !isRunning(); }, timeoutMs)
        && outputLines().size() >= count;
}

bool BackgroundKubectl::waitForFinished(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !isRunning(); }, timeoutMs);
}

int BackgroundKubectl::stop()
{
    if (isRunning()) {
        m_process.terminate();
        if (!QTest::qWaitFor([this] { return !isRunning(); }, 3000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    m_stdout += m_process.readAllStandardOutput();
    m_stderr += m_process.readAllStandardError();
    return exitCode();
}

bool BackgroundKubectl::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

int BackgroundKubectl::exitCode() const
{
    if (isRunning() || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

QString BackgroundKubectl::standardOutput() const
{
    return QString::fromUtf8(m_stdout);
}

QString BackgroundKubectl::standardError() const
{
    return QString::fromUtf8(m_stderr);
}

QStringList BackgroundKubectl::outputLines() const
{
    return KubectlResult::collapsedLines(standardOutput());
}

QString BackgroundKubectl::describe() const
{
    return QStringLiteral("kubectl %1 (%2)\nstdout: %3\nstderr: %4")
        .arg(m_arguments.join(QLatin1Char(' ')),
             isRunning() ? QStringLiteral("running") : QStringLiteral("exit %1").arg(exitCode()),
             standardOutput().left(1500), standardError().left(1500));
}

} // namespace cvc::testsupport
