#include "apimachinery/statuserror.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cvc::sandbox {

namespace {

// schema.GroupResource.String(): "resource.group", or "resource" for the core group.
QString qualified(const QString &resource, const QString &group)
{
    return group.isEmpty() ? resource : resource + QLatin1Char('.') + group;
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// StatusDetails with Go's omitempty: empty strings are left out.
QJsonObject details(const QString &name, const QString &group, const QString &kind)
{
    QJsonObject d;
    if (!name.isEmpty())
        d.insert(QStringLiteral("name"), name);
    if (!group.isEmpty())
        d.insert(QStringLiteral("group"), group);
    if (!kind.isEmpty())
        d.insert(QStringLiteral("kind"), kind);
    return d;
}

} // namespace

StatusError::StatusError(int code, const QString &reason, const QString &message,
                         const QJsonObject &detailsObject)
    : m_code(code)
{
    m_body = QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                         {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("metadata"), QJsonObject()},
                         {QStringLiteral("status"), QStringLiteral("Failure")},
                         {QStringLiteral("message"), message},
                         {QStringLiteral("code"), code}};
    if (!reason.isEmpty())
        m_body.insert(QStringLiteral("reason"), reason);
    if (!detailsObject.isEmpty())
        m_body.insert(QStringLiteral("details"), detailsObject);
}

StatusError StatusError::notFound(const QString &resource, const QString &group, const QString &name)
{
    return StatusError(404, QStringLiteral("NotFound"),
                       qualified(resource, group) + QLatin1Char(' ') + quoted(name) + QStringLiteral(" not found"),
                       details(name, group, resource));
}

StatusError StatusError::notFoundPath()
{
    StatusError error(404, QStringLiteral("NotFound"),
                      QStringLiteral("the server could not find the requested resource"));
    // NewGenericServerResponse always sets a (here empty) details object.
    error.m_body.insert(QStringLiteral("details"), QJsonObject());
    return error;
}

StatusError StatusError::alreadyExists(const QString &resource, const QString &group, const QString &name)
{
    return StatusError(409, QStringLiteral("AlreadyExists"),
                       qualified(resource, group) + QLatin1Char(' ') + quoted(name) + QStringLiteral(" already exists"),
                       details(name, group, resource));
}

QString StatusError::objectModifiedMessage()
{
    return QStringLiteral("the object has been modified; please apply your changes to the latest version and try again");
}

StatusError StatusError::conflict(const QString &resource, const QString &group, const QString &name,
                                  const QString &detail)
{
    return StatusError(409, QStringLiteral("Conflict"),
                       QStringLiteral("Operation cannot be fulfilled on ") + qualified(resource, group)
                           + QLatin1Char(' ') + quoted(name) + QStringLiteral(": ") + detail,
                       details(name, group, resource));
}

StatusError StatusError::invalid(const QString &kind, const QString &group, const QString &name,
                                 const FieldErrorList &errors)
{
    QString message = qualified(kind, group) + QLatin1Char(' ') + quoted(name) + QStringLiteral(" is invalid");
    const QString aggregated = FieldError::aggregate(errors);
    if (!aggregated.isEmpty())
        message += QStringLiteral(": ") + aggregated;
    QJsonObject d = details(name, group, kind);
    QJsonArray causes;
    for (const FieldError &error : errors)
        causes.append(error.toCause());
    if (!causes.isEmpty())
        d.insert(QStringLiteral("causes"), causes);
    return StatusError(422, QStringLiteral("Invalid"), message, d);
}

StatusError StatusError::patchRejected(const QString &cause)
{
    StatusError error(422, QStringLiteral("Invalid"),
                      QStringLiteral("the server rejected our request due to an error in our request"));
    QJsonObject details;
    if (!cause.isEmpty())
        details.insert(QStringLiteral("causes"), QJsonArray{QJsonObject{{QStringLiteral("message"), cause}}});
    error.m_body.insert(QStringLiteral("details"), details);
    return error;
}

StatusError StatusError::badRequest(const QString &message)
{
    return StatusError(400, QStringLiteral("BadRequest"), message);
}

