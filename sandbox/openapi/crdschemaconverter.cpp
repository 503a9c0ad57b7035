#include "crdschemaconverter.h"

#include "kindschemas.h"

#include <QJsonArray>
#include <QStringList>

namespace cvc::sandbox {

namespace {

const QString kType = QStringLiteral("type");
const QString kItems = QStringLiteral("items");
const QString kProperties = QStringLiteral("properties");
const QString kAdditionalProperties = QStringLiteral("additionalProperties");
const QString kRequired = QStringLiteral("required");
const QString kNullable = QStringLiteral("nullable");
const QString kPreserveUnknown = QStringLiteral("x-kubernetes-preserve-unknown-fields");
const QString kEmbeddedResource = QStringLiteral("x-kubernetes-embedded-resource");

bool isTrue(const QJsonObject &schema, const QString &key)
{
    return schema.value(key).toBool(false);
}

QJsonArray without(const QJsonArray &list, const QString &name)
{
    QJsonArray out;
    for (const QJsonValue &value : list) {
        if (value.toString() != name)
            out.append(value);
    }
    return out;
}

// Rules for one node, children untouched; the parent's view of its children is still the
// original one here, as in kube's pre-order visitor.
QJsonObject convertNode(QJsonObject s)
{
    for (const char *junctor : {"allOf", "anyOf", "oneOf", "not"})
        s.remove(QLatin1String(junctor));
    s.remove(QStringLiteral("default"));
    // kube publishes these only when true (they are plain booleans in its structural schema).
    for (const QString &flag : {kPreserveUnknown, kEmbeddedResource, QStringLiteral("x-kubernetes-int-or-string")}) {
        if (s.contains(flag) && !isTrue(s, flag))
            s.remove(flag);
    }
    if (isTrue(s, kNullable)) {
        s.remove(kType);
        s.remove(kItems);
        s.remove(kProperties);
    }
    s.remove(kNullable);
    const bool preserve = isTrue(s, kPreserveUnknown);
    if (preserve) {
        s.remove(kItems);
        s.remove(kProperties);
    }
    if (!s.contains(kItems) && s.value(kType).toString() == QLatin1String("array"))
        s.remove(kType);
    if (preserve && s.value(kType).toString() == QLatin1String("object"))
        s.remove(kType);

    QJsonArray required = s.value(kRequired).toArray();
    const QJsonObject properties = s.value(kProperties).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (isTrue(it.value().toObject(), kNullable))
            required = without(required, it.key());
    }
    if (s.value(kAdditionalProperties).isObject() && isTrue(s.value(kAdditionalProperties).toObject(), kNullable))
        required = {};
    if (required.isEmpty())
        s.remove(kRequired);
    else
        s.insert(kRequired, required);
    return s;
}

QJsonObject convert(const QJsonObject &schema)
{
    QJsonObject s = convertNode(schema);
    if (s.value(kItems).isObject())
        s.insert(kItems, convert(s.value(kItems).toObject()));
    if (s.contains(kProperties)) {
        QJsonObject properties = s.value(kProperties).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            it.value() = convert(it.value().toObject());
        s.insert(kProperties, properties);
    }
    if (s.value(kAdditionalProperties).isObject())
        s.insert(kAdditionalProperties, convert(s.value(kAdditionalProperties).toObject()));
    return s;
}

// An x-kubernetes-embedded-resource object is a whole Kubernetes object: it gets apiVersion,
// kind and metadata like the root (not in Swagger 2.0 where it also preserves unknown fields:
// those properties would close it for kubectl).
QJsonObject addEmbeddedProperties(QJsonObject s, CrdSchemaConverter::Flavour flavour)
{
    if (s.contains(kProperties)) {
        QJsonObject properties = s.value(kProperties).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            it.value() = addEmbeddedProperties(it.value().toObject(), flavour);
        s.insert(kProperties, properties);
    }
    if (s.value(kItems).isObject())
        s.insert(kItems, addEmbeddedProperties(s.value(kItems).toObject(), flavour));
    if (s.value(kAdditionalProperties).isObject())
        s.insert(kAdditionalProperties, addEmbeddedProperties(s.value(kAdditionalProperties).toObject(), flavour));

    if (flavour == CrdSchemaConverter::Flavour::Swagger2 && isTrue(s, kPreserveUnknown))
        return s;
    if (!isTrue(s, kEmbeddedResource))
        return s;
    KindSchemas::addTypeMeta(&s);
    QJsonObject properties = s.value(kProperties).toObject();
    properties.insert(QStringLiteral("metadata"), KindSchemas::objectMetaProperty());
    s.insert(kProperties, properties);
    QJsonArray required = s.value(kRequired).toArray();
    for (const QString &name : {QStringLiteral("kind"), QStringLiteral("apiVersion")}) {
        if (!required.contains(name))
            required.append(name);
    }
    s.insert(kRequired, required);
    return s;
}

} // namespace

QJsonObject CrdSchemaConverter::toSwagger(const QJsonObject &schema)
{
    return convert(schema);
}

QJsonObject CrdSchemaConverter::kindDefinition(const OpenApiResource &resource, Flavour flavour)
{
    QJsonObject definition;
    if (resource.schema.isEmpty() || (flavour == Flavour::Swagger2 && isTrue(resource.schema, kPreserveUnknown))) {
        definition.insert(kType, QStringLiteral("object"));
    } else {
        definition = flavour == Flavour::Swagger2 ? toSwagger(resource.schema) : resource.schema;
        QJsonObject properties = definition.value(kProperties).toObject();
        properties.insert(QStringLiteral("metadata"), KindSchemas::objectMetaProperty());
        definition.insert(kProperties, properties);
        KindSchemas::addTypeMeta(&definition);
        definition = addEmbeddedProperties(definition, flavour);
    }
    definition.insert(QStringLiteral("x-kubernetes-group-version-kind"),
                      KindSchemas::groupVersionKindList(resource.group, resource.version, resource.kind));
    return definition;
}

} // namespace cvc::sandbox
