#pragma once

#include <QJsonObject>
#include <QString>

namespace cvc::ui {

// The kubectl command line that does what the dashboard does, for people who want to script it
// or run it beside the app. Arguments are quoted for a POSIX shell.
class KubectlCommand
{
public:
    struct Target
    {
        QString kubeconfig;   // empty: kubectl's default
        QString context;
        QString namespaceName;
    };

    static QString get(const Target &target, const QString &name);
    static QString create(const Target &target, const QJsonObject &object);
    static QString patchSpec(const Target &target, const QString &name, const QJsonObject &spec);
    static QString remove(const Target &target, const QString &name);
    static QString shellQuote(const QString &argument);

private:
    static QString prefix(const Target &target);
};

} // namespace cvc::ui
