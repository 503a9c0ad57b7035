#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cvc::sandbox {

// A RoleBinding or ClusterRoleBinding (namespace empty) as RBAC evaluates it.
struct RoleBinding
{
    struct Subject
    {
        QString kind;        // User, Group, ServiceAccount
        QString name;
        QString ns;          // ServiceAccount only; defaults to the binding's namespace
    };
    struct RoleRef
    {
        QString kind;        // Role or ClusterRole
        QString name;
    };

    QString name;
    QString ns;
    RoleRef roleRef;
    QList<Subject> subjects;

    static RoleBinding fromJson(const QJsonObject &binding);
};

} // namespace cvc::sandbox
