#pragma once

#include "openapiresource.h"

#include <QJsonObject>

namespace cvc::sandbox {

// A CRD version's openAPIV3Schema as kube-apiserver publishes it (apiextensions-apiserver
// pkg/controller/openapi/builder): TypeMeta's apiVersion and kind, metadata as a reference to
// ObjectMeta, x-kubernetes-group-version-kind, and for Swagger 2.0 first the rules of
// ToStructuralOpenAPIV2, which keep kubectl's v2 reader from rejecting what the server accepts.
// References are always "#/definitions/…"; OpenApiV3Builder rewrites them for OpenAPI 3.
class CrdSchemaConverter
{
public:
    enum class Flavour { Swagger2, OpenApi3 };

    // ToStructuralOpenAPIV2 plus the pruned defaults of the published v2 document, recursively:
    //  - allOf/anyOf/oneOf/not are dropped: kubectl's v2 reader has no notion of them (so an
    //    x-kubernetes-int-or-string field, unfolded to anyOf integer|string, ends up untyped:
    //    kubectl cannot express two types and must accept both);
    //  - nullable: type, items and properties go (kubectl's validator has no null, an untyped
    //    value accepts anything) and the field leaves its parent's required list (kubectl counts
    //    null as missing); a nullable additionalProperties clears the parent's required list;
    //  - x-kubernetes-preserve-unknown-fields: items and properties go, and type object too
    //    (kubectl treats an object with properties as closed and would reject the unknown fields
    //    the server keeps);
    //  - an array left without items loses its type (kubectl requires exactly one item schema);
    //  - default is dropped (kube prunes defaults from the v2 document).
    static QJsonObject toSwagger(const QJsonObject &schema);

    // The kind's definition. An empty schema, or (Swagger 2.0) a root that preserves unknown
    // fields, gives {type: object} only: any property would close the object for kubectl.
    static QJsonObject kindDefinition(const OpenApiResource &resource, Flavour flavour);
};

} // namespace cvc::sandbox
