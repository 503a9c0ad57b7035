#include "resourceregistry.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cvc::sandbox {

namespace {

const QStringList kAllVerbs = {QStringLiteral("create"), QStringLiteral("delete"), QStringLiteral("deletecollection"),
                               QStringLiteral("get"),    QStringLiteral("list"),   QStringLiteral("patch"),
                               QStringLiteral("update"), QStringLiteral("watch")};

ResourceInfo builtin(const QString &group, const QString &plural, const QString &singular, const QString &kind,
                     bool namespaced, ResourceKind resourceKind, const QStringList &shortNames = {})
{
    ResourceInfo info;
    info.group = group;
    info.version = QStringLiteral("v1");
    info.plural = plural;
    info.singular = singular;
    info.kind = kind;
    info.listKind = kind + QStringLiteral("List");
    info.namespaced = namespaced;
    info.shortNames = shortNames;
    info.verbs = kAllVerbs;
    info.resourceKind = resourceKind;
    return info;
}

QJsonObject printerColumn(const QString &name, const QString &type, const QString &jsonPath)
{
    return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("type"), type}, {QStringLiteral("jsonPath"), jsonPath}};
}

QJsonObject ageColumn()
{
    return printerColumn(QStringLiteral("Age"), QStringLiteral("date"), QStringLiteral(".metadata.creationTimestamp"));
}

} // namespace

ResourceRegistry::ResourceRegistry(QObject *parent)
    : QObject(parent)
{
}

void ResourceRegistry::addBuiltins()
{
    ResourceInfo ns = builtin(QString(), QStringLiteral("namespaces"), QStringLiteral("namespace"),
                              QStringLiteral("Namespace"), false, ResourceKind::Namespace, {QStringLiteral("ns")});
    ns.verbs.removeAll(QStringLiteral("deletecollection"));
    ns.hasStatus = true;
    add(ns);
    add(builtin(QString(), QStringLiteral("events"), QStringLiteral("event"), QStringLiteral("Event"), true,
                ResourceKind::Event, {QStringLiteral("ev")}));
    ResourceInfo eventsV1 = builtin(QStringLiteral("events.k8s.io"), QStringLiteral("events"), QStringLiteral("event"),
                                    QStringLiteral("Event"), true, ResourceKind::EventV1, {QStringLiteral("ev")});
    eventsV1.sharedStorageKey = QStringLiteral("/events");
    add(eventsV1);
    // Kept as plain objects so manifests and `kubectl cluster-info` work; no controllers behind them.
    add(builtin(QString(), QStringLiteral("configmaps"), QStringLiteral("configmap"), QStringLiteral("ConfigMap"), true,
                ResourceKind::Generic, {QStringLiteral("cm")}));
    add(builtin(QString(), QStringLiteral("secrets"), QStringLiteral("secret"), QStringLiteral("Secret"), true,
                ResourceKind::Generic));
    add(builtin(QString(), QStringLiteral("services"), QStringLiteral("service"), QStringLiteral("Service"), true,
                ResourceKind::Generic, {QStringLiteral("svc")}));
    // The kinds an operator's manifests carry (deploy/), so `kubectl apply --dry-run=server` checks
    // all of them. Stored only: no pods run for a Deployment, RBAC objects are never evaluated.
    add(builtin(QString(), QStringLiteral("serviceaccounts"), QStringLiteral("serviceaccount"),
                QStringLiteral("ServiceAccount"), true, ResourceKind::Generic, {QStringLiteral("sa")}));
    ResourceInfo deployments = builtin(QStringLiteral("apps"), QStringLiteral("deployments"), QStringLiteral("deployment"),
                                       QStringLiteral("Deployment"), true, ResourceKind::Generic, {QStringLiteral("deploy")});
    deployments.categories = {QStringLiteral("all")};
    deployments.hasStatus = true;
    deployments.printerColumns = {
        printerColumn(QStringLiteral("Up-to-date"), QStringLiteral("integer"), QStringLiteral(".status.updatedReplicas")),
        printerColumn(QStringLiteral("Available"), QStringLiteral("integer"), QStringLiteral(".status.availableReplicas")),
        ageColumn()};
    add(deployments);
    // deploy/base's NetworkPolicy in front of the metrics port: stored, nothing enforces it.
    add(builtin(QStringLiteral("networking.k8s.io"), QStringLiteral("networkpolicies"), QStringLiteral("networkpolicy"),
                QStringLiteral("NetworkPolicy"), true, ResourceKind::Generic, {QStringLiteral("netpol")}));
    const QString rbac = QStringLiteral("rbac.authorization.k8s.io");
    const QJsonArray bindingColumns{printerColumn(QStringLiteral("Role"), QStringLiteral("string"), QStringLiteral(".roleRef.name")),
                                    ageColumn()};
    add(builtin(rbac, QStringLiteral("roles"), QStringLiteral("role"), QStringLiteral("Role"), true, ResourceKind::Generic));
    ResourceInfo roleBindings = builtin(rbac, QStringLiteral("rolebindings"), QStringLiteral("rolebinding"),
                                        QStringLiteral("RoleBinding"), true, ResourceKind::Generic);
    roleBindings.printerColumns = bindingColumns;
    add(roleBindings);
    add(builtin(rbac, QStringLiteral("clusterroles"), QStringLiteral("clusterrole"), QStringLiteral("ClusterRole"), false,
                ResourceKind::Generic));
    ResourceInfo clusterRoleBindings = builtin(rbac, QStringLiteral("clusterrolebindings"), QStringLiteral("clusterrolebinding"),
                                               QStringLiteral("ClusterRoleBinding"), false, ResourceKind::Generic);
    clusterRoleBindings.printerColumns = bindingColumns;
    add(clusterRoleBindings);
    ResourceInfo crd = builtin(QStringLiteral("apiextensions.k8s.io"), QStringLiteral("customresourcedefinitions"),
                               QStringLiteral("customresourcedefinition"), QStringLiteral("CustomResourceDefinition"),
                               false, ResourceKind::CustomResourceDefinition, {QStringLiteral("crd"), QStringLiteral("crds")});
    crd.categories = {QStringLiteral("api-extensions")};
    crd.hasStatus = true;
    add(crd);
    add(builtin(QStringLiteral("coordination.k8s.io"), QStringLiteral("leases"), QStringLiteral("lease"),
                QStringLiteral("Lease"), true, ResourceKind::Lease));
    ResourceInfo review = builtin(QStringLiteral("authorization.k8s.io"), QStringLiteral("selfsubjectaccessreviews"),
                                  QString(), QStringLiteral("SelfSubjectAccessReview"), false,
                                  ResourceKind::SelfSubjectAccessReview);
    review.verbs = {QStringLiteral("create")};
    add(review);
    ResourceInfo rules = builtin(QStringLiteral("authorization.k8s.io"), QStringLiteral("selfsubjectrulesreviews"),
                                 QString(), QStringLiteral("SelfSubjectRulesReview"), false,
                                 ResourceKind::SelfSubjectRulesReview);
    rules.verbs = {QStringLiteral("create")};
    add(rules);
}

