#pragma once

#include "rbacpolicy.h"

#include <QObject>

namespace cvc::sandbox {

class ObjectStore;
struct WatchEvent;

// The RBAC objects of the store as one typed RbacPolicy, rebuilt on the first read after any
// Role, ClusterRole or binding changed (so ordinary requests never reparse them).
class RbacState : public QObject
{
    Q_OBJECT
public:
    static constexpr auto RolesKey = "rbac.authorization.k8s.io/roles";
    static constexpr auto ClusterRolesKey = "rbac.authorization.k8s.io/clusterroles";
    static constexpr auto RoleBindingsKey = "rbac.authorization.k8s.io/rolebindings";
    static constexpr auto ClusterRoleBindingsKey = "rbac.authorization.k8s.io/clusterrolebindings";

    explicit RbacState(const ObjectStore *store, QObject *parent = nullptr);

    const RbacPolicy &policy() const;
    static bool isRbacStorageKey(const QString &storageKey);

private:
    void onObjectChanged(const WatchEvent &event);

    const ObjectStore *m_store;
    mutable RbacPolicy m_policy;
    mutable bool m_stale = true;
};

} // namespace cvc::sandbox
