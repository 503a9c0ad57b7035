#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// How the server treats writes to a resource beyond the generic rules. Built-ins have their own
// validation and update rules (kube-api.md §5); everything else is a custom resource.
enum class ResourceKind {
    Custom,
    Namespace,
    CustomResourceDefinition,
    Lease,
    Event,
    EventV1,                 // events.k8s.io/v1: a second view of the core/v1 Event objects
    Generic,                 // stored as given: ConfigMap, Secret, Service, ServiceAccount, Deployment, RBAC kinds
    SelfSubjectAccessReview, // create-only, answered without storing anything
    SelfSubjectRulesReview,  // create-only, likewise (kubectl auth can-i --list)
};

// One served resource (group/version/plural) as discovery, OpenAPI and the handlers see it.
struct ResourceInfo
{
    QString group;
    QString version;
    QString plural;
    QString singular;
    QString kind;
    QString listKind;
    bool namespaced = true;
    QStringList shortNames;
    QStringList categories;
    QStringList verbs;
    bool hasStatus = false;
    ResourceKind resourceKind = ResourceKind::Custom;
    QJsonObject crdVersion;      // the CRD's spec.versions[] entry (custom resources only)
    QJsonObject schema;          // its openAPIV3Schema
    QStringList selectableFields; // extra field selector labels ("spec.coin"), from selectableFields
    QJsonArray printerColumns;   // Table columns after Name, in additionalPrinterColumns form (Generic built-ins)

    bool isCustom() const { return resourceKind == ResourceKind::Custom; }
    QString groupVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    QString apiVersion() const { return groupVersion(); }
    // "cryptovaluecalculators.crypto.tools", or "namespaces" for the core group: how errors name it.
    QString qualifiedResource() const { return group.isEmpty() ? plural : plural + QLatin1Char('.') + group; }
    // "CryptoValueCalculator.crypto.tools": how 422 messages name the kind.
    QString qualifiedKind() const { return group.isEmpty() ? kind : kind + QLatin1Char('.') + group; }
    // Objects are stored per group and resource, independent of the version that wrote them.
    QString storageKey() const { return sharedStorageKey.isEmpty() ? group + QLatin1Char('/') + plural : sharedStorageKey; }
    QString sharedStorageKey;    // set when this resource is a view of another one's objects
    bool isValid() const { return !plural.isEmpty(); }
};

} // namespace cvc::sandbox
