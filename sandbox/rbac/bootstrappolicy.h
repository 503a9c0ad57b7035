#pragma once

#include <QJsonObject>
#include <QList>

namespace cvc::sandbox {

// kube-apiserver's bootstrap roles and bindings as far as kube-sandbox serves them
// (bootstrappolicy.yaml): complete objects with apiVersion, kube's bootstrapping label and the
// autoupdate annotation.
namespace BootstrapPolicy {

QList<QJsonObject> objects();

} // namespace BootstrapPolicy

} // namespace cvc::sandbox
