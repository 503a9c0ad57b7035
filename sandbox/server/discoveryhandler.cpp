#include "discoveryhandler.h"

#include "apimachinery/statuserror.h"
#include "apipath.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "resourceregistry.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

const QByteArray kAggregatedContentType =
    QByteArrayLiteral("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");

QJsonObject groupVersionEntry(const QString &group, const QString &version)
{
    return QJsonObject{{QStringLiteral("groupVersion"), QString(group + QLatin1Char('/') + version)},
                       {QStringLiteral("version"), version}};
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

DiscoveryHandler::DiscoveryHandler(const ResourceRegistry *registry)
    : m_registry(registry)
{
}

QJsonObject DiscoveryHandler::versionInfo()
{
    return QJsonObject{{QStringLiteral("major"), QStringLiteral("1")},
                       {QStringLiteral("minor"), QStringLiteral("32")},
                       {QStringLiteral("gitVersion"), QStringLiteral("v1.32.0-kube-sandbox")},
                       {QStringLiteral("gitCommit"), QStringLiteral("0000000000000000000000000000000000000000")},
                       {QStringLiteral("gitTreeState"), QStringLiteral("clean")},
                       {QStringLiteral("buildDate"), QStringLiteral("2024-12-11T00:00:00Z")},
                       {QStringLiteral("goVersion"), QStringLiteral("go1.23.4")},
                       {QStringLiteral("compiler"), QStringLiteral("gc")},
                       {QStringLiteral("platform"), QStringLiteral("linux/amd64")}};
}

bool DiscoveryHandler::wantsAggregated(const QByteArray &accept)
{
    // Any offered media range naming the v2 discovery list counts; the client reads our Content-Type.
    for (const QByteArray &range : accept.split(',')) {
        QList<QByteArray> params;
        for (const QByteArray &param : range.split(';'))
            params.append(param.trimmed());
        if (params.contains("g=apidiscovery.k8s.io") && params.contains("v=v2")
            && params.contains("as=APIGroupDiscoveryList"))
            return true;
    }
    return false;
}

bool DiscoveryHandler::handle(HttpExchange *exchange, const ApiPath &path)
{
    const QByteArray accept = exchange->request().header("Accept");
    switch (path.kind) {
    case ApiPath::Kind::Version:
        ApiResponse::json(exchange, 200, versionInfo());
        return true;
    case ApiPath::Kind::CoreGroupList:
        if (wantsAggregated(accept))
            ApiResponse::json(exchange, 200, aggregated(true), {}, kAggregatedContentType);
        else
            ApiResponse::json(exchange, 200, coreGroupVersions());
        return true;
    case ApiPath::Kind::GroupList:
        if (wantsAggregated(accept))
            ApiResponse::json(exchange, 200, aggregated(false), {}, kAggregatedContentType);
        else
            ApiResponse::json(exchange, 200, groupList());
        return true;
    case ApiPath::Kind::Group:
        if (m_registry->versionsOf(path.group).isEmpty())
            ApiResponse::status(exchange, StatusError::notFoundPath());
        else
            ApiResponse::json(exchange, 200, group(path.group));
        return true;
    case ApiPath::Kind::GroupVersion:
        if (!m_registry->hasGroupVersion(path.group, path.version))
            ApiResponse::status(exchange, StatusError::notFoundPath());
        else
            ApiResponse::json(exchange, 200, resourceList(path.group, path.version));
        return true;
    default:
        return false;
    }
}

QJsonObject DiscoveryHandler::coreGroupVersions() const
{
    return QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("APIVersions")},
        {QStringLiteral("versions"), QJsonArray{QStringLiteral("v1")}},
        {QStringLiteral("serverAddressByClientCIDRs"),
         QJsonArray{QJsonObject{{QStringLiteral("clientCIDR"), QStringLiteral("0.0.0.0/0")},
                                {QStringLiteral("serverAddress"), m_serverAddress}}}}};
}

QJsonObject DiscoveryHandler::group(const QString &name) const
{
    QJsonArray versions;
    const QStringList names = m_registry->versionsOf(name);
    for (const QString &version : names)
        versions.append(groupVersionEntry(name, version));
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroup")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("versions"), versions},
                       {QStringLiteral("preferredVersion"), groupVersionEntry(name, names.value(0))}};
}

