#include "protobufnegotiation.h"

#include "apimachinery/statuserror.h"
#include "medianegotiation.h"
#include "protobuf/kubeprotobufcodec.h"
#include "protobuf/kubeprotobufregistry.h"

#include <QList>
#include <QStringList>

namespace cvc::sandbox {

bool ProtobufNegotiation::isProtobuf(const QByteArray &contentType)
{
    return MediaNegotiation::baseType(contentType) == KubeProtobufCodec::mediaType();
}

bool ProtobufNegotiation::supports(const ResourceInfo &resource)
{
    return KubeProtobufCodec::supports(resource.apiVersion(), resource.kind);
}

bool ProtobufNegotiation::prefersProtobuf(const QByteArray &accept)
{
    for (const QByteArray &range : accept.split(',')) {
        if (range.contains("as="))
            continue;
        const QByteArray type = MediaNegotiation::baseType(range);
        if (type == KubeProtobufCodec::mediaType())
            return true;
        if (type == "application/json" || type == "*/*" || type == "application/*")
            return false;
    }
    return false;
}

StatusError ProtobufNegotiation::unsupportedMediaType(const ResourceInfo &resource, const QByteArray &contentType)
{
    QStringList accepted{QStringLiteral("application/json"), QStringLiteral("application/yaml")};
    if (supports(resource))
        accepted.append(QString::fromLatin1(KubeProtobufCodec::mediaType()));
    StatusError error = StatusError::unsupportedMediaType(accepted);
    if (!isProtobuf(contentType) || supports(resource))
        return error;
    // kube-apiserver takes protobuf for every built-in; say why this one is refused here.
    QStringList kinds = KubeProtobufRegistry::kinds();
    const QString last = kinds.takeLast();
    return StatusError(415, error.reason(),
                       QStringLiteral("%1; kube-sandbox decodes %2 for %3 and %4 only, not for %5")
                           .arg(error.message(), QString::fromLatin1(KubeProtobufCodec::mediaType()),
                                kinds.join(QStringLiteral(", ")), last, resource.qualifiedKind()));
}

std::optional<QJsonObject> ProtobufNegotiation::decodeObject(const ResourceInfo &resource, const QByteArray &body,
                                                             std::optional<StatusError> *error)
{
    if (!supports(resource)) {
        *error = unsupportedMediaType(resource, KubeProtobufCodec::mediaType());
        return std::nullopt;
    }
    QString message;
    auto object = KubeProtobufCodec::decode(body, resource.apiVersion(), resource.kind, &message);
    if (!object)
        *error = StatusError::badRequest(message);
    return object;
}

std::optional<QByteArray> ProtobufNegotiation::encodeObject(const QByteArray &accept, const QJsonObject &object)
{
    if (!prefersProtobuf(accept))
        return std::nullopt;
    // A field the message lacks (an unknown field kept in a built-in) would be lost: JSON then.
    return KubeProtobufCodec::encode(object, nullptr);
}

} // namespace cvc::sandbox
