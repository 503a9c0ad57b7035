#include "resourcetype.h"

#include <QJsonArray>

namespace cvc {

QString ResourceType::apiVersion() const
{
    return group.isEmpty() ? version : QString(group + QLatin1Char('/') + version);
}

QString ResourceType::path(const QString &ns, const QString &name, const QString &subresource) const
{
    QString p = group.isEmpty() ? QString(QStringLiteral("/api/") + version)
                                : QString(QStringLiteral("/apis/") + group + QLatin1Char('/') + version);
    if (namespaced && !ns.isEmpty())
        p += QStringLiteral("/namespaces/") + ns;
    p += QLatin1Char('/') + plural;
    if (!name.isEmpty()) {
        p += QLatin1Char('/') + name;
        if (!subresource.isEmpty())
            p += QLatin1Char('/') + subresource;
    }
    return p;
}

QString ResourceType::qualifiedName() const
{
    return group.isEmpty() ? plural : QString(plural + QLatin1Char('.') + group);
}

ResourceType ResourceType::cryptoValueCalculators()
{
    ResourceType t;
    t.group = QStringLiteral("crypto.tools");
    t.version = QStringLiteral("v1");
    t.plural = QStringLiteral("cryptovaluecalculators");
    t.singular = QStringLiteral("cryptovaluecalculator");
    t.kind = QStringLiteral("CryptoValueCalculator");
    t.shortNames = {QStringLiteral("cvc"), QStringLiteral("cvcs")};
    t.hasStatusSubresource = true; // the CRD we ship; discover() tells what a cluster really has
    return t;
}

ResourceType ResourceType::leases()
{
    ResourceType t;
    t.group = QStringLiteral("coordination.k8s.io");
    t.version = QStringLiteral("v1");
    t.plural = QStringLiteral("leases");
    t.singular = QStringLiteral("lease");
    t.kind = QStringLiteral("Lease");
    return t;
}

ResourceType ResourceType::events()
{
    ResourceType t;
    t.version = QStringLiteral("v1");
    t.plural = QStringLiteral("events");
    t.singular = QStringLiteral("event");
    t.kind = QStringLiteral("Event");
    return t;
}

ResourceType ResourceType::namespaces()
{
    ResourceType t;
    t.version = QStringLiteral("v1");
    t.plural = QStringLiteral("namespaces");
    t.singular = QStringLiteral("namespace");
    t.kind = QStringLiteral("Namespace");
    t.namespaced = false;
    return t;
}

ResourceType ResourceType::customResourceDefinitions()
{
    ResourceType t;
    t.group = QStringLiteral("apiextensions.k8s.io");
    t.version = QStringLiteral("v1");
    t.plural = QStringLiteral("customresourcedefinitions");
    t.singular = QStringLiteral("customresourcedefinition");
    t.kind = QStringLiteral("CustomResourceDefinition");
    t.namespaced = false;
    return t;
}

static QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

ResourceType ResourceType::fromApiResource(const QString &groupVersion, const QJsonObject &resource,
                                           const QJsonArray &allResources)
{
    ResourceType t;
    const int slash = groupVersion.indexOf(QLatin1Char('/'));
    if (slash < 0) {
        t.version = groupVersion;
    } else {
        t.group = groupVersion.left(slash);
        t.version = groupVersion.mid(slash + 1);
    }
    t.plural = resource.value(QLatin1String("name")).toString();
    t.singular = resource.value(QLatin1String("singularName")).toString();
    t.kind = resource.value(QLatin1String("kind")).toString();
    t.namespaced = resource.value(QLatin1String("namespaced")).toBool();
    t.verbs = toStringList(resource.value(QLatin1String("verbs")));
    t.shortNames = toStringList(resource.value(QLatin1String("shortNames")));
    const QString statusName = t.plural + QStringLiteral("/status");
    for (const QJsonValue &other : allResources) {
        if (other.toObject().value(QLatin1String("name")).toString() == statusName)
            t.hasStatusSubresource = true;
    }
    return t;
}

} // namespace cvc
