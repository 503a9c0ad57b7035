#include "objectadmission.h"

#include "apimachinery/objectmetavalidator.h"
#include "apimachinery/schemadefaulter.h"
#include "apimachinery/schemapruner.h"
#include "apimachinery/schemavalidator.h"
#include "apimachinery/statuserror.h"
#include "builtinvalidator.h"
#include "crdrules.h"
#include "objectmeta.h"

#include <QJsonArray>

namespace cvc::sandbox {

std::optional<FieldValidation> ObjectAdmission::parseFieldValidation(const std::optional<QString> &value)
{
    if (!value || value->isEmpty() || *value == QLatin1String("Warn"))
        return FieldValidation::Warn;
    if (*value == QLatin1String("Strict"))
        return FieldValidation::Strict;
    if (*value == QLatin1String("Ignore"))
        return FieldValidation::Ignore;
    return std::nullopt;
}

std::optional<StatusError> ObjectAdmission::decode(const ResourceInfo &info, QJsonObject *object,
                                                   FieldValidation mode, QStringList *warnings)
{
    // managedFields are not tracked (documented deviation); a client's copy is dropped.
    ObjectMeta::set(*object, QStringLiteral("managedFields"), QJsonValue());
    if (info.resourceKind == ResourceKind::Generic && info.kind == QLatin1String("Secret")) {
        if (object->contains(QStringLiteral("stringData"))) {
            // Write-only convenience field: the apiserver folds it into data (base64).
            QJsonObject data = object->value(QStringLiteral("data")).toObject();
            const QJsonObject stringData = object->value(QStringLiteral("stringData")).toObject();
            for (auto it = stringData.begin(); it != stringData.end(); ++it)
                data.insert(it.key(), QString::fromLatin1(it.value().toString().toUtf8().toBase64()));
            object->insert(QStringLiteral("data"), data);
            object->remove(QStringLiteral("stringData"));
        }
        // core/v1 defaulting (SetDefaults_Secret): no type means an opaque secret.
        if (object->value(QStringLiteral("type")).toString().isEmpty())
            object->insert(QStringLiteral("type"), QStringLiteral("Opaque"));
    }
    if (!info.isCustom() || info.schema.isEmpty())
        return std::nullopt;
    PruneResult pruned = SchemaPruner::prune(*object, info.schema);
    *object = SchemaDefaulter::apply(pruned.object, info.schema);
    if (pruned.unknownFields.isEmpty() || mode == FieldValidation::Ignore)
        return std::nullopt;
    QStringList texts;
    for (const QString &field : std::as_const(pruned.unknownFields))
        texts.append(QStringLiteral("unknown field \"%1\"").arg(field));
    if (mode == FieldValidation::Strict) {
        return StatusError::badRequest(QStringLiteral("%1 in version \"%2\" cannot be handled as a %1: strict decoding error: %3")
                                           .arg(info.kind, info.version, texts.join(QStringLiteral(", "))));
    }
    warnings->append(texts);
    return std::nullopt;
}

std::optional<StatusError> ObjectAdmission::validate(const ResourceInfo &info, const QJsonObject &object,
                                                     const QJsonObject &old)
{
    const QJsonObject metadata = ObjectMeta::metadata(object);
    ObjectMetaValidator::NameValidator nameValidator = &ObjectMetaValidator::validateName;
    if (info.resourceKind == ResourceKind::Namespace)
        nameValidator = &ObjectMetaValidator::validateNamespaceName;
    else if (info.group == QLatin1String("rbac.authorization.k8s.io"))
        nameValidator = &ObjectMetaValidator::validatePathSegmentName;
    FieldErrorList errors = ObjectMetaValidator::validate(metadata, info.namespaced, nameValidator);

    // Finalizers may only go away while an object is being deleted (§3.7).
    if (ObjectMeta::isDeleting(old)) {
        const QJsonArray before = ObjectMeta::metadata(old).value(QStringLiteral("finalizers")).toArray();
        const QJsonArray after = metadata.value(QStringLiteral("finalizers")).toArray();
        for (const QJsonValue &finalizer : after) {
            if (!before.contains(finalizer)) {
                errors.append(FieldError::forbidden(QStringLiteral("metadata.finalizers"),
                                                    QStringLiteral("no new finalizers can be added if the object is being deleted, found new finalizers []string{%1}")
                                                        .arg(QLatin1Char('"') + finalizer.toString() + QLatin1Char('"'))));
                break;
            }
        }
    }

    switch (info.resourceKind) {
    case ResourceKind::Custom:
        if (!info.schema.isEmpty())
            errors.append(SchemaValidator::validate(object, info.schema));
        break;
    case ResourceKind::CustomResourceDefinition:
        errors.append(CrdRules::validate(object));
        break;
    case ResourceKind::Lease:
        errors.append(BuiltinValidator::validateLease(object));
        break;
    case ResourceKind::Event:
        errors.append(BuiltinValidator::validateEvent(object));
        break;
    case ResourceKind::Namespace:
    case ResourceKind::Generic:
    case ResourceKind::EventV1:
    case ResourceKind::SelfSubjectAccessReview:
    case ResourceKind::SelfSubjectRulesReview:
        break;
    }
    if (errors.isEmpty())
        return std::nullopt;
    return StatusError::invalid(info.kind, info.group, ObjectMeta::name(object), errors);
}

} // namespace cvc::sandbox
