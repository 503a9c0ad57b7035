#pragma once

#include "apimachinery/fielderror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// A failed request as a Kubernetes `Status` object (kube-api.md §3.9) plus its HTTP status code.
// Builders mirror k8s.io/apimachinery/pkg/api/errors so messages match a real apiserver's.
// Resource arguments are the plural resource ("cryptovaluecalculators") and the API group
// ("crypto.tools", empty for the core group).
class StatusError
{
public:
    // Any status: {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
    // "message":…,"reason":…,"code":…} plus "details" when `details` is not empty.
    StatusError(int code, const QString &reason, const QString &message,
                const QJsonObject &details = {});

    // 404 `<resource>.<group> "<name>" not found`; details {name, group, kind: resource}.
    static StatusError notFound(const QString &resource, const QString &group, const QString &name);
    // 404 `the server could not find the requested resource` (unknown path); details {}.
    static StatusError notFoundPath();
    // 409 AlreadyExists `<resource>.<group> "<name>" already exists`.
    static StatusError alreadyExists(const QString &resource, const QString &group, const QString &name);
    // 409 Conflict `Operation cannot be fulfilled on <resource>.<group> "<name>": <detail>`; the
    // default detail is the optimistic-concurrency text ("the object has been modified; …").
    static StatusError conflict(const QString &resource, const QString &group, const QString &name,
                                const QString &detail = objectModifiedMessage());
    static QString objectModifiedMessage();
    // 422 Invalid `<kind>.<group> "<name>" is invalid: <FieldError::aggregate(errors)>`;
    // details {name, group, kind, causes}. `kind` is usually the Kind ("CryptoValueCalculator"),
    // but a missing resourceVersion on PUT uses the resource name (kube-api.md §3.2).
    static StatusError invalid(const QString &kind, const QString &group, const QString &name,
                               const FieldErrorList &errors);
    // 422 Invalid for a JSON patch operation that failed: `the server rejected our request due to
    // an error in our request`, as kube-apiserver answers it (NewGenericServerResponse). kube-apiserver
    // then drops json-patch's own message, leaving the client to guess which operation failed; with
    // `cause` (which operation at which path, and why) the sandbox keeps it as details
    // {causes:[{message: cause}]}, which kubectl prints under the message. Without: details {}.
    static StatusError patchRejected(const QString &cause = QString());
    // 400 BadRequest with `message`, no details.
    static StatusError badRequest(const QString &message);
    // 401 exactly `Unauthorized`, no details.
    static StatusError unauthorized();
    // 403 `<resource>.<group> "<name>" is forbidden: <reason>` (apierrors.NewForbidden; no name:
    // `<resource>.<group> is forbidden: …`; no resource, as for a URL path: `forbidden: …`).
    // The reason is the authorizer's sentence (RequestAuthorizer) or an admission's error.
    static StatusError forbidden(const QString &resource, const QString &group, const QString &name, const QString &reason);
    // 405 MethodNotAllowed `<verb> is not supported on resources of kind "<resource>.<group>"`.
    static StatusError methodNotSupported(const QString &resource, const QString &group,
                                          const QString &verb);
    // 405 MethodNotAllowed with a free message (e.g. `create not allowed while custom resource
    // definition is terminating`).
    static StatusError methodNotAllowed(const QString &message);
    // 406 `only the following media types are accepted: a, b`.
    static StatusError notAcceptable(const QStringList &accepted);
    // 415 `the body of the request was in an unknown format - accepted media types include: a, b`.
    static StatusError unsupportedMediaType(const QStringList &accepted);
    // 410 Expired with `message` (e.g. expired continue token).
    static StatusError expired(const QString &message);
    // 410 Expired `The resourceVersion for the provided list is too old.`: a list at an exact
    // resourceVersion that storage no longer holds (kube's etcd3 store after compaction).
    static StatusError listResourceVersionTooOld();
    // 410 Expired for a continue token whose snapshot storage no longer holds, with kube's
    // "inconsistent continue" message and, in metadata.continue, `inconsistentContinue`: the
    // token that goes on from the same key at the latest state.
    static StatusError continueTooOld(const QString &inconsistentContinue);
    // 410 Expired `too old resource version: <requested> (<oldestRetained - 1>)`, for watch
    // ERROR events (no details, as kube-apiserver sends it).
    static StatusError tooOldResourceVersion(quint64 requested, quint64 oldestAvailableMinusOne);
    // 504 Timeout `Timeout: Too large resource version: N, current: M`, details
    // {causes:[{reason: ResourceVersionTooLarge, message: "Too large resource version"}],
    // retryAfterSeconds}.
    static StatusError resourceVersionTooLarge(quint64 requested, quint64 current,
                                               int retryAfterSeconds = 1);
    // 504 Timeout `Timeout: <message>` with retryAfterSeconds.
    static StatusError timeout(const QString &message, int retryAfterSeconds);
    // 413 RequestEntityTooLarge `Request entity too large: <message>`.
    static StatusError requestEntityTooLarge(const QString &message);
    // 413 for a JSON patch over the limit: `… The allowed maximum operations in a JSON patch is
    // 10000, got N`.
    static StatusError tooManyPatchOperations(int count);
    // 413 RequestEntityTooLarge `etcdserver: request is too large` for an object the store will
    // not take (over etcd's 1.5 MiB), details {name, group, kind: resource, causes:[{message:
    // `detail`}]}. kube-apiserver passes etcd's error through as a 500 (kubernetes#112152, open);
    // the sandbox answers 413 with the same text, since retrying cannot succeed.
    static StatusError objectTooLarge(const QString &resource, const QString &group, const QString &name,
                                      const QString &detail);
    // 429 TooManyRequests with retryAfterSeconds.
    static StatusError tooManyRequests(const QString &message, int retryAfterSeconds);
    // 503 ServiceUnavailable with `message`.
    static StatusError serviceUnavailable(const QString &message);
    // 500 InternalError `Internal error occurred: <message>`, details {causes:[{message}]}.
    static StatusError internalError(const QString &message);
    // The Status for an answer the HTTP layer gives before any handler runs (core/http's error
    // responder): 400 BadRequest, 408 Timeout, 413 RequestEntityTooLarge (`Request entity too
    // large: <message>`), 429 TooManyRequests (details {}; the Retry-After header says when), 431
    // RequestHeaderFieldsTooLarge (the sandbox's own: kube has no such StatusReason, Go's server
    // answers 431 in plain text); other codes (417, 501, 505) get no reason, as kube has none for
    // them. The message is core/http's as it is.
    static StatusError fromHttpStatus(int code, const QString &message);

    int code() const { return m_code; }
    QString reason() const { return m_body.value(QStringLiteral("reason")).toString(); }
    QString message() const { return m_body.value(QStringLiteral("message")).toString(); }
    QJsonObject body() const { return m_body; }
    // Compact JSON of body(), what the server writes with Content-Type application/json.
    QByteArray toJson() const;

private:
    int m_code;
    QJsonObject m_body;
};

} // namespace cvc::sandbox
