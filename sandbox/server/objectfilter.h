#pragma once

#include "apimachinery/fieldselector.h"
#include "apimachinery/labelselector.h"
#include "resourceinfo.h"

#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

struct ApiRequest;
class StatusError;

// labelSelector and fieldSelector of a list or watch, with the field labels the resource
// supports (metadata.name/namespace, a CRD's selectableFields, the event fields kubectl uses).
class ObjectFilter
{
public:
    // nullopt with *error set (400) for a bad selector or an unsupported field label.
    static std::optional<ObjectFilter> fromRequest(const ApiRequest &request, std::optional<StatusError> *error);

    bool matches(const QJsonObject &object) const;
    bool isEmpty() const { return m_labels.isEmpty() && m_fields.isEmpty(); }

private:
    LabelSelector m_labels;
    FieldSelector m_fields;
};

} // namespace cvc::sandbox
