#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace cvc::sandbox {

// A Swagger 2.0 JSON document as the binary gnostic openapi.v2.Document that kube-apiserver
// serves for `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, the only form
// client-go 1.20's OpenAPISchema() reads. Covers the whole of Swagger 2.0: info, paths and their
// operations, parameters (body and query/path/header/formData), responses, definitions,
// parameter and response definitions, security, tags, external docs and every x- extension.
class SwaggerProtoEncoder
{
public:
    // `problems` (when given) receives "<path>: …" for every key the messages have no place for.
    static QByteArray encode(const QJsonObject &document, QStringList *problems = nullptr);
};

} // namespace cvc::sandbox
