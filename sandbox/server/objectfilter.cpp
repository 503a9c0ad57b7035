#include "objectfilter.h"

#include "apimachinery/statuserror.h"
#include "apirequest.h"

namespace cvc::sandbox {

std::optional<ObjectFilter> ObjectFilter::fromRequest(const ApiRequest &request, std::optional<StatusError> *error)
{
    ObjectFilter filter;
    QString message;
    const QString labelText = request.queryValue(QStringLiteral("labelSelector"));
    if (!labelText.isEmpty()) {
        auto labels = LabelSelector::parse(labelText, &message);
        if (!labels) {
            *error = StatusError::badRequest(message);
            return std::nullopt;
        }
        filter.m_labels = *labels;
    }
    const QString fieldText = request.queryValue(QStringLiteral("fieldSelector"));
    if (!fieldText.isEmpty()) {
        const ResourceInfo &info = request.resource;
        FieldSelector::FieldMap allowed = info.resourceKind == ResourceKind::Event ? FieldSelector::eventFields()
                                                                                   : FieldSelector::customResourceFields();
        for (const QString &field : info.selectableFields)
            allowed.insert(field, field);
        if (info.resourceKind == ResourceKind::Namespace)
            allowed.insert(QStringLiteral("status.phase"), QStringLiteral("status.phase"));
        auto fields = FieldSelector::parse(fieldText, allowed, &message);
        if (!fields) {
            *error = StatusError::badRequest(message);
            return std::nullopt;
        }
        filter.m_fields = *fields;
    }
    return filter;
}

bool ObjectFilter::matches(const QJsonObject &object) const
{
    return (m_labels.isEmpty() || m_labels.matchesObject(object)) && (m_fields.isEmpty() || m_fields.matches(object));
}

} // namespace cvc::sandbox
