#include "builtindefinitions.h"

#include "kindschemas.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtGlobal>

namespace cvc::sandbox {

namespace {

QString gvkKey(const QString &group, const QString &version, const QString &kind)
{
    return group + QLatin1Char('/') + version + QLatin1Char('/') + kind;
}

struct Loaded
{
    QJsonObject definitions;
    QHash<QString, QString> kinds;   // gvkKey → definition name
};

Loaded load()
{
    Loaded loaded;
    QFile file(QStringLiteral(":/openapi/builtindefinitions.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCritical("kube-sandbox: the built-in OpenAPI definitions resource is missing");
        return loaded;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        qCritical("kube-sandbox: builtindefinitions.json: %s at offset %d", qPrintable(error.errorString()), error.offset);
        return loaded;
    }
    const QJsonObject definitions = document.object().value(QStringLiteral("definitions")).toObject();
    for (auto it = definitions.begin(); it != definitions.end(); ++it) {
        QJsonObject definition = it.value().toObject();
        const QJsonArray gvks = definition.value(QStringLiteral("x-kubernetes-group-version-kind")).toArray();
        if (!gvks.isEmpty())
            KindSchemas::addTypeMeta(&definition);
        for (const QJsonValue &gvk : gvks) {
            const QJsonObject g = gvk.toObject();
            loaded.kinds.insert(gvkKey(g.value(QStringLiteral("group")).toString(), g.value(QStringLiteral("version")).toString(),
                                       g.value(QStringLiteral("kind")).toString()),
                                it.key());
        }
        loaded.definitions.insert(it.key(), definition);
    }
    return loaded;
}

const Loaded &loaded()
{
    static const Loaded instance = load();
    return instance;
}

} // namespace

const QJsonObject &BuiltinDefinitions::definitions()
{
    return loaded().definitions;
}

QString BuiltinDefinitions::kindDefinitionName(const QString &group, const QString &version, const QString &kind)
{
    return loaded().kinds.value(gvkKey(group, version, kind));
}

} // namespace cvc::sandbox
