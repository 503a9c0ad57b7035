#include "representation.h"

#include "resourceregistry.h"

#include <utility>

namespace cvc::sandbox {

namespace {

// events.k8s.io/v1 name ↔ core/v1 name (K8S pkg/apis/events/v1/conversion.go).
const std::pair<const char *, const char *> kEventFields[] = {
    {"regarding", "involvedObject"},
    {"note", "message"},
    {"reportingController", "reportingComponent"},
    {"deprecatedSource", "source"},
    {"deprecatedFirstTimestamp", "firstTimestamp"},
    {"deprecatedLastTimestamp", "lastTimestamp"},
    {"deprecatedCount", "count"},
};

QJsonObject rename(const QJsonObject &object, bool toCore)
{
    QJsonObject out = object;
    for (const auto &[v1, core] : kEventFields) {
        const QString from = QLatin1String(toCore ? v1 : core);
        const QString to = QLatin1String(toCore ? core : v1);
        out.remove(to);
        if (object.contains(from)) {
            out.insert(to, object.value(from));
            out.remove(from);
        }
    }
    return out;
}

} // namespace

QJsonObject Representation::outgoing(const ResourceInfo &info, const QJsonObject &stored)
{
    if (info.resourceKind != ResourceKind::EventV1 || stored.isEmpty())
        return stored;
    QJsonObject out = rename(stored, false);
    out.insert(QStringLiteral("apiVersion"), info.apiVersion());
    out.insert(QStringLiteral("kind"), info.kind);
    return out;
}

QJsonObject Representation::incoming(const ResourceInfo &info, const QJsonObject &object)
{
    if (info.resourceKind != ResourceKind::EventV1)
        return object;
    QJsonObject out = rename(object, true);
    out.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    out.insert(QStringLiteral("kind"), QStringLiteral("Event"));
    return out;
}

ResourceInfo Representation::storage(const ResourceInfo &info, const ResourceRegistry &registry)
{
    if (info.resourceKind != ResourceKind::EventV1)
        return info;
    return registry.find(QString(), QStringLiteral("v1"), QStringLiteral("events"));
}

} // namespace cvc::sandbox
