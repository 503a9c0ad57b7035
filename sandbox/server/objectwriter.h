#pragma once

#include "apiservices.h"
#include "apimachinery/statuserror.h"
#include "objectadmission.h"
#include "resourceinfo.h"
#include "watchevent.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace cvc::sandbox {

// The result of one write as the handler answers it.
struct WriteOutcome
{
    int httpStatus = 200;
    QJsonObject object;
    QStringList warnings;
    std::optional<StatusError> error;

    bool ok() const { return !error.has_value(); }
};

// The storage side of create, update and delete, shared by the handlers and the controllers:
// server-set metadata, generation rules (§3.5), decoding and validation, no-op detection,
// finalizers and deletionTimestamp (§3.7), dryRun (§3.8), then one store write.
class ObjectWriter
{
public:
    explicit ObjectWriter(const ApiServices &services);

    // `object` has namespace and name (or generateName) settled by the caller.
    WriteOutcome create(const ResourceInfo &info, QJsonObject object, FieldValidation validation, bool dryRun,
                        const QString &fieldManager);
    // `candidate` is the full object to store (after patching and subresource rules).
    WriteOutcome update(const ResourceInfo &info, const QJsonObject &old, QJsonObject candidate,
                        FieldValidation validation, bool dryRun, const QString &fieldManager);
    // `actor` is counted in the stats like a field manager (the User-Agent prefix for deletes).
    WriteOutcome remove(const ResourceInfo &info, const QJsonObject &old, bool dryRun, const QString &actor);

    static bool hasGeneration(const ResourceInfo &info);

private:
    bool namespaceExists(const QString &ns) const;
    bool crdTerminating(const ResourceInfo &info) const;
    WriteOutcome store(const ResourceInfo &info, WatchEvent::Type type, const QJsonObject &object, int httpStatus,
                       const QString &fieldManager);

    ApiServices m_services;
};

} // namespace cvc::sandbox
