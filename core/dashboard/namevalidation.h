#pragma once

#include <QString>
#include <QStringList>

namespace cvc::ui {

// The checks the API server makes on metadata.name of a custom resource (a DNS-1123 subdomain),
// with the server's own wording, so the dialog can refuse what the server would refuse.
QStringList dns1123SubdomainErrors(const QString &name);

// Namespaces are DNS-1123 labels: at most 63 characters, no dots.
QStringList dns1123LabelErrors(const QString &name);

} // namespace cvc::ui
