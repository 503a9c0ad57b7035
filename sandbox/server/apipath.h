#pragma once

#include <QString>

namespace cvc::sandbox {

class ResourceRegistry;

// What a request path names, before any handler runs. Parsing needs the registry only to tell
// "/api/v1/namespaces/x/events" (events in x) from "/api/v1/namespaces/x/status" (a subresource).
struct ApiPath
{
    enum class Kind {
        Unknown,
        Health,         // /healthz, /readyz, /livez
        Version,        // /version
        CoreGroupList,  // /api
        GroupList,      // /apis
        Group,          // /apis/{group}
        GroupVersion,   // /api/v1, /apis/{group}/{version}
        OpenApiV3Root,  // /openapi/v3
        OpenApiV3Doc,   // /openapi/v3/api/v1, /openapi/v3/apis/{group}/{version}
        OpenApiV2,      // /openapi/v2 (not served)
        Resource,       // a collection, an object or an object's subresource
        Admin,          // /sandbox/{what}
    };

    Kind kind = Kind::Unknown;
    QString group;
    QString version;
    QString ns;            // namespace from the URL (empty when cluster-wide)
    QString resource;      // plural
    QString name;          // empty for collections
    QString subresource;   // "status", or empty
    QString adminTopic;    // "faults", "stats"

    bool isCollection() const { return kind == Kind::Resource && name.isEmpty(); }

    static ApiPath parse(const QString &path, const ResourceRegistry &registry);
};

} // namespace cvc::sandbox
