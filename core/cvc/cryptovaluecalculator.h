#pragma once

#include "cvcspec.h"
#include "cvcstatus.h"
#include "kube/objectkey.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc {

// A CryptoValueCalculator as the product uses it, read once from the API object: identity,
// spec, the value annotation and the operator-owned status. Nothing else of the object (labels,
// other annotations, managedFields) is kept; what needs the whole object reads it fresh.
struct CryptoValueCalculator
{
    static constexpr const char *valueAnnotation = "value";

    ObjectKey key;
    QString uid;
    QString resourceVersion;
    qint64 generation = 0;
    std::optional<QString> value;   // metadata.annotations.value ("$94.8106")
    CvcSpec spec;
    CvcStatus status;

    static CryptoValueCalculator fromJson(const QJsonObject &object);
    // The object with only the fields above: what fromJson() reads back the same.
    QJsonObject toJson() const;

    // The fields an Event's involvedObject names (apiVersion, kind, namespace, name, uid,
    // resourceVersion).
    QJsonObject objectReference() const;

    friend bool operator==(const CryptoValueCalculator &, const CryptoValueCalculator &) = default;
};

} // namespace cvc
