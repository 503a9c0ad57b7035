#pragma once

#include "cvc/cryptovaluecalculator.h"
#include "reconcile/desiredstate.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cvc {

// One merge patch the reconciler will send: where to, and what.
struct PlannedPatch
{
    QString path;       // the API path of the object or of its /status
    QJsonObject body;   // carries metadata.resourceVersion: a stale object gets 409, never an overwrite

    bool operator==(const PlannedPatch &) const = default;
};

// The writes that take one CVC from what it is to what DesiredState says, as a pure function of
// the two: the `value` annotation (and status, when the CRD has no status subresource) on the
// main resource, the status through /status otherwise. Nothing to write means an empty plan.
// After the main patch answered, plan again from the object it returned: the status patch must
// name the new resourceVersion and only what is still different.
struct WritePlan
{
    // Where status is written, from discovery and from what the server did with earlier writes.
    enum class StatusTarget {
        Subresource,    // the CRD has a status subresource: PATCH …/status
        MainResource,   // no subresource: status travels with the annotation
        None,           // the CRD's schema has no status (the original CRD): the server prunes it
    };

    std::optional<PlannedPatch> main;
    std::optional<PlannedPatch> status;

    bool isEmpty() const { return !main && !status; }

    static WritePlan plan(const CryptoValueCalculator &current, const DesiredState &desired, StatusTarget target);
};

} // namespace cvc
