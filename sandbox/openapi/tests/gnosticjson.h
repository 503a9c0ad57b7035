#pragma once

#include <QJsonValue>

namespace google::protobuf {
class Message;
}

namespace cvc::sandbox::testing {

// Reads any gnostic openapi.v2 message back into Swagger 2.0 JSON, generically by protobuf
// reflection and gnostic's conventions (json names, `_ref` → "$ref", NamedX lists → objects,
// vendor_extension → x- keys, oneof wrappers transparent, TypeItem/ItemsItem of one → the one,
// Any → its YAML parsed). Written independently of the encoder so that encode → decode must give
// the document back: the encoder cannot hide a field it forgot.
class GnosticJson
{
public:
    static QJsonValue toJson(const google::protobuf::Message &message);
};

} // namespace cvc::sandbox::testing
