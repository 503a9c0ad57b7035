#pragma once

#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// Who made a request, as kube-apiserver's authenticators report it.
struct UserInfo {
    QString name;
    QString uid;
    QStringList groups;   // includes "system:authenticated" for every authenticated user

    friend bool operator==(const UserInfo &, const UserInfo &) = default;
};

} // namespace cvc::sandbox
