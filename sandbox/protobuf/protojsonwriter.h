#pragma once

#include <QJsonObject>
#include <QStringList>

namespace google::protobuf {
class Message;
}

namespace cvc::sandbox {

// A stored JSON object into its Kubernetes message, the inverse of ProtoJsonReader: RFC 3339
// strings into meta.v1.Time, JSON objects into FieldsV1.Raw, base64 into bytes, null as absent.
// Nothing is dropped silently: a key the message has no field for, or a value of the wrong type,
// is reported by its path ("spec.replicas: no such field in k8s.io.api.core.v1.NamespaceSpec"), so
// that the caller can answer in JSON instead.
class ProtoJsonWriter
{
public:
    // Fills `message` (which should be empty). Returns the problems; empty means every field of
    // `object` is in the message.
    static QStringList write(const QJsonObject &object, google::protobuf::Message *message);
};

} // namespace cvc::sandbox
