#pragma once

#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// Who made a request, as kube-apiserver's authenticators report it.
struct UserInfo {
    QString name;
    QString uid;
    QStringList groups;   // includes "system:authenticated" for every authenticated user
    // Set only when the request carried the admin token itself. The name sandbox-admin proves
    // nothing: a token file line or a client certificate may claim it too.
    bool adminToken = false;

    // "system:serviceaccount:NS:NAME", the user a ServiceAccount's token authenticates as.
    static QString serviceAccountName(const QString &ns, const QString &name)
    {
        return QStringLiteral("system:serviceaccount:") + ns + QLatin1Char(':') + name;
    }
    // That user in the groups system:serviceaccounts and system:serviceaccounts:NS.
    static UserInfo serviceAccount(const QString &ns, const QString &name)
    {
        UserInfo user;
        user.name = serviceAccountName(ns, name);
        user.groups = {QStringLiteral("system:serviceaccounts"), QStringLiteral("system:serviceaccounts:") + ns};
        return user;
    }

    friend bool operator==(const UserInfo &, const UserInfo &) = default;
};

} // namespace cvc::sandbox
