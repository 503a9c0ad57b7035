#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace cvc::sandbox {

// One Swagger 2.0 document in both forms /openapi/v2 serves, with their entity tags. Built once
// per registry generation: every kubectl invocation fetches the document.
struct EncodedSwagger
{
    QByteArray json;
    QByteArray protobuf;
    QByteArray jsonEtag;       // quoted, as the header carries it: "\"<SHA-512 hex>\""
    QByteArray protobufEtag;

    static EncodedSwagger encode(const QJsonObject &document);
    // "\"<upper-case hex SHA-512>\"", what kube-openapi sends as ETag.
    static QByteArray etagOf(const QByteArray &bytes);
};

} // namespace cvc::sandbox
