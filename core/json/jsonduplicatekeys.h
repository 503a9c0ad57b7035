#pragma once

#include <QByteArray>
#include <QStringList>

namespace cvc {

// QJsonDocument silently keeps the last of two equal keys in an object; kube-apiserver's strict
// field validation reports them instead (kube-api.md §4.3). This scans JSON text for them.
class JsonDuplicateKeys
{
public:
    // Paths of every repeated key, dotted without a leading dot like pruning paths
    // ("spec.amount", "spec.items[0].name", "metadata"), in document order. Text that is not
    // valid JSON yields what was found before the problem; parse it with QJsonDocument first.
    static QStringList find(const QByteArray &json);
};

} // namespace cvc
