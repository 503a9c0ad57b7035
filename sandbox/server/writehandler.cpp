#include "writehandler.h"

#include "apirequest.h"
#include "apiresponse.h"
#include "httpexchange.h"
#include "json/jsonmergepatch.h"
#include "json/jsonpatch.h"
#include "medianegotiation.h"
#include "objectmeta.h"
#include "objectstore.h"
#include "representation.h"
#include "subresourcerules.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cvc::sandbox {

namespace {

const QStringList kCustomPatchTypes = {QStringLiteral("application/json-patch+json"),
                                       QStringLiteral("application/merge-patch+json"),
                                       QStringLiteral("application/apply-patch+yaml")};

StatusError patchOptionsInvalid(const FieldError &error)
{
    return StatusError::invalid(QStringLiteral("PatchOptions"), QStringLiteral("meta.k8s.io"), QString(), {error});
}

// The apiserver's special 422 for a PUT without resourceVersion: names the resource, not the kind,
// and prints the missing uint64 as Go's %#v (0x0).
StatusError missingResourceVersion(const ResourceInfo &info, const QString &name)
{
    const QString detail = QStringLiteral("Invalid value: 0x0: must be specified for an update");
    QJsonObject details{{QStringLiteral("name"), name},
                        {QStringLiteral("group"), info.group},
                        {QStringLiteral("kind"), info.plural},
                        {QStringLiteral("causes"), QJsonArray{QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                                                                          {QStringLiteral("message"), detail},
                                                                          {QStringLiteral("field"), QStringLiteral("metadata.resourceVersion")}}}}};
    return StatusError(422, QStringLiteral("Invalid"),
                       QStringLiteral("%1 \"%2\" is invalid: metadata.resourceVersion: %3").arg(info.qualifiedResource(), name, detail),
                       details);
}

// Strategic merge patch directives have no meaning in a JSON merge patch; for the built-ins we
// serve (no merge-keyed lists that matter) dropping them gives the same result (§3.3).
QJsonValue stripDirectives(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.key().startsWith(QLatin1Char('$')))
                out.insert(it.key(), stripDirectives(it.value()));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : value.toArray()) {
            if (!(item.isObject() && item.toObject().contains(QStringLiteral("$patch"))))
                out.append(stripDirectives(item));
        }
        return out;
    }
    return value;
}

bool requiresResourceVersion(const ResourceInfo &info)
{
    return info.isCustom() || info.resourceKind == ResourceKind::Lease
        || info.resourceKind == ResourceKind::CustomResourceDefinition;
}

} // namespace

WriteHandler::WriteHandler(const ApiServices &services)
    : m_services(services)
    , m_writer(services)
    , m_rbacAdmission(services.rbac, services.authorizer)
{
}

std::optional<WriteHandler::WriteOptions> WriteHandler::writeOptions(const ApiRequest &request)
{
    WriteOptions options;
    const auto validation = ObjectAdmission::parseFieldValidation(request.query(QStringLiteral("fieldValidation")));
    if (!validation) {
        ApiResponse::status(request.exchange, StatusError::badRequest(
                                                  QStringLiteral("fieldValidation: Unsupported value: \"%1\": supported values: \"Ignore\", \"Warn\", \"Strict\"")
                                                      .arg(request.queryValue(QStringLiteral("fieldValidation")))));
        return std::nullopt;
    }
    options.validation = *validation;
    const auto dryRun = request.query(QStringLiteral("dryRun"));
    if (dryRun && !dryRun->isEmpty()) {
        if (*dryRun != QLatin1String("All")) {
            ApiResponse::status(request.exchange,
                                StatusError::invalid(request.resource.kind, request.resource.group, request.path.name,
                                                     {FieldError::notSupported(QStringLiteral("dryRun"), *dryRun,
                                                                               {QStringLiteral("All")})}));
            return std::nullopt;
        }
        options.dryRun = true;
    }
    options.fieldManager = request.queryValue(QStringLiteral("fieldManager"));
    if (options.fieldManager.size() > 128) {
        ApiResponse::status(request.exchange,
                            patchOptionsInvalid(FieldError::tooLong(QStringLiteral("fieldManager"), options.fieldManager, 128)));
        return std::nullopt;
    }
    if (options.fieldManager.isEmpty()) {
        // What managedFields would record: the User-Agent up to the first '/'.
        options.fieldManager = QString::fromUtf8(request.header("User-Agent")).section(QLatin1Char('/'), 0, 0);
        if (options.fieldManager.isEmpty())
            options.fieldManager = QStringLiteral("unknown");
    }
    return options;
}

void WriteHandler::respond(const ApiRequest &request, const WriteOutcome &outcome)
{
    if (outcome.error)
        ApiResponse::status(request.exchange, *outcome.error, outcome.warnings);
    else
        ApiResponse::object(request.exchange, outcome.httpStatus, Representation::outgoing(request.resource, outcome.object),
                            outcome.warnings);
}

