#include "deletehandler.h"

#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "medianegotiation.h"
#include "objectfilter.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "representation.h"

#include <QJsonArray>
#include <QSet>

namespace cvc::sandbox {

namespace {

struct DeleteOptions
{
    bool dryRun = false;
    QString preconditionUid;
    QString preconditionResourceVersion;
};

std::optional<DeleteOptions> deleteOptions(const ApiRequest &request, std::optional<StatusError> *error)
{
    DeleteOptions options;
    const QByteArray &body = request.http().body;
    if (!body.trimmed().isEmpty()) {
        QString message;
        const auto object = MediaNegotiation::parseJsonOrYaml(
            body, MediaNegotiation::baseType(request.header("Content-Type")).contains("yaml"), &message);
        if (!object) {
            *error = StatusError::badRequest(message);
            return std::nullopt;
        }
        const QJsonValue dryRun = object->value(QStringLiteral("dryRun"));
        for (const QJsonValue &value : dryRun.toArray()) {
            if (value.toString() != QLatin1String("All")) {
                *error = StatusError::invalid(QStringLiteral("DeleteOptions"), QStringLiteral("meta.k8s.io"), QString(),
                                              {FieldError::notSupported(QStringLiteral("dryRun"), value, {QStringLiteral("All")})});
                return std::nullopt;
            }
            options.dryRun = true;
        }
        const QJsonObject preconditions = object->value(QStringLiteral("preconditions")).toObject();
        options.preconditionUid = preconditions.value(QStringLiteral("uid")).toString();
        options.preconditionResourceVersion = preconditions.value(QStringLiteral("resourceVersion")).toString();
        return options;
    }
    const QString dryRun = request.queryValue(QStringLiteral("dryRun"));
    if (!dryRun.isEmpty()) {
        if (dryRun != QLatin1String("All")) {
            *error = StatusError::invalid(QStringLiteral("DeleteOptions"), QStringLiteral("meta.k8s.io"), QString(),
                                          {FieldError::notSupported(QStringLiteral("dryRun"), dryRun, {QStringLiteral("All")})});
            return std::nullopt;
        }
        options.dryRun = true;
    }
    return options;
}

QString actorOf(const ApiRequest &request)
{
    const QString agent = QString::fromUtf8(request.header("User-Agent")).section(QLatin1Char('/'), 0, 0);
    return agent.isEmpty() ? QStringLiteral("unknown") : agent;
}

} // namespace

DeleteHandler::DeleteHandler(const ApiServices &services)
    : m_services(services)
    , m_writer(services)
{
}

void DeleteHandler::remove(const ApiRequest &request)
{
    const ResourceInfo &info = request.resource;
    std::optional<StatusError> error;
    const auto options = deleteOptions(request, &error);
    if (!options) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    if (info.resourceKind == ResourceKind::Namespace) {
        static const QSet<QString> protectedNamespaces = {QStringLiteral("default"), QStringLiteral("kube-system"),
                                                          QStringLiteral("kube-public")};
        if (protectedNamespaces.contains(request.path.name)) {
            ApiResponse::status(request.exchange,
                                StatusError(403, QStringLiteral("Forbidden"),
                                            QStringLiteral("namespaces \"%1\" is forbidden: this namespace may not be deleted")
                                                .arg(request.path.name),
                                            QJsonObject{{QStringLiteral("name"), request.path.name},
                                                        {QStringLiteral("kind"), QStringLiteral("namespaces")}}));
            return;
        }
    }
    const auto old = m_services.store->get(info.storageKey(), request.path.ns, request.path.name);
    if (!old) {
        ApiResponse::status(request.exchange, StatusError::notFound(info.plural, info.group, request.path.name));
        return;
    }
    const QJsonObject metadata = ObjectMeta::metadata(*old);
    if (!options->preconditionUid.isEmpty() && options->preconditionUid != metadata.value(QStringLiteral("uid")).toString()) {
        ApiResponse::status(request.exchange,
                            StatusError::conflict(info.plural, info.group, request.path.name,
                                                  QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                                                      .arg(options->preconditionUid, metadata.value(QStringLiteral("uid")).toString())));
        return;
    }
    if (!options->preconditionResourceVersion.isEmpty()
        && options->preconditionResourceVersion != ObjectMeta::resourceVersion(*old)) {
        ApiResponse::status(request.exchange,
                            StatusError::conflict(info.plural, info.group, request.path.name,
                                                  QStringLiteral("the ResourceVersion in the precondition (%1) does not match the ResourceVersion in record (%2). The object might have been modified")
                                                      .arg(options->preconditionResourceVersion, ObjectMeta::resourceVersion(*old))));
        return;
    }
    const WriteOutcome outcome = m_writer.remove(Representation::storage(info, *m_services.registry), *old, options->dryRun,
                                                actorOf(request));
    if (outcome.error)
        ApiResponse::status(request.exchange, *outcome.error);
    else
        ApiResponse::object(request.exchange, outcome.httpStatus, Representation::outgoing(info, outcome.object));
}

void DeleteHandler::removeCollection(const ApiRequest &request)
{
    const ResourceInfo &info = request.resource;
    std::optional<StatusError> error;
    const auto options = deleteOptions(request, &error);
    const auto filter = options ? ObjectFilter::fromRequest(request, &error) : std::nullopt;
    if (!options || !filter) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    QJsonArray items;
    for (const QJsonObject &object : m_services.store->list(info.storageKey(), request.path.ns)) {
        if (!filter->matches(object))
            continue;
        const WriteOutcome outcome = m_writer.remove(Representation::storage(info, *m_services.registry), object,
                                                    options->dryRun, actorOf(request));
        if (outcome.error) {
            ApiResponse::status(request.exchange, *outcome.error);
            return;
        }
        items.append(Representation::outgoing(info, outcome.object));
    }
    ApiResponse::json(request.exchange, 200,
                      QJsonObject{{QStringLiteral("apiVersion"), info.apiVersion()},
                                  {QStringLiteral("kind"), info.listKind},
                                  {QStringLiteral("metadata"),
                                   QJsonObject{{QStringLiteral("resourceVersion"), QString::number(m_services.store->resourceVersion())}}},
                                  {QStringLiteral("items"), items}});
}

} // namespace cvc::sandbox
