#pragma once

#include "apiservices.h"

#include <QObject>

namespace cvc::sandbox {

struct WatchEvent;

// What kube-apiserver's RBAC bootstrap and kube-controller-manager's ClusterRole aggregation do:
// at start creates the bootstrap roles and bindings that are missing and reconciles the others
// (BootstrapPolicy::reconciled: missing rules and subjects back, unless autoupdate is "false"),
// and keeps the rules of every ClusterRole with an aggregationRule equal to those of
// the ClusterRoles its selectors match, whenever any ClusterRole changes.
class RbacController : public QObject
{
    Q_OBJECT
public:
    RbacController(const ApiServices &services, QObject *parent = nullptr);

    bool ensureBootstrapPolicy(QString *error);
    // Brings every aggregated ClusterRole up to date now.
    void aggregate();

private:
    void onObjectChanged(const WatchEvent &event);

    ApiServices m_services;
    bool m_aggregationPending = false;
};

} // namespace cvc::sandbox