std::optional<StatusError> WriteHandler::checkBody(const ApiRequest &request, QJsonObject *object)
{
    const ResourceInfo &info = request.resource;
    const QString apiVersion = object->value(QStringLiteral("apiVersion")).toString();
    if (!apiVersion.isEmpty() && apiVersion != info.apiVersion())
        return StatusError::badRequest(QStringLiteral("the API version in the data (%1) does not match the expected API version (%2)")
                                           .arg(apiVersion, info.apiVersion()));
    const QString kind = object->value(QStringLiteral("kind")).toString();
    if (!kind.isEmpty() && kind != info.kind) {
        if (info.isCustom())
            return StatusError::invalid(info.kind, info.group, ObjectMeta::name(*object),
                                        {FieldError::invalid(QStringLiteral("kind"), kind,
                                                             QStringLiteral("must be %1").arg(info.kind))});
        return StatusError::badRequest(QStringLiteral("the kind in the data (%1) does not match the expected kind (%2)")
                                           .arg(kind, info.kind));
    }
    if (!object->value(QStringLiteral("metadata")).isObject() && object->contains(QStringLiteral("metadata")))
        return StatusError::badRequest(QStringLiteral("metadata: expected an object"));
    const QString bodyNs = ObjectMeta::ns(*object);
    if (info.namespaced) {
        if (bodyNs.isEmpty())
            ObjectMeta::set(*object, QStringLiteral("namespace"), request.path.ns);
        else if (bodyNs != request.path.ns)
            return StatusError::badRequest(
                QStringLiteral("the namespace of the provided object does not match the namespace sent on the request"));
    } else if (!bodyNs.isEmpty()) {
        ObjectMeta::set(*object, QStringLiteral("namespace"), QJsonValue());
    }
    if (!request.path.name.isEmpty()) {
        const QString bodyName = ObjectMeta::name(*object);
        if (bodyName.isEmpty())
            ObjectMeta::set(*object, QStringLiteral("name"), request.path.name);
        else if (bodyName != request.path.name)
            return StatusError::badRequest(QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)")
                                               .arg(bodyName, request.path.name));
    }
    return std::nullopt;
}

WriteOutcome WriteHandler::createAdmitted(const ApiRequest &request, const ResourceInfo &stored, const QJsonObject &object,
                                          const WriteOptions &options)
{
    if (auto denied = m_rbacAdmission.admit(request, QJsonObject(), object)) {
        WriteOutcome outcome;
        outcome.httpStatus = denied->code();
        outcome.error = denied;
        return outcome;
    }
    return m_writer.create(stored, object, options.validation, options.dryRun, options.fieldManager);
}

WriteOutcome WriteHandler::updateAdmitted(const ApiRequest &request, const ResourceInfo &stored, const QJsonObject &old,
                                          const QJsonObject &candidate, const WriteOptions &options)
{
    if (auto denied = m_rbacAdmission.admit(request, old, candidate)) {
        WriteOutcome outcome;
        outcome.httpStatus = denied->code();
        outcome.error = denied;
        return outcome;
    }
    return m_writer.update(stored, old, candidate, options.validation, options.dryRun, options.fieldManager);
}

void WriteHandler::create(const ApiRequest &request)
{
    const auto options = writeOptions(request);
    if (!options)
        return;
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(request.resource, request.http().header("Content-Type"), request.http().body,
                                                 &error);
    if (!object) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    if ((error = checkBody(request, &*object))) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    respond(request, createAdmitted(request, Representation::storage(request.resource, *m_services.registry),
                                    Representation::incoming(request.resource, *object), *options));
}

void WriteHandler::replace(const ApiRequest &request)
{
    const auto options = writeOptions(request);
    if (!options)
        return;
    const ResourceInfo &info = request.resource;
    const ResourceInfo stored = Representation::storage(info, *m_services.registry);
    std::optional<StatusError> error;
    auto object = MediaNegotiation::decodeObject(request.resource, request.http().header("Content-Type"), request.http().body,
                                                 &error);
    if (!object) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    if ((error = checkBody(request, &*object))) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    object = Representation::incoming(info, *object);
    const auto old = m_services.store->get(info.storageKey(), request.path.ns, request.path.name);
    const QString rv = ObjectMeta::resourceVersion(*object);
    if (!old) {
        // Leases and Events are created by a PUT to a missing name; custom resources are not.
        if ((info.resourceKind == ResourceKind::Lease || info.resourceKind == ResourceKind::Event)
            && request.path.subresource.isEmpty()) {
            ObjectMeta::set(*object, QStringLiteral("resourceVersion"), QJsonValue());
            respond(request, createAdmitted(request, stored, *object, *options));
            return;
        }
        ApiResponse::status(request.exchange, StatusError::notFound(info.plural, info.group, request.path.name));
        return;
    }
    if (rv.isEmpty() && requiresResourceVersion(info)) {
        ApiResponse::status(request.exchange, missingResourceVersion(info, request.path.name));
        return;
    }
    if (!rv.isEmpty() && rv != ObjectMeta::resourceVersion(*old)) {
        ApiResponse::status(request.exchange, StatusError::conflict(info.plural, info.group, request.path.name));
        return;
    }
    const QJsonObject candidate = SubresourceRules::merge(stored, request.path.subresource, *old, *object);
    respond(request, updateAdmitted(request, stored, *old, candidate, *options));
}

