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

    friend bool operator==(const UserInfo &, const UserInfo &) = default;
};

} // namespace cvc::sandbox
