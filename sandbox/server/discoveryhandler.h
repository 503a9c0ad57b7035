#pragma once

#include <QJsonObject>
#include <QString>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class ResourceRegistry;
struct ApiPath;

// /version, /api, /apis, /apis/{g}, /api/v1 and /apis/{g}/{v}: legacy discovery, and the
// aggregated apidiscovery.k8s.io/v2 documents when the Accept header asks for them (kube-api.md
// §1.2–1.4). Everything is computed from the registry on each request, so a new CRD shows at once.
class DiscoveryHandler
{
public:
    explicit DiscoveryHandler(const ResourceRegistry *registry);

    void setServerAddress(const QString &hostPort) { m_serverAddress = hostPort; }
    // True if it answered (a discovery path); false leaves the request to others.
    bool handle(HttpExchange *exchange, const ApiPath &path);

    static QJsonObject versionInfo();
    static bool wantsAggregated(const QByteArray &accept);

private:
    QJsonObject coreGroupVersions() const;
    QJsonObject groupList() const;
    QJsonObject group(const QString &name) const;
    QJsonObject resourceList(const QString &group, const QString &version) const;
    QJsonObject aggregated(bool core) const;

    const ResourceRegistry *m_registry;
    QString m_serverAddress;
};

} // namespace cvc::sandbox
