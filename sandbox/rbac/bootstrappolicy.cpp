#include "bootstrappolicy.h"

#include "escalationcheck.h"
#include "json/yamlconverter.h"
#include "policyrule.h"

#include <QFile>
#include <QJsonArray>

namespace cvc::sandbox::BootstrapPolicy {

QList<QJsonObject> objects()
{
    QFile file(QStringLiteral(":/rbac/bootstrappolicy.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("kube-sandbox: the bootstrap RBAC policy is missing from the build");
    const YamlDocuments documents = YamlConverter::parseDocuments(file.readAll());
    if (!documents.ok())
        qFatal("kube-sandbox: bootstrappolicy.yaml: %s", qPrintable(documents.error));
    QList<QJsonObject> out;
    for (const QJsonValue &document : documents.documents) {
        QJsonObject object = document.toObject();
        object.insert(QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1"));
        QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/bootstrapping"), QStringLiteral("rbac-defaults"));
        metadata.insert(QStringLiteral("labels"), labels);
        metadata.insert(QStringLiteral("annotations"),
                        QJsonObject{{QStringLiteral("rbac.authorization.kubernetes.io/autoupdate"), QStringLiteral("true")}});
        object.insert(QStringLiteral("metadata"), metadata);
        out.append(object);
    }
    return out;
}

namespace {

QJsonObject mergedMap(const QJsonObject &expected, const QJsonObject &existing)
{
    QJsonObject out = expected;
    for (auto it = existing.begin(); it != existing.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QJsonArray withMissing(QJsonArray values, const QJsonArray &expected)
{
    for (const QJsonValue &value : expected) {
        if (!values.contains(value))
            values.append(value);
    }
    return values;
}

} // namespace

std::optional<QJsonObject> reconciled(const QJsonObject &expected, const QJsonObject &existing)
{
    QJsonObject metadata = existing.value(QStringLiteral("metadata")).toObject();
    const QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
    if (annotations.value(QStringLiteral("rbac.authorization.kubernetes.io/autoupdate")).toString() == QLatin1String("false"))
        return std::nullopt;
    const QJsonObject expectedMetadata = expected.value(QStringLiteral("metadata")).toObject();
    for (const char *key : {"labels", "annotations"}) {
        metadata.insert(QLatin1String(key), mergedMap(expectedMetadata.value(QLatin1String(key)).toObject(),
                                                      metadata.value(QLatin1String(key)).toObject()));
    }
    QJsonObject out = existing;
    out.insert(QStringLiteral("metadata"), metadata);
    if (expected.contains(QStringLiteral("roleRef"))) {
        out.insert(QStringLiteral("roleRef"), expected.value(QStringLiteral("roleRef")));
        out.insert(QStringLiteral("subjects"), withMissing(existing.value(QStringLiteral("subjects")).toArray(),
                                                           expected.value(QStringLiteral("subjects")).toArray()));
    } else if (expected.contains(QStringLiteral("aggregationRule"))) {
        // The aggregation controller owns such a role's rules; only its selectors are kube's.
        const QJsonArray selectors = withMissing(
            existing.value(QStringLiteral("aggregationRule")).toObject().value(QStringLiteral("clusterRoleSelectors")).toArray(),
            expected.value(QStringLiteral("aggregationRule")).toObject().value(QStringLiteral("clusterRoleSelectors")).toArray());
        out.insert(QStringLiteral("aggregationRule"), QJsonObject{{QStringLiteral("clusterRoleSelectors"), selectors}});
    } else {
        QList<PolicyRule> missing;
        EscalationCheck::covers(PolicyRule::listFromJson(existing.value(QStringLiteral("rules"))),
                                PolicyRule::listFromJson(expected.value(QStringLiteral("rules"))), &missing);
        QJsonArray rules = existing.value(QStringLiteral("rules")).toArray();
        for (const PolicyRule &rule : missing)
            rules.append(rule.toJson());
        out.insert(QStringLiteral("rules"), rules);
    }
    if (out == existing)
        return std::nullopt;
    return out;
}

} // namespace cvc::sandbox::BootstrapPolicy
