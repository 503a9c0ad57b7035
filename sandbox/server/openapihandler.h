#pragma once

#include <QJsonObject>
#include <QString>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class ResourceRegistry;
struct ApiPath;

// /openapi/v3 and its per-group-version documents: enough OpenAPI for kubectl's --validate
// (kube-api.md §1.5) — every object path with get/put/patch/delete operations tagged with
// x-kubernetes-group-version-kind, the patch operation's own fieldValidation parameter, and the
// CRD schemas as components for `kubectl explain`. Strategic merge patch is never listed.
class OpenApiHandler
{
public:
    explicit OpenApiHandler(const ResourceRegistry *registry);

    bool handle(HttpExchange *exchange, const ApiPath &path);

    QJsonObject root() const;
    QJsonObject document(const QString &group, const QString &version) const;

private:
    static QString hashOf(const QJsonObject &document);

    const ResourceRegistry *m_registry;
};

} // namespace cvc::sandbox
