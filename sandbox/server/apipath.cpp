#include "apipath.h"

#include "resourceregistry.h"

#include <QStringList>

namespace cvc::sandbox {

namespace {

// Parses what follows the group/version: [namespaces/{ns}/]{resource}[/{name}[/{subresource}]].
ApiPath parseResource(ApiPath result, const QStringList &rest, const ResourceRegistry &registry)
{
    QStringList parts = rest;
    if (parts.size() >= 3 && parts.at(0) == QLatin1String("namespaces")) {
        // "namespaces/x/y": y is a namespaced resource in x unless it names a subresource of x.
        const ResourceInfo candidate = registry.find(result.group, result.version, parts.at(2));
        if (candidate.isValid() && candidate.namespaced) {
            result.ns = parts.at(1);
            parts = parts.mid(2);
        }
    }
    if (parts.isEmpty() || parts.size() > 3)
        return ApiPath();
    for (const QString &part : parts) {
        if (part.isEmpty())
            return ApiPath();
    }
    result.kind = ApiPath::Kind::Resource;
    result.resource = parts.at(0);
    if (parts.size() >= 2)
        result.name = parts.at(1);
    if (parts.size() == 3)
        result.subresource = parts.at(2);
    return result;
}

} // namespace

ApiPath ApiPath::parse(const QString &rawPath, const ResourceRegistry &registry)
{
    QString path = rawPath;
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QStringList parts = path.mid(1).split(QLatin1Char('/'));
    ApiPath result;
    if (parts.isEmpty() || parts.at(0).isEmpty())
        return result;
    const QString &head = parts.at(0);

    if (parts.size() == 1 && (head == QLatin1String("healthz") || head == QLatin1String("readyz")
                              || head == QLatin1String("livez"))) {
        result.kind = Kind::Health;
        return result;
    }
    if (head == QLatin1String("version") && parts.size() == 1) {
        result.kind = Kind::Version;
        return result;
    }
    if (head == QLatin1String("sandbox") && parts.size() == 2) {
        result.kind = Kind::Admin;
        result.adminTopic = parts.at(1);
        return result;
    }
    if (head == QLatin1String("openapi")) {
        if (parts.size() == 2 && parts.at(1) == QLatin1String("v2")) {
            result.kind = Kind::OpenApiV2;
        } else if (parts.size() == 2 && parts.at(1) == QLatin1String("v3")) {
            result.kind = Kind::OpenApiV3Root;
        } else if (parts.size() == 4 && parts.at(1) == QLatin1String("v3") && parts.at(2) == QLatin1String("api")) {
            result.kind = Kind::OpenApiV3Doc;
            result.version = parts.at(3);
        } else if (parts.size() == 5 && parts.at(1) == QLatin1String("v3") && parts.at(2) == QLatin1String("apis")) {
            result.kind = Kind::OpenApiV3Doc;
            result.group = parts.at(3);
            result.version = parts.at(4);
        }
        return result;
    }
    if (head == QLatin1String("api")) {
        if (parts.size() == 1) {
            result.kind = Kind::CoreGroupList;
            return result;
        }
        result.version = parts.at(1);
        if (parts.size() == 2) {
            result.kind = Kind::GroupVersion;
            return result;
        }
        return parseResource(result, parts.mid(2), registry);
    }
    if (head == QLatin1String("apis")) {
        if (parts.size() == 1) {
            result.kind = Kind::GroupList;
            return result;
        }
        result.group = parts.at(1);
        if (parts.size() == 2) {
            result.kind = Kind::Group;
            return result;
        }
        result.version = parts.at(2);
        if (parts.size() == 3) {
            result.kind = Kind::GroupVersion;
            return result;
        }
        return parseResource(result, parts.mid(3), registry);
    }
    return result;
}

} // namespace cvc::sandbox
