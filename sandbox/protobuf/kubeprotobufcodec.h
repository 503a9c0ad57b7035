#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc::sandbox {

// Kubernetes protobuf bodies (application/vnd.kubernetes.protobuf) for the kinds of
// KubeProtobufRegistry: the 4 bytes "k8s\0", then a runtime.Unknown whose typeMeta names
// apiVersion and kind and whose raw is the kind's own message. Converts to and from the JSON
// object the sandbox stores, with the mapping Go's JSON encoding of the same object has
// (ProtoJsonReader, ProtoJsonWriter). Hostile bytes give an error, never a crash.
class KubeProtobufCodec
{
public:
    static QByteArray mediaType() { return QByteArrayLiteral("application/vnd.kubernetes.protobuf"); }
    static QByteArray magic() { return QByteArrayLiteral("k8s\0"); }
    // Refused before parsing; the server's --max-body-bytes is far lower, this guards other callers.
    static constexpr qsizetype kMaxWireBytes = 64 * 1024 * 1024;

    static bool supports(const QString &apiVersion, const QString &kind);

    // The object with apiVersion and kind set. The kind is the one typeMeta names; when typeMeta
    // is empty (a client that left it out) `apiVersion` and `kind` are used. std::nullopt and
    // *error on bytes that are not such a body or a kind without a message.
    static std::optional<QJsonObject> decode(const QByteArray &wire, const QString &apiVersion, const QString &kind,
                                             QString *error);
    // The object (apiVersion and kind required) as a body. std::nullopt and *error naming every
    // problem — a kind without a message, fields the message lacks, values of the wrong type — so
    // that nothing is dropped silently and the caller can send JSON instead.
    static std::optional<QByteArray> encode(const QJsonObject &object, QString *error);
};

} // namespace cvc::sandbox
