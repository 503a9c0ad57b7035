#pragma once

#include "apiservices.h"
#include "objectwriter.h"
#include "rbacadmission.h"

#include <QJsonObject>

#include <optional>

namespace cvc::sandbox {

struct ApiRequest;
class StatusError;

// POST (create), PUT (replace) and PATCH (merge, JSON, strategic-as-merge, server-side apply) on
// an object or its /status (kube-api.md §3.1–3.4, §3.6, §3.8). Request-level checks live here;
// the storage rules in ObjectWriter.
class WriteHandler
{
public:
    explicit WriteHandler(const ApiServices &services);

    void create(const ApiRequest &request);
    void replace(const ApiRequest &request);
    void patch(const ApiRequest &request);

    // Shared with the preloader: checks apiVersion/kind/namespace of a body against the request.
    static std::optional<StatusError> checkBody(const ApiRequest &request, QJsonObject *object);

private:
    struct WriteOptions
    {
        FieldValidation validation = FieldValidation::Warn;
        bool dryRun = false;
        QString fieldManager;
    };
    std::optional<WriteOptions> writeOptions(const ApiRequest &request);
    void respond(const ApiRequest &request, const WriteOutcome &outcome);
    void applyCreate(const ApiRequest &request, const WriteOptions &options);
    // The writer's create and update behind the RBAC escalation checks (RbacAdmission).
    WriteOutcome createAdmitted(const ApiRequest &request, const ResourceInfo &stored, const QJsonObject &object,
                                const WriteOptions &options);
    WriteOutcome updateAdmitted(const ApiRequest &request, const ResourceInfo &stored, const QJsonObject &old,
                                const QJsonObject &candidate, const WriteOptions &options);

    ApiServices m_services;
    ObjectWriter m_writer;
    RbacAdmission m_rbacAdmission;
};

} // namespace cvc::sandbox
