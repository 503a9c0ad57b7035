#pragma once

#include "apimachinery/fielderror.h"
#include "resourceinfo.h"

#include <QJsonObject>
#include <QList>

namespace cvc::sandbox {

// What the apiextensions server does to a CustomResourceDefinition object itself: defaults its
// names, validates it (structural schemas, one storage version, printer columns) and sets its
// status (acceptedNames, NamesAccepted and Established at once, storedVersions). It also turns a
// stored CRD into the resources it serves.
class CrdRules
{
public:
    static constexpr auto CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    // Defaults names and computes status; `old` (the stored CRD, may be empty) keeps transition times.
    static void prepare(QJsonObject *crd, const QJsonObject &old);
    static FieldErrorList validate(const QJsonObject &crd);
    // One entry per served version, in the CRD's order.
    static QList<ResourceInfo> resources(const QJsonObject &crd);
    // The storage key of the custom resources a CRD defines.
    static QString storageKey(const QJsonObject &crd);
    // The storage key of the CRD objects themselves.
    static QString crdStorageKey() { return QStringLiteral("apiextensions.k8s.io/customresourcedefinitions"); }
};

} // namespace cvc::sandbox
