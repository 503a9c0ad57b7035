#pragma once

#include <QString>
#include <QUrlQuery>

namespace cvc {

enum class PatchType {
    Merge, // application/merge-patch+json (RFC 7386)
    Json,  // application/json-patch+json (RFC 6902)
    Apply, // application/apply-patch+yaml (server-side apply; needs fieldManager)
};

// Query options shared by create, replace, patch and delete.
struct WriteOptions
{
    QString fieldManager;     // e.g. "cvc-operator"; required for PatchType::Apply
    bool dryRun = false;      // ?dryRun=All (in the body for delete)
    QString fieldValidation;  // "", "Ignore", "Warn" or "Strict"
    bool force = false;       // apply only: take ownership on conflict
    QString propagationPolicy = QStringLiteral("Background"); // delete only

    QUrlQuery toQuery(bool forDelete = false) const;
};

QByteArray contentTypeFor(PatchType type);

} // namespace cvc
