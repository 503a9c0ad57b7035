#include "apimachinery/schemapruner.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

bool flag(const QJsonObject &schema, const char *name)
{
    return schema.value(QLatin1String(name)).toBool();
}

QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

QString indexPath(const QString &parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

// additionalProperties as a schema object, or nothing (absent, false, or bare true).
std::optional<QJsonObject> additionalSchema(const QJsonObject &schema)
{
    const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
    if (additional.isObject())
        return additional.toObject();
    return std::nullopt;
}

bool isEmbeddedMetaField(const QString &key, const QJsonValue &value)
{
    if (key == QLatin1String("apiVersion") || key == QLatin1String("kind"))
        return value.isString();
    if (key == QLatin1String("metadata"))
        return value.isObject();
    return false;
}

QJsonValue pruneNode(const QJsonValue &value, const QJsonObject *schema, const QString &path,
                     QStringList *unknown);

// Pruning never changes a scalar. Writing one back is not free either: a string read from a
// container keeps that container shared, so the write copies all of it, once per element
// (minutes for a 3 MiB list of strings).
bool isContainer(const QJsonValue &value)
{
    return value.isObject() || value.isArray();
}

// Under x-kubernetes-preserve-unknown-fields: unknown keys stay, declared ones are still pruned.
QJsonValue skipPrune(const QJsonValue &value, const QJsonObject &schema, const QString &path,
                     QStringList *unknown)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const std::optional<QJsonObject> additional = additionalSchema(schema);
        const bool embedded = flag(schema, "x-kubernetes-embedded-resource");
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (embedded && (it.key() == QLatin1String("apiVersion") || it.key() == QLatin1String("kind")
                             || it.key() == QLatin1String("metadata")))
                continue;
            if (!isContainer(it.value()))
                continue;
            if (properties.contains(it.key())) {
                const QJsonObject property = properties.value(it.key()).toObject();
                it.value() = pruneNode(it.value(), &property, childPath(path, it.key()), unknown);
            } else if (additional) {
                it.value() = pruneNode(it.value(), &*additional, childPath(path, it.key()), unknown);
            }
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        const QJsonValue items = schema.value(QLatin1String("items"));
        if (!items.isObject())
            return array;
        const QJsonObject itemSchema = items.toObject();
        // Like Go's skipPrune, items below a preserving array keep their unknown keys too.
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (isContainer(array.at(i)))
                array[i] = skipPrune(array.at(i), itemSchema, indexPath(path, i), unknown);
        }
        return array;
    }
    return value;
}

// AX pkg/apiserver/schema/pruning/algorithm.go prune(): `schema` null means "nothing declared".
QJsonValue pruneNode(const QJsonValue &value, const QJsonObject *schema, const QString &path,
                     QStringList *unknown)
{
    if (schema && flag(*schema, "x-kubernetes-preserve-unknown-fields"))
        return skipPrune(value, *schema, path, unknown);

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QJsonObject kept;
        if (!schema) {
            for (auto it = object.begin(); it != object.end(); ++it)
                unknown->append(childPath(path, it.key()));
            return kept;
        }
        const QJsonObject properties = schema->value(QLatin1String("properties")).toObject();
        const std::optional<QJsonObject> additional = additionalSchema(*schema);
        const bool embedded = flag(*schema, "x-kubernetes-embedded-resource");
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (embedded && isEmbeddedMetaField(it.key(), it.value())) {
                kept.insert(it.key(), it.value());
                continue;
            }
            if (properties.contains(it.key())) {
                const QJsonObject property = properties.value(it.key()).toObject();
                kept.insert(it.key(), pruneNode(it.value(), &property, childPath(path, it.key()), unknown));
            } else if (additional) {
                kept.insert(it.key(), pruneNode(it.value(), &*additional, childPath(path, it.key()), unknown));
            } else {
                unknown->append(childPath(path, it.key()));
            }
        }
        return kept;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        std::optional<QJsonObject> itemSchema;
        if (schema && schema->value(QLatin1String("items")).isObject())
            itemSchema = schema->value(QLatin1String("items")).toObject();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (isContainer(array.at(i)))
                array[i] = pruneNode(array.at(i), itemSchema ? &*itemSchema : nullptr, indexPath(path, i), unknown);
        }
        return array;
    }
    return value;
}

} // namespace

const QStringList &SchemaPruner::objectMetaFields()
{
    static const QStringList fields = {
        QStringLiteral("name"), QStringLiteral("generateName"), QStringLiteral("namespace"),
        QStringLiteral("selfLink"), QStringLiteral("uid"), QStringLiteral("resourceVersion"),
        QStringLiteral("generation"), QStringLiteral("creationTimestamp"),
        QStringLiteral("deletionTimestamp"), QStringLiteral("deletionGracePeriodSeconds"),
        QStringLiteral("labels"), QStringLiteral("annotations"), QStringLiteral("ownerReferences"),
        QStringLiteral("finalizers"), QStringLiteral("managedFields")};
    return fields;
}

QJsonValue SchemaPruner::pruneValue(const QJsonValue &value, const QJsonObject &schema,
                                    const QString &path, QStringList *unknownFields)
{
    QStringList ignored;
    return pruneNode(value, &schema, path, unknownFields ? unknownFields : &ignored);
}

PruneResult SchemaPruner::prune(const QJsonObject &object, const QJsonObject &openApiV3Schema)
{
    PruneResult result;
    // The resource root always keeps apiVersion, kind and metadata, as if it were an embedded
    // resource (PruneWithOptions with isResourceRoot).
    QJsonObject rootSchema = openApiV3Schema;
    rootSchema.insert(QStringLiteral("x-kubernetes-embedded-resource"), true);
    QStringList unknown;
    QJsonObject pruned = pruneNode(object, &rootSchema, QString(), &unknown).toObject();

    // A non-string kind/apiVersion or a non-object metadata at the root is dropped silently,
    // like the Go pruner (it never reports those names at the root).
    for (const QString &key : {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata")})
        unknown.removeAll(key);
    // Go's PruneWithOptions sorts the paths it returns.
    unknown.sort();

    // ObjectMeta is decoded into a typed struct: keys it does not know disappear. They are
    // found by a separate step in Go, so they come after the schema's paths.
    if (pruned.value(QLatin1String("metadata")).isObject()) {
        QJsonObject metadata = pruned.value(QLatin1String("metadata")).toObject();
        const QStringList keys = metadata.keys();
        for (const QString &key : keys) {
            if (!objectMetaFields().contains(key)) {
                metadata.remove(key);
                unknown.append(QStringLiteral("metadata.") + key);
            }
        }
        pruned.insert(QStringLiteral("metadata"), metadata);
    }
    result.object = pruned;
    result.unknownFields = unknown;
    return result;
}

} // namespace cvc::sandbox
