#include "dashboard/kubectlcommand.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace cvc::ui {

QString KubectlCommand::shellQuote(const QString &argument)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (safe.match(argument).hasMatch())
        return argument;
    QString quoted = argument;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString KubectlCommand::prefix(const Target &target)
{
    QString command = QStringLiteral("kubectl");
    if (!target.kubeconfig.isEmpty())
        command += QStringLiteral(" --kubeconfig ") + shellQuote(target.kubeconfig);
    if (!target.context.isEmpty())
        command += QStringLiteral(" --context ") + shellQuote(target.context);
    if (!target.namespaceName.isEmpty())
        command += QStringLiteral(" -n ") + shellQuote(target.namespaceName);
    return command;
}

QString KubectlCommand::get(const Target &target, const QString &name)
{
    return prefix(target) + QStringLiteral(" get cvc ") + shellQuote(name) + QStringLiteral(" -o wide");
}

QString KubectlCommand::create(const Target &target, const QJsonObject &object)
{
    // kubectl reads JSON as well as YAML from stdin.
    const QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    return QStringLiteral("echo ") + shellQuote(json) + QStringLiteral(" | ") + prefix(target)
           + QStringLiteral(" create -f -");
}

QString KubectlCommand::patchSpec(const Target &target, const QString &name, const QJsonObject &spec)
{
    const QString json = QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("spec"), spec}}).toJson(QJsonDocument::Compact));
    return prefix(target) + QStringLiteral(" patch cvc ") + shellQuote(name) + QStringLiteral(" --type merge -p ")
           + shellQuote(json);
}

QString KubectlCommand::remove(const Target &target, const QString &name)
{
    return prefix(target) + QStringLiteral(" delete cvc ") + shellQuote(name);
}

} // namespace cvc::ui
