#pragma once

#include "openapi/encodedswagger.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class ResourceRegistry;
struct ApiPath;

// The HTTP side of the OpenAPI documents (built in sandbox/openapi):
//  - /openapi/v2: Swagger 2.0 as JSON (default) or as gnostic protobuf when Accept asks for
//    application/com.github.proto-openapi.spec.v2@v1.0+protobuf (kubectl 1.20 asks for nothing
//    else; answered as …spec.v2.v1.0+protobuf like kube-apiserver), with an ETag, 304 on
//    If-None-Match, 406 for an Accept neither form satisfies;
//  - /openapi/v3 and its per-group-version documents (kube-api.md §1.5).
// Documents are encoded once per registry generation: every kubectl invocation fetches them.
class OpenApiHandler
{
public:
    explicit OpenApiHandler(const ResourceRegistry *registry);

    bool handle(HttpExchange *exchange, const ApiPath &path);

private:
    enum class SwaggerForm { Json, Protobuf };
    // The form the first acceptable media range (by q, then specificity) names, as kube-openapi
    // picks it; nullopt when none matches. `mediaType` gets the Content-Type to answer with.
    static std::optional<SwaggerForm> swaggerForm(const QByteArray &accept, QByteArray *mediaType);

    void serveSwagger(HttpExchange *exchange);
    const EncodedSwagger &swagger();
    QByteArray v3Document(const QString &group, const QString &version);
    QJsonObject v3Root();
    void dropStaleCaches();

    const ResourceRegistry *m_registry;
    quint64 m_cacheGeneration = 0;
    std::optional<EncodedSwagger> m_swagger;
    QHash<QString, QByteArray> m_v3Documents;   // "api/v1", "apis/<group>/<version>" → compact JSON
};

} // namespace cvc::sandbox
