#include "openapihandler.h"

#include "apimachinery/statuserror.h"
#include "apipath.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "openapi/openapiv3builder.h"
#include "openapi/swaggerbuilder.h"
#include "resourceregistry.h"

#include <QCryptographicHash>
#include <QStringList>

#include <algorithm>

namespace cvc::sandbox {

namespace {

const QString kServerVersion = QStringLiteral("v1.32.0");
// What client-go asks for. It cannot be the answer's Content-Type: '@' is not allowed in a media
// type token, and client-go's mime.ParseMediaType rejects the whole response ("mime: unexpected
// content after media subtype"). kube-openapi answers with the dotted spelling, which it also accepts.
const QByteArray kProtobufType = QByteArrayLiteral("application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
const QByteArray kProtobufTypeDotted = QByteArrayLiteral("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");

QString gvKey(const QString &group, const QString &version)
{
    return group.isEmpty() ? QStringLiteral("api/") + version : QStringLiteral("apis/%1/%2").arg(group, version);
}

OpenApiResource toOpenApiResource(const ResourceInfo &info)
{
    OpenApiResource r;
    r.group = info.group;
    r.version = info.version;
    r.plural = info.plural;
    r.kind = info.kind;
    r.listKind = info.listKind;
    r.namespaced = info.namespaced;
    r.verbs = info.verbs;
    r.hasStatus = info.hasStatus;
    r.custom = info.isCustom();
    r.schema = info.schema;
    return r;
}

QList<OpenApiResource> toOpenApi(const QList<ResourceInfo> &resources)
{
    QList<OpenApiResource> out;
    for (const ResourceInfo &info : resources)
        out.append(toOpenApiResource(info));
    return out;
}

struct MediaRange
{
    QByteArray type;
    QByteArray subtype;
    double q = 1.0;
    int specificity = 0;
};

QList<MediaRange> mediaRanges(const QByteArray &accept)
{
    QList<MediaRange> ranges;
    for (const QByteArray &clause : accept.split(',')) {
        const QList<QByteArray> parts = clause.split(';');
        const QByteArray mediaType = parts.first().trimmed().toLower();
        const qsizetype slash = mediaType.indexOf('/');
        if (mediaType.isEmpty())
            continue;
        MediaRange range;
        range.type = slash < 0 ? mediaType : mediaType.left(slash);
        range.subtype = slash < 0 ? QByteArrayLiteral("*") : mediaType.mid(slash + 1);
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts.at(i).trimmed();
            if (param.startsWith("q="))
                range.q = param.mid(2).toDouble();
        }
        range.specificity = (range.type != "*" ? 1 : 0) + (range.subtype != "*" ? 1 : 0);
        if (range.q > 0)
            ranges.append(range);
    }
    std::stable_sort(ranges.begin(), ranges.end(), [](const MediaRange &a, const MediaRange &b) {
        return a.q != b.q ? a.q > b.q : a.specificity > b.specificity;
    });
    return ranges;
}

} // namespace

OpenApiHandler::OpenApiHandler(const ResourceRegistry *registry)
    : m_registry(registry)
{
}

void OpenApiHandler::dropStaleCaches()
{
    if (m_cacheGeneration == m_registry->generation())
        return;
    m_cacheGeneration = m_registry->generation();
    m_swagger.reset();
    m_v3Documents.clear();
}

const EncodedSwagger &OpenApiHandler::swagger()
{
    dropStaleCaches();
    if (!m_swagger)
        m_swagger = EncodedSwagger::encode(SwaggerBuilder::build(toOpenApi(m_registry->resources()), kServerVersion));
    return *m_swagger;
}

QByteArray OpenApiHandler::v3Document(const QString &group, const QString &version)
{
    dropStaleCaches();
    const QString key = gvKey(group, version);
    auto it = m_v3Documents.constFind(key);
    if (it == m_v3Documents.constEnd())
        it = m_v3Documents.insert(key, ApiResponse::toJson(OpenApiV3Builder::document(toOpenApi(m_registry->resourcesOf(group, version)), kServerVersion)));
    return it.value();
}

QJsonObject OpenApiHandler::v3Root()
{
    QJsonObject paths;
    for (const ResourceInfo &info : m_registry->resources()) {
        const QString key = gvKey(info.group, info.version);
        if (paths.contains(key))
            continue;
        const QByteArray hash = QCryptographicHash::hash(v3Document(info.group, info.version), QCryptographicHash::Sha512).toHex().toUpper();
        paths.insert(key, QJsonObject{{QStringLiteral("serverRelativeURL"),
                                       QStringLiteral("/openapi/v3/%1?hash=%2").arg(key, QString::fromLatin1(hash))}});
    }
    return QJsonObject{{QStringLiteral("paths"), paths}};
}

std::optional<OpenApiHandler::SwaggerForm> OpenApiHandler::swaggerForm(const QByteArray &accept, QByteArray *mediaType)
{
    const QList<MediaRange> ranges = mediaRanges(accept.trimmed().isEmpty() ? QByteArrayLiteral("*/*") : accept);
    for (const MediaRange &range : ranges) {
        const bool anyType = range.type == "*";
        if (!anyType && range.type != "application")
            continue;
        if (range.subtype == "*" || range.subtype == "json") {
            *mediaType = QByteArrayLiteral("application/json");
            return SwaggerForm::Json;
        }
        const QByteArray asked = "application/" + range.subtype;
        if (asked == kProtobufType || asked == kProtobufTypeDotted) {
            *mediaType = kProtobufTypeDotted;
            return SwaggerForm::Protobuf;
        }
    }
    return std::nullopt;
}

void OpenApiHandler::serveSwagger(HttpExchange *exchange)
{
    QByteArray mediaType;
    const std::optional<SwaggerForm> form = swaggerForm(exchange->request().header("Accept"), &mediaType);
    if (!form) {
        ApiResponse::status(exchange, StatusError::notAcceptable({QStringLiteral("application/json"), QString::fromLatin1(kProtobufType)}));
        return;
    }
    const EncodedSwagger &document = swagger();
    const QByteArray &body = *form == SwaggerForm::Json ? document.json : document.protobuf;
    const QByteArray &etag = *form == SwaggerForm::Json ? document.jsonEtag : document.protobufEtag;
    const HttpHeaders headers{{QByteArrayLiteral("ETag"), etag}, {QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept")}};
    if (exchange->request().header("If-None-Match") == etag) {
        exchange->respond(304, QByteArray(), QByteArray(), headers);
        return;
    }
    exchange->respond(200, mediaType, body, headers);
}

bool OpenApiHandler::handle(HttpExchange *exchange, const ApiPath &path)
{
    switch (path.kind) {
    case ApiPath::Kind::OpenApiV3Root:
        ApiResponse::json(exchange, 200, v3Root());
        return true;
    case ApiPath::Kind::OpenApiV3Doc:
        if (!m_registry->hasGroupVersion(path.group, path.version))
            ApiResponse::status(exchange, StatusError::notFoundPath());
        else
            exchange->respond(200, QByteArrayLiteral("application/json"), v3Document(path.group, path.version));
        return true;
    case ApiPath::Kind::OpenApiV2:
        serveSwagger(exchange);
        return true;
    default:
        return false;
    }
}

} // namespace cvc::sandbox
