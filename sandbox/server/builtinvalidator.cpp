#include "builtinvalidator.h"

#include "apimachinery/objectmetavalidator.h"
#include "objectmeta.h"

namespace cvc::sandbox {

FieldErrorList BuiltinValidator::validateLease(const QJsonObject &lease)
{
    FieldErrorList errors;
    const QJsonObject spec = lease.value(QStringLiteral("spec")).toObject();
    const QJsonValue duration = spec.value(QStringLiteral("leaseDurationSeconds"));
    if (!duration.isUndefined() && !duration.isNull() && duration.toDouble() <= 0)
        errors.append(FieldError::invalid(QStringLiteral("spec.leaseDurationSeconds"), duration,
                                          QStringLiteral("must be greater than 0")));
    const QJsonValue transitions = spec.value(QStringLiteral("leaseTransitions"));
    if (!transitions.isUndefined() && !transitions.isNull() && transitions.toDouble() < 0)
        errors.append(FieldError::invalid(QStringLiteral("spec.leaseTransitions"), transitions,
                                          QStringLiteral("must be greater than or equal to 0")));
    if (spec.contains(QStringLiteral("preferredHolder")) && !spec.value(QStringLiteral("preferredHolder")).toString().isEmpty()
        && spec.value(QStringLiteral("strategy")).toString().isEmpty())
        errors.append(FieldError::forbidden(QStringLiteral("spec.preferredHolder"),
                                            QStringLiteral("preferredHolder can only be set when strategy is set")));
    return errors;
}

FieldErrorList BuiltinValidator::validateEvent(const QJsonObject &event)
{
    FieldErrorList errors;
    const QString ns = ObjectMeta::ns(event);
    const QJsonObject involved = event.value(QStringLiteral("involvedObject")).toObject();
    const QString involvedNs = involved.value(QStringLiteral("namespace")).toString();
    // Events about cluster-scoped objects live in "default" (pkg/apis/core/validation/events.go).
    if (involvedNs != ns && !(involvedNs.isEmpty() && ns == QLatin1String("default")))
        errors.append(FieldError::invalid(QStringLiteral("involvedObject.namespace"), involvedNs,
                                          QStringLiteral("does not match event.namespace")));
    if (event.contains(QStringLiteral("eventTime")) && !event.value(QStringLiteral("eventTime")).isNull()) {
        const QString controller = event.value(QStringLiteral("reportingComponent")).toString();
        if (controller.isEmpty())
            errors.append(FieldError::required(QStringLiteral("reportingController"), QString()));
        else if (const QStringList problems = ObjectMetaValidator::isQualifiedName(controller); !problems.isEmpty())
            errors.append(FieldError::invalid(QStringLiteral("reportingController"), controller, problems.join(QStringLiteral("; "))));
        const QString instance = event.value(QStringLiteral("reportingInstance")).toString();
        if (instance.isEmpty())
            errors.append(FieldError::required(QStringLiteral("reportingInstance"), QString()));
        else if (instance.size() > 128)
            errors.append(FieldError::tooLong(QStringLiteral("reportingInstance"), instance, 128));
        const QString action = event.value(QStringLiteral("action")).toString();
        if (action.isEmpty())
            errors.append(FieldError::required(QStringLiteral("action"), QString()));
        else if (action.size() > 128)
            errors.append(FieldError::tooLong(QStringLiteral("action"), action, 128));
        const QString reason = event.value(QStringLiteral("reason")).toString();
        if (reason.isEmpty())
            errors.append(FieldError::required(QStringLiteral("reason"), QString()));
        else if (reason.size() > 128)
            errors.append(FieldError::tooLong(QStringLiteral("reason"), reason, 128));
        const QString message = event.value(QStringLiteral("message")).toString();
        if (message.size() > 1024)
            errors.append(FieldError::tooLong(QStringLiteral("message"), message, 1024));
    }
    return errors;
}

} // namespace cvc::sandbox
