#include "encodedswagger.h"

#include "swaggerprotoencoder.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace cvc::sandbox {

QByteArray EncodedSwagger::etagOf(const QByteArray &bytes)
{
    return '"' + QCryptographicHash::hash(bytes, QCryptographicHash::Sha512).toHex().toUpper() + '"';
}

EncodedSwagger EncodedSwagger::encode(const QJsonObject &document)
{
    EncodedSwagger out;
    out.json = QJsonDocument(document).toJson(QJsonDocument::Compact);
    out.protobuf = SwaggerProtoEncoder::encode(document);
    out.jsonEtag = etagOf(out.json);
    out.protobufEtag = etagOf(out.protobuf);
    return out;
}

} // namespace cvc::sandbox
