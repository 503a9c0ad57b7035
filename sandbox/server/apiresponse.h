#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace cvc {
class HttpExchange;
}

namespace cvc::sandbox {

class StatusError;

// Writing answers the way the apiserver does: compact JSON, Content-Type application/json,
// one `Warning: 299 - "…"` header per warning, and Status bodies whose `code` is the HTTP status.
namespace ApiResponse {

QByteArray toJson(const QJsonObject &object);
void json(HttpExchange *exchange, int status, const QJsonObject &body, const QStringList &warnings = {},
          const QByteArray &contentType = QByteArrayLiteral("application/json"));
// One API object (create, replace, get, a delete that returns it): protobuf when the request's
// Accept prefers it and the kind has a protobuf form (ProtobufNegotiation), JSON otherwise.
void object(HttpExchange *exchange, int status, const QJsonObject &object, const QStringList &warnings = {});
// A Status object: the HTTP status is its `code`; 429/5xx with details.retryAfterSeconds also get Retry-After.
// Always JSON: client-go decodes error bodies by their Content-Type.
void status(HttpExchange *exchange, const StatusError &error, const QStringList &warnings = {});
QByteArray warningHeaderValue(const QString &text);

} // namespace ApiResponse

} // namespace cvc::sandbox
