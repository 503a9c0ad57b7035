#include "writeoptions.h"

namespace cvc {

QUrlQuery WriteOptions::toQuery(bool forDelete) const
{
    QUrlQuery q;
    if (!fieldManager.isEmpty() && !forDelete)
        q.addQueryItem(QStringLiteral("fieldManager"), fieldManager);
    if (!fieldValidation.isEmpty() && !forDelete)
        q.addQueryItem(QStringLiteral("fieldValidation"), fieldValidation);
    if (dryRun && !forDelete) // delete carries dryRun in its body (kube-api.md §3.7)
        q.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    if (force && !forDelete)
        q.addQueryItem(QStringLiteral("force"), QStringLiteral("true"));
    return q;
}

QByteArray contentTypeFor(PatchType type)
{
    switch (type) {
    case PatchType::Merge: return QByteArrayLiteral("application/merge-patch+json");
    case PatchType::Json: return QByteArrayLiteral("application/json-patch+json");
    case PatchType::Apply: return QByteArrayLiteral("application/apply-patch+yaml");
    }
    return {};
}

} // namespace cvc
