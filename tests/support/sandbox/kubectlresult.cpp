#include "kubectlresult.h"

#include <QRegularExpression>

namespace cvc::testsupport {

QStringList KubectlResult::collapsedLines(const QString &text)
{
    QStringList lines;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString simplified = line.simplified();
        if (!simplified.isEmpty())
            lines.append(simplified);
    }
    return lines;
}

QStringList KubectlResult::tableLines() const
{
    return collapsedLines(standardOutput);
}

QString KubectlResult::describe() const
{
    QString text = QStringLiteral("kubectl ") + arguments.join(QLatin1Char(' '));
    text += timedOut ? QStringLiteral(" → timed out") : QStringLiteral(" → exit %1").arg(exitCode);
    if (!standardError.isEmpty())
        text += QStringLiteral("\nstderr: ") + standardError.left(1500);
    if (!standardOutput.isEmpty())
        text += QStringLiteral("\nstdout: ") + standardOutput.left(1500);
    return text;
}

} // namespace cvc::testsupport
