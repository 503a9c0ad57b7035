#include "apiresponse.h"

#include "apimachinery/statuserror.h"
#include "httpexchange.h"

#include <QJsonDocument>

namespace cvc::sandbox::ApiResponse {

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
    HttpHeaders headers;
    for (const QString &warning : warnings)
        headers.append({QByteArrayLiteral("Warning"), warningHeaderValue(warning)});
    exchange->respond(status, contentType, toJson(body), headers);
}

void status(HttpExchange *exchange, const StatusError &error, const QStringList &warnings)
{
    if (!exchange || exchange->isFinished())
        return;
    const QJsonObject statusBody = error.body();
    const int code = error.code();
    HttpHeaders headers;
    for (const QString &warning : warnings)
        headers.append({QByteArrayLiteral("Warning"), warningHeaderValue(warning)});
    const QJsonObject details = statusBody.value(QStringLiteral("details")).toObject();
    if (details.contains(QStringLiteral("retryAfterSeconds")) && (code == 429 || code >= 500))
        headers.append({QByteArrayLiteral("Retry-After"),
                        QByteArray::number(details.value(QStringLiteral("retryAfterSeconds")).toInt())});
    exchange->respond(code, QByteArrayLiteral("application/json"), toJson(statusBody), headers);
}

} // namespace cvc::sandbox::ApiResponse
