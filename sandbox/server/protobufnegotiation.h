#pragma once

#include "resourceinfo.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

class StatusError;

// When a request body or a single-object answer is protobuf (application/vnd.kubernetes.protobuf,
// what kubectl's typed clients send for `kubectl create namespace|configmap|…`): only for the
// kinds KubeProtobufCodec has messages for. Other kinds get 415 for a protobuf body and JSON
// answers, which client-go accepts since its Accept lists JSON after protobuf.
class ProtobufNegotiation
{
public:
    static bool isProtobuf(const QByteArray &contentType);
    static bool supports(const ResourceInfo &resource);
    // True when the first range of Accept that this server can answer is protobuf
    // ("application/vnd.kubernetes.protobuf,application/json"); ranges asking for another
    // representation (as=Table) do not count.
    static bool prefersProtobuf(const QByteArray &accept);

    // A protobuf body for `resource`: 415 naming the kind when it has no protobuf form, 400 for
    // bytes that do not decode.
    static std::optional<QJsonObject> decodeObject(const ResourceInfo &resource, const QByteArray &body,
                                                   std::optional<StatusError> *error);
    // A single object as protobuf, when Accept prefers it and the object's message holds every
    // field it has; std::nullopt means answer JSON.
    static std::optional<QByteArray> encodeObject(const QByteArray &accept, const QJsonObject &object);
    // 415 for a body type we cannot decode for `resource`, listing what it accepts.
    static StatusError unsupportedMediaType(const ResourceInfo &resource, const QByteArray &contentType);
};

} // namespace cvc::sandbox
