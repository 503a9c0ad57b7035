#pragma once

#include <QJsonObject>
#include <QList>

#include <optional>

namespace cvc::sandbox {

// kube-apiserver's bootstrap roles and bindings as far as kube-sandbox serves them
// (bootstrappolicy.yaml): complete objects with apiVersion, kube's bootstrapping label and the
// autoupdate annotation.
namespace BootstrapPolicy {

QList<QJsonObject> objects();

// What kube-apiserver's start-up reconciliation makes of a stored bootstrap object `existing`
// given its bootstrap form `expected`: nothing when it carries
// rbac.authorization.kubernetes.io/autoupdate: "false"; else kube's labels and annotations
// added (the stored values win), missing rules appended (for an aggregated role: missing
// selectors), missing subjects added and the roleRef restored. nullopt when nothing changes.
std::optional<QJsonObject> reconciled(const QJsonObject &expected, const QJsonObject &existing);

} // namespace BootstrapPolicy

} // namespace cvc::sandbox
