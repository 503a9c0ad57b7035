#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace cvc {

// A failed request as the API server (a Status object, kube-api.md §3.9) or the transport reported it.
// httpStatus 0 means the request never got an HTTP answer (DNS, TLS, refused, timeout, credentials).
struct KubeError
{
    int httpStatus = 0;
    QString reason;           // Status.reason: NotFound, Conflict, Invalid, Expired, Unauthorized, ... or a transport kind
    QString message;          // Status.message, or a sentence about the transport failure
    QJsonArray causes;        // details.causes: [{reason, message, field}]
    QString detailsName;      // details.name
    QString detailsKind;      // details.kind
    QString detailsGroup;     // details.group
    int retryAfterSeconds = -1; // details.retryAfterSeconds or the Retry-After header; -1 when absent

    bool isTransport() const { return httpStatus == 0; }
    bool isNotFound() const { return httpStatus == 404; }
    bool isConflict() const { return httpStatus == 409 && reason != QLatin1String("AlreadyExists"); }
    bool isAlreadyExists() const { return reason == QLatin1String("AlreadyExists"); }
    bool isUnauthorized() const { return httpStatus == 401; }
    // 410 Gone on a list, or an ERROR watch event with reason Expired/Gone: the client must relist.
    bool isExpired() const;
    bool isTimeout() const { return reason == QLatin1String("Timeout"); }

    // One line a person can act on, like kubectl prints it:
    // "Error from server (NotFound): cryptovaluecalculators.crypto.tools \"x\" not found" plus "* field: message" per cause.
    QString toString() const;

    // Builds the error from a Status JSON body (kind Status) and the HTTP code.
    static KubeError fromStatus(const QJsonObject &status, int httpStatus);
    static KubeError transport(const QString &reason, const QString &message);
};

} // namespace cvc
