#include "definitionrefs.h"

#include <QJsonArray>

namespace cvc::sandbox {

namespace {

bool isDataKey(const QString &key)
{
    return key == QLatin1String("enum") || key == QLatin1String("default") || key == QLatin1String("example")
        || key.startsWith(QLatin1String("x-"));
}

// Maps from names to schemas: every key is a name, even "default" or "enum".
bool isNamedSchemaMap(const QString &key)
{
    return key == QLatin1String("properties") || key == QLatin1String("patternProperties")
        || key == QLatin1String("definitions");
}

void collect(const QJsonValue &value, const QString &prefix, QStringList *out)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collect(item, prefix, out);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("$ref") && it.value().isString()) {
            const QString ref = it.value().toString();
            if (ref.startsWith(prefix) && !out->contains(ref.mid(prefix.size())))
                out->append(ref.mid(prefix.size()));
        } else if (isNamedSchemaMap(it.key()) && it.value().isObject()) {
            const QJsonObject named = it.value().toObject();
            for (auto entry = named.begin(); entry != named.end(); ++entry)
                collect(entry.value(), prefix, out);
        } else if (!isDataKey(it.key())) {
            collect(it.value(), prefix, out);
        }
    }
}

} // namespace

QStringList DefinitionRefs::referencedNames(const QJsonValue &schema, const QString &prefix)
{
    QStringList out;
    collect(schema, prefix, &out);
    return out;
}

QJsonObject DefinitionRefs::closure(const QJsonObject &definitions, const QStringList &roots, const QString &prefix,
                                    QStringList *missing)
{
    QJsonObject out;
    QStringList pending = roots;
    while (!pending.isEmpty()) {
        const QString name = pending.takeFirst();
        if (out.contains(name))
            continue;
        const auto it = definitions.constFind(name);
        if (it == definitions.constEnd()) {
            if (missing && !missing->contains(name))
                missing->append(name);
            continue;
        }
        out.insert(name, it.value());
        pending.append(referencedNames(it.value(), prefix));
    }
    return out;
}

} // namespace cvc::sandbox
