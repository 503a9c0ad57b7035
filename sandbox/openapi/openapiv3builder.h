#pragma once

#include "openapiresource.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace cvc::sandbox {

// One group-version's OpenAPI 3.0 document of /openapi/v3 (kube-api.md §1.5): every path with
// its operations tagged with x-kubernetes-group-version-kind, fieldValidation in the patch
// operation's own parameters (kubectl 1.27+ then validates on the server), no strategic merge
// patch offered, and the kinds' schemas as components for `kubectl explain`: the same built-in
// definitions and CRD schemas as /openapi/v2 (CRDs without the v2 rules), an open stub for a
// built-in kind that is not described.
class OpenApiV3Builder
{
public:
    static QJsonObject document(const QList<OpenApiResource> &resources, const QString &serverVersion);

    // A Swagger 2.0 schema as an OpenAPI 3 component: references point into #/components/schemas/,
    // and a reference with siblings (a description) is wrapped in allOf, as kube-openapi does,
    // since OpenAPI 3.0 ignores everything beside a $ref.
    static QJsonValue toComponent(const QJsonValue &schema);
};

} // namespace cvc::sandbox
