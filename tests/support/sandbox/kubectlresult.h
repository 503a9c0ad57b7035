#pragma once

#include <QString>
#include <QStringList>

namespace cvc::testsupport {

// The outcome of one kubectl run, as the user saw it.
class KubectlResult
{
public:
    QStringList arguments;
    int exitCode = -1;       // -1 when it crashed, timed out or could not start
    bool timedOut = false;
    QString standardOutput;
    QString standardError;

    bool succeeded() const { return exitCode == 0 && !timedOut; }
    // Non-empty stdout lines with runs of whitespace collapsed to one space, so table output can be
    // compared as "NAME COIN AMOUNT VALUE CHANGE UPDATED" regardless of column widths.
    QStringList tableLines() const;
    static QStringList collapsedLines(const QString &text);
    // "kubectl get cvc → exit 1; stderr: …; stdout: …" for QVERIFY2 messages.
    QString describe() const;
};

} // namespace cvc::testsupport
