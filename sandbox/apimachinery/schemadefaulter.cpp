#include "apimachinery/schemadefaulter.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

bool hasDefault(const QJsonObject &schema)
{
    return schema.contains(QLatin1String("default")) && !schema.value(QLatin1String("default")).isNull();
}

bool isNonNullableNull(const QJsonValue &value, const QJsonObject &schema)
{
    return value.isNull() && !schema.value(QLatin1String("nullable")).toBool();
}

// Only objects and arrays have anything inside to default or prune. Writing a scalar back is not
// free: a string read from a container keeps that container shared, so the write copies all of
// it, once per element (minutes for a 3 MiB list of strings).
bool isContainer(const QJsonValue &value)
{
    return value.isObject() || value.isArray();
}

// AX pkg/apiserver/schema/defaulting/prunenulls.go: a null that the schema does not allow and
// that no default will replace is removed.
QJsonValue pruneNulls(const QJsonValue &value, const QJsonObject &schema)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        const QStringList keys = object.keys();
        for (const QString &key : keys) {
            QJsonObject property;
            if (properties.contains(key))
                property = properties.value(key).toObject();
            else if (additional.isObject())
                property = additional.toObject();
            else
                continue;
            const QJsonValue child = object.value(key);
            if (isNonNullableNull(child, property) && !hasDefault(property))
                object.remove(key);
            else if (isContainer(child))
                object.insert(key, pruneNulls(child, property));
        }
        return object;
    }
    if (value.isArray() && schema.value(QLatin1String("items")).isObject()) {
        QJsonArray array = value.toArray();
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (isContainer(array.at(i)))
                array[i] = pruneNulls(array.at(i), items);
        }
        return array;
    }
    return value;
}

// AX pkg/apiserver/schema/defaulting/algorithm.go Default().
QJsonValue defaultValue(const QJsonValue &value, const QJsonObject &schema)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const QJsonObject property = it.value().toObject();
            if (!hasDefault(property))
                continue;
            if (!object.contains(it.key()) || isNonNullableNull(object.value(it.key()), property))
                object.insert(it.key(), property.value(QLatin1String("default")));
        }
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (properties.contains(it.key())) {
                if (isContainer(it.value()))
                    it.value() = defaultValue(it.value(), properties.value(it.key()).toObject());
            } else if (additional.isObject()) {
                const QJsonObject additionalSchema = additional.toObject();
                if (isNonNullableNull(it.value(), additionalSchema) && hasDefault(additionalSchema))
                    it.value() = additionalSchema.value(QLatin1String("default"));
                if (isContainer(it.value()))
                    it.value() = defaultValue(it.value(), additionalSchema);
            }
        }
        return object;
    }
    if (value.isArray() && schema.value(QLatin1String("items")).isObject()) {
        QJsonArray array = value.toArray();
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (isNonNullableNull(array.at(i), items) && hasDefault(items))
                array[i] = items.value(QLatin1String("default"));
            if (isContainer(array.at(i)))
                array[i] = defaultValue(array.at(i), items);
        }
        return array;
    }
    return value;
}

} // namespace

QJsonValue SchemaDefaulter::applyToValue(const QJsonValue &value, const QJsonObject &schema)
{
    return defaultValue(pruneNulls(value, schema), schema);
}

QJsonObject SchemaDefaulter::apply(const QJsonObject &object, const QJsonObject &openApiV3Schema)
{
    // apiVersion, kind and metadata are the server's business, never defaulted from the schema.
    QJsonObject body = object;
    const QStringList reserved = {QStringLiteral("apiVersion"), QStringLiteral("kind"), QStringLiteral("metadata")};
    for (const QString &key : reserved)
        body.remove(key);
    QJsonObject schema = openApiV3Schema;
    QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (const QString &key : reserved)
        properties.remove(key);
    schema.insert(QStringLiteral("properties"), properties);

    QJsonObject result = applyToValue(body, schema).toObject();
    for (const QString &key : reserved) {
        if (object.contains(key))
            result.insert(key, object.value(key));
    }
    return result;
}

} // namespace cvc::sandbox
