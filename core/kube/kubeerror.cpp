#include "kubeerror.h"

#include <QJsonValue>

namespace cvc {

bool KubeError::isExpired() const
{
    return httpStatus == 410 || reason == QLatin1String("Expired") || reason == QLatin1String("Gone");
}

QString KubeError::toString() const
{
    QString text;
    if (httpStatus == 0) {
        text = message.isEmpty() ? reason : message;
    } else if (httpStatus == 401) {
        // What kubectl says; the server's message is just "Unauthorized".
        text = QStringLiteral("You must be logged in to the server (Unauthorized)");
        if (!message.isEmpty() && message != QLatin1String("Unauthorized"))
            text += QStringLiteral(": ") + message;
    } else {
        const QString why = reason.isEmpty() ? QStringLiteral("HTTP %1").arg(httpStatus) : reason;
        text = QStringLiteral("Error from server (%1): %2").arg(why, message.isEmpty() ? QStringLiteral("no message") : message);
    }
    for (const QJsonValue &cause : causes) {
        const QJsonObject c = cause.toObject();
        const QString field = c.value(QLatin1String("field")).toString();
        const QString msg = c.value(QLatin1String("message")).toString();
        // kubectl prints causes only when the message does not already list them.
        if (!msg.isEmpty() && !text.contains(msg))
            text += field.isEmpty() ? QString(QStringLiteral("\n* ") + msg)
                                    : QString(QStringLiteral("\n* ") + field + QStringLiteral(": ") + msg);
    }
    return text;
}

KubeError KubeError::fromStatus(const QJsonObject &status, int httpStatus)
{
    KubeError e;
    e.httpStatus = httpStatus;
    if (status.value(QLatin1String("kind")).toString() == QLatin1String("Status")) {
        const int code = status.value(QLatin1String("code")).toInt();
        if (httpStatus == 0 || httpStatus == 200)
            e.httpStatus = code; // ERROR watch events carry their code inside
        e.reason = status.value(QLatin1String("reason")).toString();
        e.message = status.value(QLatin1String("message")).toString();
        const QJsonObject details = status.value(QLatin1String("details")).toObject();
        e.causes = details.value(QLatin1String("causes")).toArray();
        e.detailsName = details.value(QLatin1String("name")).toString();
        e.detailsKind = details.value(QLatin1String("kind")).toString();
        e.detailsGroup = details.value(QLatin1String("group")).toString();
        if (details.contains(QLatin1String("retryAfterSeconds")))
            e.retryAfterSeconds = details.value(QLatin1String("retryAfterSeconds")).toInt();
    }
    if (e.reason.isEmpty()) {
        switch (e.httpStatus) {
        case 400: e.reason = QStringLiteral("BadRequest"); break;
        case 401: e.reason = QStringLiteral("Unauthorized"); break;
        case 403: e.reason = QStringLiteral("Forbidden"); break;
        case 404: e.reason = QStringLiteral("NotFound"); break;
        case 405: e.reason = QStringLiteral("MethodNotAllowed"); break;
        case 409: e.reason = QStringLiteral("Conflict"); break;
        case 410: e.reason = QStringLiteral("Expired"); break;
        case 415: e.reason = QStringLiteral("UnsupportedMediaType"); break;
        case 422: e.reason = QStringLiteral("Invalid"); break;
        case 429: e.reason = QStringLiteral("TooManyRequests"); break;
        case 500: e.reason = QStringLiteral("InternalError"); break;
        case 503: e.reason = QStringLiteral("ServiceUnavailable"); break;
        case 504: e.reason = QStringLiteral("Timeout"); break;
        default: break;
        }
    }
    if (e.message.isEmpty() && e.httpStatus == 404)
        e.message = QStringLiteral("the server could not find the requested resource");
    return e;
}

KubeError KubeError::transport(const QString &reason, const QString &message)
{
    KubeError e;
    e.reason = reason;
    e.message = message;
    return e;
}

} // namespace cvc
