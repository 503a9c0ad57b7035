#include "cryptovaluecalculator.h"

#include "kube/resourcetype.h"

namespace cvc {

CryptoValueCalculator CryptoValueCalculator::fromJson(const QJsonObject &object)
{
    CryptoValueCalculator c;
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    c.key = ObjectKey{meta.value(QStringLiteral("namespace")).toString(), meta.value(QStringLiteral("name")).toString()};
    c.uid = meta.value(QStringLiteral("uid")).toString();
    c.resourceVersion = meta.value(QStringLiteral("resourceVersion")).toString();
    c.generation = meta.value(QStringLiteral("generation")).toInteger(0);
    const QJsonValue value = meta.value(QStringLiteral("annotations")).toObject().value(QLatin1String(valueAnnotation));
    if (!value.isUndefined())
        c.value = value.toString();
    c.spec = CvcSpec::fromJson(object.value(QStringLiteral("spec")));
    c.status = CvcStatus::fromJson(object.value(QStringLiteral("status")).toObject());
    return c;
}

QJsonObject CryptoValueCalculator::toJson() const
{
    QJsonObject o = objectReference();
    QJsonObject metadata = o.value(QStringLiteral("metadata")).toObject();
    if (key.namespaceName.isEmpty())
        metadata.remove(QStringLiteral("namespace"));
    if (generation != 0)
        metadata.insert(QStringLiteral("generation"), generation);
    if (value)
        metadata.insert(QStringLiteral("annotations"), QJsonObject{{QLatin1String(valueAnnotation), *value}});
    o.insert(QStringLiteral("metadata"), metadata);
    o.insert(QStringLiteral("spec"), spec.toJson());
    const QJsonObject statusJson = status.toJson();
    if (!statusJson.isEmpty())
        o.insert(QStringLiteral("status"), statusJson);
    return o;
}

QJsonObject CryptoValueCalculator::objectReference() const
{
    const ResourceType type = ResourceType::cryptoValueCalculators();
    QJsonObject metadata{{QStringLiteral("name"), key.name}, {QStringLiteral("namespace"), key.namespaceName}};
    if (!uid.isEmpty())
        metadata.insert(QStringLiteral("uid"), uid);
    if (!resourceVersion.isEmpty())
        metadata.insert(QStringLiteral("resourceVersion"), resourceVersion);
    return QJsonObject{
        {QStringLiteral("apiVersion"), type.apiVersion()},
        {QStringLiteral("kind"), type.kind},
        {QStringLiteral("metadata"), metadata},
    };
}

} // namespace cvc
