#pragma once

#include "openapiresource.h"

#include <QString>

namespace cvc::sandbox {

// The URL paths, operation IDs and tags kube-apiserver publishes for a resource, shared by the
// Swagger 2.0 and OpenAPI 3 documents.
class ResourcePaths
{
public:
    static QString prefix(const OpenApiResource &r);         // "/api/v1", "/apis/crypto.tools/v1"
    static QString collection(const OpenApiResource &r);     // …/namespaces/{namespace}/configmaps when namespaced
    static QString allNamespaces(const OpenApiResource &r);  // …/configmaps: the list across namespaces
    static QString object(const OpenApiResource &r);         // collection + "/{name}"
    static QString status(const OpenApiResource &r);         // object + "/status"

    // kube's operation IDs: "patchCoreV1NamespacedConfigMap", "readCryptoToolsV1NamespacedCryptoValueCalculatorStatus",
    // "listCoreV1ConfigMapForAllNamespaces", "deleteCoreV1CollectionNamespacedConfigMap". `verb` is one of
    // list, create, read, replace, patch, delete, deletecollection; `namespacedPath` says whether the
    // path holds {namespace}; `suffix` is "Status" or "ForAllNamespaces".
    static QString operationId(const QString &verb, const OpenApiResource &r, bool namespacedPath,
                               const QString &suffix = QString());
    // "core_v1", "rbacAuthorization_v1", "cryptoTools_v1".
    static QString tag(const OpenApiResource &r);
};

} // namespace cvc::sandbox
