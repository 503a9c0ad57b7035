#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace cvc::testsupport {

// A kubectl left running, such as `kubectl get cvc -w`. Output accumulates; tests wait for text
// with a deadline instead of sleeping. Terminated (then killed) when destroyed.
class BackgroundKubectl : public QObject
{
    Q_OBJECT

public:
    BackgroundKubectl(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                      const QString &workingDirectory, QObject *parent = nullptr);
    ~BackgroundKubectl() override;

    bool waitForStarted(int timeoutMs = 10000);
    // Waits until stdout contains `text` (counting from the start of the output); false on timeout or exit.
    bool waitForOutput(const QString &text, int timeoutMs = 20000);
    // Waits until stdout has at least `count` non-empty lines.
    bool waitForLines(int count, int timeoutMs = 20000);
    bool waitForFinished(int timeoutMs = 20000);
    // SIGTERM, then SIGKILL after a short grace period; returns the exit code (-1 if killed).
    int stop();

    bool isRunning() const;
    int exitCode() const;
    QString standardOutput() const;
    QString standardError() const;
    QStringList outputLines() const;   // non-empty stdout lines, whitespace collapsed
    QString describe() const;

Q_SIGNALS:
    void outputReceived();

private:
    QProcess m_process;
    QStringList m_arguments;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

} // namespace cvc::testsupport