QJsonObject DiscoveryHandler::groupList() const
{
    QJsonArray groups;
    for (const QString &name : m_registry->groups()) {
        QJsonObject entry = group(name);
        entry.remove(QStringLiteral("kind"));
        entry.remove(QStringLiteral("apiVersion"));
        groups.append(entry);
    }
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroupList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("groups"), groups}};
}

QJsonObject DiscoveryHandler::resourceList(const QString &group, const QString &version) const
{
    QJsonArray resources;
    for (const ResourceInfo &info : m_registry->resourcesOf(group, version)) {
        QJsonObject entry{{QStringLiteral("name"), info.plural},
                          {QStringLiteral("singularName"), info.singular},
                          {QStringLiteral("namespaced"), info.namespaced},
                          {QStringLiteral("kind"), info.kind},
                          {QStringLiteral("verbs"), toArray(info.verbs)}};
        if (!info.shortNames.isEmpty())
            entry.insert(QStringLiteral("shortNames"), toArray(info.shortNames));
        if (!info.categories.isEmpty())
            entry.insert(QStringLiteral("categories"), toArray(info.categories));
        resources.append(entry);
        if (info.hasStatus) {
            resources.append(QJsonObject{{QStringLiteral("name"), QString(info.plural + QStringLiteral("/status"))},
                                         {QStringLiteral("singularName"), QString()},
                                         {QStringLiteral("namespaced"), info.namespaced},
                                         {QStringLiteral("kind"), info.kind},
                                         {QStringLiteral("verbs"), QJsonArray{QStringLiteral("get"),
                                                                              QStringLiteral("patch"),
                                                                              QStringLiteral("update")}}});
        }
    }
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIResourceList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("groupVersion"), group.isEmpty() ? version : QString(group + QLatin1Char('/') + version)},
                       {QStringLiteral("resources"), resources}};
}

QJsonObject DiscoveryHandler::aggregated(bool core) const
{
    QJsonArray items;
    const QStringList groups = core ? QStringList{QString()} : m_registry->groups();
    for (const QString &groupName : groups) {
        QJsonArray versions;
        for (const QString &version : m_registry->versionsOf(groupName)) {
            QJsonArray resources;
            for (const ResourceInfo &info : m_registry->resourcesOf(groupName, version)) {
                const QJsonObject responseKind{{QStringLiteral("group"), info.group},
                                               {QStringLiteral("version"), info.version},
                                               {QStringLiteral("kind"), info.kind}};
                QJsonObject entry{{QStringLiteral("resource"), info.plural},
                                  {QStringLiteral("responseKind"), responseKind},
                                  {QStringLiteral("scope"), info.namespaced ? QStringLiteral("Namespaced")
                                                                            : QStringLiteral("Cluster")},
                                  {QStringLiteral("singularResource"), info.singular},
                                  {QStringLiteral("verbs"), toArray(info.verbs)}};
                if (!info.shortNames.isEmpty())
                    entry.insert(QStringLiteral("shortNames"), toArray(info.shortNames));
                if (!info.categories.isEmpty())
                    entry.insert(QStringLiteral("categories"), toArray(info.categories));
                if (info.hasStatus) {
                    entry.insert(QStringLiteral("subresources"),
                                 QJsonArray{QJsonObject{{QStringLiteral("subresource"), QStringLiteral("status")},
                                                        {QStringLiteral("responseKind"), responseKind},
                                                        {QStringLiteral("verbs"),
                                                         QJsonArray{QStringLiteral("get"), QStringLiteral("patch"),
                                                                    QStringLiteral("update")}}}});
                }
                resources.append(entry);
            }
            versions.append(QJsonObject{{QStringLiteral("version"), version},
                                        {QStringLiteral("freshness"), QStringLiteral("Current")},
                                        {QStringLiteral("resources"), resources}});
        }
        items.append(QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), groupName}}},
                                 {QStringLiteral("versions"), versions}});
    }
    return QJsonObject{{QStringLiteral("kind"), QStringLiteral("APIGroupDiscoveryList")},
                       {QStringLiteral("apiVersion"), QStringLiteral("apidiscovery.k8s.io/v2")},
                       {QStringLiteral("metadata"), QJsonObject()},
                       {QStringLiteral("items"), items}};
}

} // namespace cvc::sandbox
