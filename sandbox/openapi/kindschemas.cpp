#include "kindschemas.h"

#include "definitionrefs.h"

#include <QStringList>

#include <algorithm>

namespace cvc::sandbox {

namespace {

const QString kConventions = QStringLiteral("https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");

QJsonObject stringProperty(const QString &description)
{
    return QJsonObject{{QStringLiteral("description"), description}, {QStringLiteral("type"), QStringLiteral("string")}};
}

} // namespace

QString KindSchemas::crdDefinitionName(const QString &group, const QString &version, const QString &kind)
{
    QStringList parts = group.split(QLatin1Char('.'));
    std::reverse(parts.begin(), parts.end());
    return QStringLiteral("%1.%2.%3").arg(parts.join(QLatin1Char('.')), version, kind);
}

QJsonArray KindSchemas::groupVersionKindList(const QString &group, const QString &version, const QString &kind)
{
    return QJsonArray{groupVersionKind(group, version, kind)};
}

QJsonObject KindSchemas::groupVersionKind(const QString &group, const QString &version, const QString &kind)
{
    return QJsonObject{{QStringLiteral("group"), group}, {QStringLiteral("kind"), kind}, {QStringLiteral("version"), version}};
}

void KindSchemas::addTypeMeta(QJsonObject *definition)
{
    QJsonObject properties = definition->value(QStringLiteral("properties")).toObject();
    properties.insert(QStringLiteral("apiVersion"),
                      stringProperty(QStringLiteral("APIVersion defines the versioned schema of this representation of an "
                                                    "object. Servers should convert recognized schemas to the latest "
                                                    "internal value, and may reject unrecognized values. More info: ")
                                     + kConventions + QStringLiteral("#resources")));
    properties.insert(QStringLiteral("kind"),
                      stringProperty(QStringLiteral("Kind is a string value representing the REST resource this object "
                                                    "represents. Servers may infer this from the endpoint the client "
                                                    "submits requests to. Cannot be updated. In CamelCase. More info: ")
                                     + kConventions + QStringLiteral("#types-kinds")));
    definition->insert(QStringLiteral("properties"), properties);
}

QJsonObject KindSchemas::objectMetaProperty()
{
    return QJsonObject{{QStringLiteral("$ref"), DefinitionRefs::v2Ref(objectMetaName())},
                       {QStringLiteral("description"),
                        QString(QStringLiteral("Standard object's metadata. More info: ") + kConventions + QStringLiteral("#metadata"))}};
}

QJsonObject KindSchemas::listDefinition(const QString &itemDefinition, const QString &group, const QString &version,
                                        const QString &kind, const QString &listKind, const QString &plural)
{
    const QJsonObject items{{QStringLiteral("description"),
                             QStringLiteral("List of %1. More info: %2").arg(plural, kConventions)},
                            {QStringLiteral("items"), QJsonObject{{QStringLiteral("$ref"), DefinitionRefs::v2Ref(itemDefinition)}}},
                            {QStringLiteral("type"), QStringLiteral("array")}};
    const QJsonObject metadata{{QStringLiteral("$ref"), DefinitionRefs::v2Ref(listMetaName())},
                               {QStringLiteral("description"),
                                QString(QStringLiteral("Standard list metadata. More info: ") + kConventions + QStringLiteral("#types-kinds"))}};
    QJsonObject list{{QStringLiteral("description"), QStringLiteral("%1 is a list of %2").arg(listKind, kind)},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("metadata"), metadata}}},
                     {QStringLiteral("required"), QJsonArray{QStringLiteral("items")}},
                     {QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("x-kubernetes-group-version-kind"), groupVersionKindList(group, version, listKind)}};
    addTypeMeta(&list);
    return list;
}

} // namespace cvc::sandbox
