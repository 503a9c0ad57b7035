#pragma once

#include "apiservices.h"

#include <QObject>

namespace cvc::sandbox {

struct WatchEvent;

// Keeps the registry in step with the stored CRDs (a CRD's resources are served as soon as it is
// stored, Established at once) and does the cleanup of a deleted CRD: delete every custom
// resource, then drop the cleanup finalizer so the CRD goes and its resources disappear.
class CrdController : public QObject
{
    Q_OBJECT
public:
    CrdController(const ApiServices &services, QObject *parent = nullptr);

    // Registers the CRDs already in the store (after a restart) and resumes pending cleanups.
    void loadExisting();

private:
    void onObjectChanged(const WatchEvent &event);
    void registerCrd(const QJsonObject &crd);
    void cleanup(const QString &crdName);

    ApiServices m_services;
};

} // namespace cvc::sandbox
