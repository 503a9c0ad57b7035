#pragma once

#include "apimachinery/tableconvertor.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc::sandbox {

class StatusError;
struct ResourceInfo;

// Content negotiation of the resource endpoints: which representation a GET wants (plain JSON or
// a meta.k8s.io Table), and how a request body is decoded (JSON or YAML; protobuf only for the
// kinds of ProtobufNegotiation; CBOR is refused with 415, kube-api.md §1.6).
class MediaNegotiation
{
public:
    enum class Representation { Json, Table };

    // From the Accept header: the first range we can serve wins; nullopt means 406.
    static std::optional<Representation> representation(const QByteArray &accept);
    static StatusError notAcceptable();

    // The media type without parameters, lower case: "application/merge-patch+json".
    static QByteArray baseType(const QByteArray &contentType);

    // Decodes a POST/PUT body (Content-Type application/json or application/yaml; empty counts
    // as JSON) into one object, or sets *error (400 malformed, 415 unsupported type).
    static std::optional<QJsonObject> decodeObject(const QByteArray &contentType, const QByteArray &body,
                                                   std::optional<StatusError> *error);
    // The same for a body sent to `resource`, which may also be protobuf if its kind has a
    // protobuf form (ProtobufNegotiation); the 415 then names what that kind accepts.
    static std::optional<QJsonObject> decodeObject(const ResourceInfo &resource, const QByteArray &contentType,
                                                   const QByteArray &body, std::optional<StatusError> *error);
    // JSON or YAML text (YAML is a superset; JSON first for exact numbers) into one object.
    static std::optional<QJsonObject> parseJsonOrYaml(const QByteArray &body, bool yaml, QString *error);
};

} // namespace cvc::sandbox
