#include "reconcile/writeplan.h"

#include "kube/resourcetype.h"

namespace cvc {

namespace {

QString objectPath(const ObjectKey &key, const QString &subresource = {})
{
    return ResourceType::cryptoValueCalculators().path(key.namespaceName, key.name, subresource);
}

} // namespace

WritePlan WritePlan::plan(const CryptoValueCalculator &current, const DesiredState &desired, StatusTarget target)
{
    const QJsonObject statusPatch = target == StatusTarget::None ? QJsonObject()
                                                                 : CvcStatus::difference(current.status, desired.status);
    const bool annotationChange = desired.annotationAction == DesiredState::AnnotationAction::Remove
        ? current.value.has_value()
        : desired.annotationAction == DesiredState::AnnotationAction::Set && current.value != desired.annotation;

    WritePlan plan;
    const bool statusOnMain = target == StatusTarget::MainResource && !statusPatch.isEmpty();
    if (annotationChange || statusOnMain) {
        QJsonObject meta{{QStringLiteral("resourceVersion"), current.resourceVersion}};
        if (annotationChange) {
            meta.insert(QStringLiteral("annotations"),
                        QJsonObject{{QStringLiteral("value"), desired.annotationAction == DesiredState::AnnotationAction::Remove
                                                                  ? QJsonValue(QJsonValue::Null)
                                                                  : QJsonValue(desired.annotation)}});
        }
        QJsonObject body{{QStringLiteral("metadata"), meta}};
        if (statusOnMain)
            body.insert(QStringLiteral("status"), statusPatch);
        plan.main = PlannedPatch{objectPath(current.key), body};
    }
    if (target == StatusTarget::Subresource && !statusPatch.isEmpty()) {
        plan.status = PlannedPatch{objectPath(current.key, QStringLiteral("status")),
                                   QJsonObject{{QStringLiteral("metadata"),
                                                QJsonObject{{QStringLiteral("resourceVersion"), current.resourceVersion}}},
                                               {QStringLiteral("status"), statusPatch}}};
    }
    return plan;
}

} // namespace cvc