StatusError StatusError::unauthorized()
{
    return StatusError(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
}

StatusError StatusError::forbidden(const QString &resource, const QString &group, const QString &name, const QString &reason)
{
    QString message;
    if (resource.isEmpty())
        message = QStringLiteral("forbidden: ") + reason;
    else if (name.isEmpty())
        message = qualified(resource, group) + QStringLiteral(" is forbidden: ") + reason;
    else
        message = qualified(resource, group) + QLatin1Char(' ') + quoted(name) + QStringLiteral(" is forbidden: ") + reason;
    StatusError error(403, QStringLiteral("Forbidden"), message);
    // NewForbidden always sets details, so a path's 403 carries an empty one.
    error.m_body.insert(QStringLiteral("details"), details(name, group, resource));
    return error;
}

StatusError StatusError::methodNotSupported(const QString &resource, const QString &group,
                                            const QString &verb)
{
    return StatusError(405, QStringLiteral("MethodNotAllowed"),
                       verb + QStringLiteral(" is not supported on resources of kind ")
                           + quoted(qualified(resource, group)),
                       details(QString(), group, resource));
}

StatusError StatusError::methodNotAllowed(const QString &message)
{
    return StatusError(405, QStringLiteral("MethodNotAllowed"), message);
}

StatusError StatusError::notAcceptable(const QStringList &accepted)
{
    return StatusError(406, QStringLiteral("NotAcceptable"),
                       QStringLiteral("only the following media types are accepted: ")
                           + accepted.join(QStringLiteral(", ")));
}

StatusError StatusError::unsupportedMediaType(const QStringList &accepted)
{
    return StatusError(415, QStringLiteral("UnsupportedMediaType"),
                       QStringLiteral("the body of the request was in an unknown format - accepted media types include: ")
                           + accepted.join(QStringLiteral(", ")));
}

StatusError StatusError::expired(const QString &message)
{
    return StatusError(410, QStringLiteral("Expired"), message);
}

StatusError StatusError::listResourceVersionTooOld()
{
    return expired(QStringLiteral("The resourceVersion for the provided list is too old."));
}

StatusError StatusError::continueTooOld(const QString &inconsistentContinue)
{
    StatusError error = expired(QStringLiteral(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list "
        "without the continue parameter, or use the continue token in this response to retrieve the remainder of the "
        "results. Continuing with the provided token results in an inconsistent list - objects that were created, "
        "modified, or deleted between the time the first chunk was returned and now may show up in the list."));
    error.m_body.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("continue"), inconsistentContinue}});
    return error;
}

StatusError StatusError::tooOldResourceVersion(quint64 requested, quint64 oldestAvailableMinusOne)
{
    return expired(QStringLiteral("too old resource version: %1 (%2)").arg(requested).arg(oldestAvailableMinusOne));
}

StatusError StatusError::resourceVersionTooLarge(quint64 requested, quint64 current, int retryAfterSeconds)
{
    StatusError error = timeout(
        QStringLiteral("Too large resource version: %1, current: %2").arg(requested).arg(current),
        retryAfterSeconds);
    QJsonObject d = error.m_body.value(QStringLiteral("details")).toObject();
    d.insert(QStringLiteral("causes"),
             QJsonArray{QJsonObject{{QStringLiteral("reason"), QStringLiteral("ResourceVersionTooLarge")},
                                    {QStringLiteral("message"), QStringLiteral("Too large resource version")}}});
    error.m_body.insert(QStringLiteral("details"), d);
    return error;
}

StatusError StatusError::timeout(const QString &message, int retryAfterSeconds)
{
    QJsonObject d;
    if (retryAfterSeconds > 0)
        d.insert(QStringLiteral("retryAfterSeconds"), retryAfterSeconds);
    StatusError error(504, QStringLiteral("Timeout"), QStringLiteral("Timeout: ") + message, d);
    error.m_body.insert(QStringLiteral("details"), d);
    return error;
}

StatusError StatusError::requestEntityTooLarge(const QString &message)
{
    return StatusError(413, QStringLiteral("RequestEntityTooLarge"),
                       QStringLiteral("Request entity too large: ") + message);
}

StatusError StatusError::tooManyPatchOperations(int count)
{
    return requestEntityTooLarge(
        QStringLiteral("The allowed maximum operations in a JSON patch is 10000, got %1").arg(count));
}

StatusError StatusError::objectTooLarge(const QString &resource, const QString &group, const QString &name,
                                        const QString &detail)
{
    QJsonObject details{{QStringLiteral("name"), name}, {QStringLiteral("kind"), resource}};
    if (!group.isEmpty())
        details.insert(QStringLiteral("group"), group);
    details.insert(QStringLiteral("causes"), QJsonArray{QJsonObject{{QStringLiteral("message"), detail}}});
    return StatusError(413, QStringLiteral("RequestEntityTooLarge"), QStringLiteral("etcdserver: request is too large"),
                       details);
}

StatusError StatusError::tooManyRequests(const QString &message, int retryAfterSeconds)
{
    QJsonObject d;
    if (retryAfterSeconds > 0)
        d.insert(QStringLiteral("retryAfterSeconds"), retryAfterSeconds);
    StatusError error(429, QStringLiteral("TooManyRequests"), message, d);
    error.m_body.insert(QStringLiteral("details"), d);
    return error;
}

StatusError StatusError::serviceUnavailable(const QString &message)
{
    return StatusError(503, QStringLiteral("ServiceUnavailable"), message);
}

StatusError StatusError::internalError(const QString &message)
{
    return StatusError(500, QStringLiteral("InternalError"),
                       QStringLiteral("Internal error occurred: ") + message,
                       QJsonObject{{QStringLiteral("causes"),
                                    QJsonArray{QJsonObject{{QStringLiteral("message"), message}}}}});
}

StatusError StatusError::fromHttpStatus(int code, const QString &message)
{
    switch (code) {
    case 400:
        return badRequest(message);
    case 408:
        // kube's StatusReasonTimeout, which it gives 504 as well: the request did not arrive in time.
        return StatusError(408, QStringLiteral("Timeout"), message);
    case 413:
        return requestEntityTooLarge(message);
    case 429:
        return tooManyRequests(message, 0);
    case 431:
        return StatusError(431, QStringLiteral("RequestHeaderFieldsTooLarge"), message);
    default:
        return StatusError(code, QString(), message);
    }
}

QByteArray StatusError::toJson() const
{
    return QJsonDocument(m_body).toJson(QJsonDocument::Compact);
}

} // namespace cvc::sandbox
