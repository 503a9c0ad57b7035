#include "apiresponse.h"

#include "apimachinery/statuserror.h"
#include "httpexchange.h"
#include "protobuf/kubeprotobufcodec.h"
#include "protobufnegotiation.h"

#include <QJsonDocument>

namespace cvc::sandbox::ApiResponse {

namespace {

HttpHeaders warningHeaders(const QStringList &warnings)
{
    HttpHeaders headers;
    for (const QString &warning : warnings)
        headers.append({QByteArrayLiteral("Warning"), warningHeaderValue(warning)});
    return headers;
}

} // namespace

QByteArray toJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray warningHeaderValue(const QString &text)
{
    // RFC 7234 warn-text is a quoted-string: escape backslashes and quotes.
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    escaped.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return "299 - \"" + escaped.toUtf8() + '"';
}

void json(HttpExchange *exchange, int status, const QJsonObject &body, const QStringList &warnings,
          const QByteArray &contentType)
{
    if (!exchange || exchange->isFinished())
        return;
    exchange->respond(status, contentType, toJson(body), warningHeaders(warnings));
}

void object(HttpExchange *exchange, int status, const QJsonObject &object, const QStringList &warnings)
{
    if (!exchange || exchange->isFinished())
        return;
    const auto protobuf = ProtobufNegotiation::encodeObject(exchange->request().header("Accept"), object);
    if (protobuf)
        exchange->respond(status, KubeProtobufCodec::mediaType(), *protobuf, warningHeaders(warnings));
    else
        json(exchange, status, object, warnings);
}

void status(HttpExchange *exchange, const StatusError &error, const QStringList &warnings)
{
    if (!exchange || exchange->isFinished())
        return;
    const QJsonObject statusBody = error.body();
    const int code = error.code();
    HttpHeaders headers = warningHeaders(warnings);
    const QJsonObject details = statusBody.value(QStringLiteral("details")).toObject();
    if (details.contains(QStringLiteral("retryAfterSeconds")) && (code == 429 || code >= 500))
        headers.append({QByteArrayLiteral("Retry-After"),
                        QByteArray::number(details.value(QStringLiteral("retryAfterSeconds")).toInt())});
    exchange->respond(code, QByteArrayLiteral("application/json"), toJson(statusBody), headers);
}

} // namespace cvc::sandbox::ApiResponse
