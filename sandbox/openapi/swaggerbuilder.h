#pragma once

#include "openapiresource.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace cvc::sandbox {

// The Swagger 2.0 document of /openapi/v2, what kubectl 1.20 validates manifests against, reads
// `kubectl explain` from, checks --dry-run=server support in, and (every kubectl up to 1.33)
// computes strategic merge patches for built-in kinds from:
//  - definitions: every CRD version's kind and list (CrdSchemaConverter), every built-in kind
//    BuiltinDefinitions describes with its list, and whatever those refer to;
//  - paths: every resource's operations with x-kubernetes-group-version-kind and their query
//    parameters inline (kubectl finds dryRun only there). A PATCH lists
//    application/strategic-merge-patch+json only for a described built-in kind, so kubectl never
//    computes a strategic merge patch from a schema that is not there.
class SwaggerBuilder
{
public:
    static QJsonObject build(const QList<OpenApiResource> &resources, const QString &serverVersion);

    // The definition name of a resource's kind, empty for a built-in kind that is not described.
    static QString kindDefinitionName(const OpenApiResource &resource);
    // Its list kind's, empty when the kind is not described or cannot be listed.
    static QString listDefinitionName(const OpenApiResource &resource);
    // Kind and list definitions of the resource (empty when not described); references unresolved.
    static QJsonObject ownDefinitions(const OpenApiResource &resource);
};

} // namespace cvc::sandbox
