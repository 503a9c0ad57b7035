#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace google::protobuf {
class Message;
}

namespace cvc::sandbox {

// A decoded Kubernetes message as the JSON object Go's encoding/json gives for the same object
// (KubeFieldMapping has the special fields): empty non-pointer scalars, lists and maps are left
// out (omitempty), pointer scalars and embedded messages on the wire are kept even when empty
// ("spec":{}), bytes become base64. Fields the message does not know (unknown fields) are dropped.
class ProtoJsonReader
{
public:
    // std::nullopt and *error naming the field when a value has no JSON form (a time outside
    // 0001–9999, a FieldsV1 that is not a JSON object).
    static std::optional<QJsonObject> read(const google::protobuf::Message &message, QString *error);
};

} // namespace cvc::sandbox
