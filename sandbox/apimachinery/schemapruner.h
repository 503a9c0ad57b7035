#pragma once

#include <QJsonObject>
#include <QStringList>

namespace cvc::sandbox {

// What pruning left and what it removed.
struct PruneResult
{
    QJsonObject object;
    // Paths of removed fields, dotted without a leading dot: "spec.foo", "spec.items[0].x",
    // "foo"; sorted, followed by unknown keys of metadata ("metadata.bogus").
    QStringList unknownFields;
};

// Drops fields a structural schema does not declare (kube-api.md §4.3), as a CRD's custom
// resource is decoded. Under x-kubernetes-preserve-unknown-fields unknown keys survive but
// declared properties are still pruned below them. At the root apiVersion, kind and metadata
// are kept; unknown keys inside metadata are dropped (and reported).
class SchemaPruner
{
public:
    static PruneResult prune(const QJsonObject &object, const QJsonObject &openApiV3Schema);

    // Prunes a value against a (sub-)schema without the root rules; `path` prefixes reported
    // fields. Used for defaults and nested values.
    static QJsonValue pruneValue(const QJsonValue &value, const QJsonObject &schema,
                                 const QString &path, QStringList *unknownFields);

    // Only the ObjectMeta fields a server keeps; everything else inside `metadata` is unknown.
    static const QStringList &objectMetaFields();
};

} // namespace cvc::sandbox
