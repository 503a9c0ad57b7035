#pragma once

#include "apimachinery/tableconvertor.h"
#include "resourceinfo.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cvc::sandbox {

// The Table rendering of one resource (kube-api.md §1.7): the CRD version's printer columns for
// custom resources; for the built-ins the columns kubectl users know from a real cluster where a
// JSONPath can express them (plus the Event OBJECT cell, "kind/name", which none can), else Name
// and Created At.
class ResourceTable
{
public:
    explicit ResourceTable(const ResourceInfo &info);

    // `listMetadata` is the list's ListMeta (resourceVersion, continue, remainingItemCount), which a
    // Table carries as it is.
    QJsonObject forList(const QJsonArray &items, const QJsonObject &listMetadata, IncludeObject include) const;
    QJsonObject forObject(const QJsonObject &object, IncludeObject include, bool withColumnDefinitions = true) const;

private:
    static TableConvertor convertorFor(const ResourceInfo &info);
    QJsonObject completeRows(QJsonObject table, const QJsonArray &items) const;

    ResourceInfo m_info;
    TableConvertor m_convertor;
};

} // namespace cvc::sandbox