void ResourceRegistry::add(const ResourceInfo &info)
{
    for (qsizetype i = 0; i < m_resources.size(); ++i) {
        const ResourceInfo &r = m_resources.at(i);
        if (r.group == info.group && r.version == info.version && r.plural == info.plural) {
            m_resources[i] = info;
            ++m_generation;
            Q_EMIT resourcesChanged();
            return;
        }
    }
    m_resources.append(info);
    ++m_generation;
    Q_EMIT resourcesChanged();
}

void ResourceRegistry::removeStorageKey(const QString &storageKey)
{
    const auto removed = m_resources.removeIf([&](const ResourceInfo &r) { return r.storageKey() == storageKey; });
    if (removed > 0) {
        ++m_generation;
        Q_EMIT resourcesChanged();
    }
}

ResourceInfo ResourceRegistry::find(const QString &group, const QString &version, const QString &plural) const
{
    for (const ResourceInfo &r : m_resources) {
        if (r.group == group && r.version == version && r.plural == plural)
            return r;
    }
    return {};
}

ResourceInfo ResourceRegistry::findByKind(const QString &group, const QString &version, const QString &kind) const
{
    for (const ResourceInfo &r : m_resources) {
        if (r.group == group && r.version == version && r.kind == kind)
            return r;
    }
    return {};
}

QList<ResourceInfo> ResourceRegistry::resourcesOf(const QString &group, const QString &version) const
{
    QList<ResourceInfo> out;
    for (const ResourceInfo &r : m_resources) {
        if (r.group == group && r.version == version)
            out.append(r);
    }
    return out;
}

bool ResourceRegistry::hasGroupVersion(const QString &group, const QString &version) const
{
    for (const ResourceInfo &r : m_resources) {
        if (r.group == group && r.version == version)
            return true;
    }
    return false;
}

QStringList ResourceRegistry::groups() const
{
    QStringList out;
    for (const ResourceInfo &r : m_resources) {
        if (!r.group.isEmpty() && !out.contains(r.group))
            out.append(r.group);
    }
    return out;
}

QStringList ResourceRegistry::versionsOf(const QString &group) const
{
    QStringList out;
    for (const ResourceInfo &r : m_resources) {
        if (r.group == group && !out.contains(r.version))
            out.append(r.version);
    }
    return out;
}

} // namespace cvc::sandbox
