#include "promtool.h"

#include <QProcess>
#include <QStandardPaths>

namespace cvc::e2e {

QString Promtool::path()
{
    return QStandardPaths::findExecutable(QStringLiteral("promtool"));
}

Promtool::Result Promtool::checkMetrics(const QByteArray &exposition, int timeoutMs)
{
    Result result;
    const QString program = path();
    if (program.isEmpty()) {
        result.output = QStringLiteral("promtool not found (Debian package prometheus; scripts/install-deps.sh installs it)");
        return result;
    }
    QProcess check;
    check.start(program, {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!check.waitForStarted()) {
        result.output = check.errorString();
        return result;
    }
    check.write(exposition);
    check.closeWriteChannel();
    if (!check.waitForFinished(timeoutMs)) {
        check.kill();
        check.waitForFinished();
        result.output = QStringLiteral("promtool check metrics did not finish within %1 ms").arg(timeoutMs);
        return result;
    }
    result.ran = check.exitStatus() == QProcess::NormalExit;
    result.exitCode = check.exitCode();
    result.output = QString::fromUtf8(check.readAllStandardOutput() + check.readAllStandardError());
    return result;
}

} // namespace cvc::e2e
