#include "medianegotiation.h"

#include "apimachinery/statuserror.h"
#include "json/deepjsonreader.h"
#include "json/yamlconverter.h"
#include "protobufnegotiation.h"

#include <QJsonDocument>
#include <QList>

namespace cvc::sandbox {

namespace {

QList<QByteArray> parameters(const QByteArray &range)
{
    QList<QByteArray> out;
    const QList<QByteArray> parts = range.split(';');
    for (qsizetype i = 1; i < parts.size(); ++i)
        out.append(parts.at(i).trimmed());
    return out;
}

} // namespace

QByteArray MediaNegotiation::baseType(const QByteArray &contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

std::optional<MediaNegotiation::Representation> MediaNegotiation::representation(const QByteArray &accept)
{
    if (accept.trimmed().isEmpty())
        return Representation::Json;
    for (const QByteArray &range : accept.split(',')) {
        const QByteArray type = baseType(range);
        const QList<QByteArray> params = parameters(range);
        bool table = false;
        bool otherAs = false;
        bool tableGroupOk = false;
        bool tableVersionOk = false;
        for (const QByteArray &param : params) {
            if (param == "as=Table")
                table = true;
            else if (param.startsWith("as="))
                otherAs = true;
            else if (param == "g=meta.k8s.io")
                tableGroupOk = true;
            else if (param == "v=v1" || param == "v=v1beta1")
                tableVersionOk = true;
        }
        if (type != "application/json" && type != "*/*" && type != "application/*")
            continue;
        if (table) {
            if (tableGroupOk && tableVersionOk)
                return Representation::Table;
            continue;
        }
        if (otherAs)
            continue;
        return Representation::Json;
    }
    return std::nullopt;
}

StatusError MediaNegotiation::notAcceptable()
{
    return StatusError::notAcceptable({QStringLiteral("application/json"), QStringLiteral("application/yaml"),
                                       QStringLiteral("application/json;as=Table;v=v1;g=meta.k8s.io")});
}

std::optional<QJsonObject> MediaNegotiation::parseJsonOrYaml(const QByteArray &body, bool yaml, QString *error)
{
    if (!yaml) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error == QJsonParseError::DeepNesting) {
            // Qt's parser stops at 1024 levels; kube-apiserver decodes up to 10,000.
            const DeepJsonReader deep(body);
            if (auto object = deep.object(DeepJsonReader::KubeMaxDepth))
                return object;
            *error = QStringLiteral("json: invalid request body: exceeded max depth of %1").arg(DeepJsonReader::KubeMaxDepth);
            return std::nullopt;
        }
        if (parseError.error != QJsonParseError::NoError) {
            *error = QStringLiteral("json: invalid request body: %1 at offset %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset);
            return std::nullopt;
        }
        if (!document.isObject()) {
            *error = QStringLiteral("json: cannot unmarshal %1 into an object")
                         .arg(document.isArray() ? QStringLiteral("array") : QStringLiteral("value"));
            return std::nullopt;
        }
        return document.object();
    }
    const YamlDocuments documents = YamlConverter::parseDocuments(body);
    if (!documents.ok()) {
        *error = documents.error;
        return std::nullopt;
    }
    if (documents.documents.size() != 1 || !documents.documents.first().isObject()) {
        *error = QStringLiteral("yaml: the request body must hold exactly one object");
        return std::nullopt;
    }
    return documents.documents.first().toObject();
}

std::optional<QJsonObject> MediaNegotiation::decodeObject(const QByteArray &contentType, const QByteArray &body,
                                                          std::optional<StatusError> *error)
{
    const QByteArray type = baseType(contentType);
    bool yaml = false;
    if (type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml") {
        yaml = true;
    } else if (!type.isEmpty() && type != "application/json" && type != "*/*") {
        *error = StatusError::unsupportedMediaType({QStringLiteral("application/json"), QStringLiteral("application/yaml")});
        return std::nullopt;
    }
    if (body.trimmed().isEmpty()) {
        *error = StatusError::badRequest(QStringLiteral("the request body is empty; expected a JSON or YAML object"));
        return std::nullopt;
    }
    QString message;
    std::optional<QJsonObject> object = parseJsonOrYaml(body, yaml, &message);
    if (!object)
        *error = StatusError::badRequest(message);
    return object;
}

std::optional<QJsonObject> MediaNegotiation::decodeObject(const ResourceInfo &resource, const QByteArray &contentType,
                                                          const QByteArray &body, std::optional<StatusError> *error)
{
    if (ProtobufNegotiation::isProtobuf(contentType))
        return ProtobufNegotiation::decodeObject(resource, body, error);
    std::optional<QJsonObject> object = decodeObject(contentType, body, error);
    if (!object && *error && (*error)->code() == 415)
        *error = ProtobufNegotiation::unsupportedMediaType(resource, contentType);
    return object;
}

} // namespace cvc::sandbox
