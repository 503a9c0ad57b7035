#pragma once

#include "policyrule.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace cvc::sandbox {

// kube-controller-manager's ClusterRole aggregation: a ClusterRole with an aggregationRule holds
// the rules of every other ClusterRole its selectors match, by name order, each rule once.
namespace ClusterRoleAggregator {

// The rules `clusterRole` should hold; nullopt when it has no aggregationRule.
std::optional<QList<PolicyRule>> aggregatedRules(const QJsonObject &clusterRole, const QList<QJsonObject> &clusterRoles);

} // namespace ClusterRoleAggregator

} // namespace cvc::sandbox