void WriteHandler::applyCreate(const ApiRequest &request, const WriteOptions &options)
{
    QString message;
    auto object = MediaNegotiation::parseJsonOrYaml(request.http().body, true, &message);
    if (!object) {
        ApiResponse::status(request.exchange, StatusError::badRequest(message));
        return;
    }
    if (auto error = checkBody(request, &*object)) {
        ApiResponse::status(request.exchange, *error);
        return;
    }
    ObjectMeta::set(*object, QStringLiteral("resourceVersion"), QJsonValue());
    respond(request, createAdmitted(request, Representation::storage(request.resource, *m_services.registry),
                                    Representation::incoming(request.resource, *object), options));
}

void WriteHandler::patch(const ApiRequest &request)
{
    const ResourceInfo &info = request.resource;
    const QByteArray type = MediaNegotiation::baseType(request.http().header("Content-Type"));
    const bool builtin = !info.isCustom();
    const bool apply = type == "application/apply-patch+yaml";
    if (type != "application/json-patch+json" && type != "application/merge-patch+json" && !apply
        && !(builtin && type == "application/strategic-merge-patch+json")) {
        QStringList accepted = kCustomPatchTypes;
        if (builtin)
            accepted.append(QStringLiteral("application/strategic-merge-patch+json"));
        ApiResponse::status(request.exchange, StatusError::unsupportedMediaType(accepted));
        return;
    }
    const auto options = writeOptions(request);
    if (!options)
        return;
    if (request.query(QStringLiteral("force")) && !apply) {
        ApiResponse::status(request.exchange, patchOptionsInvalid(FieldError::forbidden(
                                                  QStringLiteral("force"), QStringLiteral("may not be specified for non-apply patch"))));
        return;
    }
    if (apply && request.queryValue(QStringLiteral("fieldManager")).isEmpty()) {
        ApiResponse::status(request.exchange, patchOptionsInvalid(FieldError::required(
                                                  QStringLiteral("fieldManager"), QStringLiteral("is required for apply patch"))));
        return;
    }
    const auto old = m_services.store->get(info.storageKey(), request.path.ns, request.path.name);
    if (!old) {
        if (apply && request.path.subresource.isEmpty())
            applyCreate(request, *options);
        else
            ApiResponse::status(request.exchange, StatusError::notFound(info.plural, info.group, request.path.name));
        return;
    }

    QJsonValue patched;
    const QByteArray &body = request.http().body;
    if (type == "application/json-patch+json") {
        const JsonPatchResult result = JsonPatch::apply(QJsonValue(Representation::outgoing(info, *old)), body);
        switch (result.error) {
        case JsonPatchResult::Error::None:
            patched = result.document;
            break;
        case JsonPatchResult::Error::InvalidPatch:
            ApiResponse::status(request.exchange, StatusError::badRequest(result.message));
            return;
        case JsonPatchResult::Error::TooManyOperations:
            ApiResponse::status(request.exchange, StatusError::tooManyPatchOperations(result.operationCount));
            return;
        case JsonPatchResult::Error::OperationFailed:
            ApiResponse::status(request.exchange, StatusError::patchRejected(result.message));
            return;
        }
    } else {
        QString message;
        auto patchObject = MediaNegotiation::parseJsonOrYaml(body, apply, &message);
        if (!patchObject) {
            ApiResponse::status(request.exchange, StatusError::badRequest(message));
            return;
        }
        if (apply) {
            // Simplified server-side apply: the applied intent is merged over the live object
            // without field ownership (no managedFields, so no conflicts; see README).
            if (auto error = checkBody(request, &*patchObject)) {
                ApiResponse::status(request.exchange, *error);
                return;
            }
        }
        const QJsonValue mergePatch = type == "application/strategic-merge-patch+json" ? stripDirectives(*patchObject)
                                                                                        : QJsonValue(*patchObject);
        patched = JsonMergePatch::apply(QJsonValue(Representation::outgoing(info, *old)), mergePatch);
    }
    if (!patched.isObject()) {
        ApiResponse::status(request.exchange, StatusError::badRequest(QStringLiteral("the patch did not produce an object")));
        return;
    }
    QJsonObject candidate = Representation::incoming(info, patched.toObject());
    const ResourceInfo stored = Representation::storage(info, *m_services.registry);
    const QString patchedRv = ObjectMeta::resourceVersion(candidate);
    if (!patchedRv.isEmpty() && patchedRv != ObjectMeta::resourceVersion(*old)) {
        ApiResponse::status(request.exchange, StatusError::conflict(info.plural, info.group, request.path.name));
        return;
    }
    candidate = SubresourceRules::merge(stored, request.path.subresource, *old, candidate);
    respond(request, updateAdmitted(request, stored, *old, candidate, *options));
}

} // namespace cvc::sandbox
