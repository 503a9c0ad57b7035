#pragma once

#include "apiservices.h"

#include <QObject>

namespace cvc::sandbox {

struct WatchEvent;

// Creates the namespaces every cluster has, and deletes a namespace's objects once the namespace
// is gone (the apiserver's namespace controller, without the Terminating phase).
class NamespaceController : public QObject
{
    Q_OBJECT
public:
    NamespaceController(const ApiServices &services, QObject *parent = nullptr);

    bool ensureDefaultNamespaces(QString *error);

private:
    void onObjectChanged(const WatchEvent &event);
    void deleteContents(const QString &ns);

    ApiServices m_services;
};

} // namespace cvc::sandbox
