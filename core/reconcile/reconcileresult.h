#pragma once

#include <QLatin1String>
#include <QString>

#include <chrono>

namespace cvc {

// How one reconcile of one key ended, as controller-runtime's reconcile.Result and error say it.
// The reconcile function only decides this; the work queue alone turns it into what happens next
// (forget, requeue after a delay, retry with backoff, give up until the object changes) and into
// metrics, so every reconcile path is handled the same way.
struct ReconcileResult
{
    enum class Outcome {
        Done,           // the object is as wanted (or gone): nothing until the next change
        RequeueAfter,   // fine for now, look again after `requeueAfter` (no backoff, no error)
        Retry,          // failed, may succeed later (conflict, 429, 5xx, transport): retry with backoff
        Terminal,       // failed and retrying cannot help (403, 422): wait for a change of the object
    };

    Outcome outcome = Outcome::Done;
    std::chrono::milliseconds requeueAfter{0};
    QString error;      // what failed, for a person; empty unless Retry or Terminal
    bool wrote = false; // the reconcile sent at least one write that succeeded

    static ReconcileResult done(bool wrote = false) { return {Outcome::Done, {}, {}, wrote}; }
    static ReconcileResult requeueAfterDelay(std::chrono::milliseconds delay) { return {Outcome::RequeueAfter, delay, {}, false}; }
    static ReconcileResult retry(const QString &error = {}) { return {Outcome::Retry, {}, error, false}; }
    static ReconcileResult terminal(const QString &error) { return {Outcome::Terminal, {}, error, false}; }

    bool isError() const { return outcome == Outcome::Retry || outcome == Outcome::Terminal; }
    // controller-runtime's `result` label of controller_runtime_reconcile_total.
    QLatin1String metricLabel() const;
    // The outcome in logs: "done", "requeueAfter", "retry", "terminal".
    QLatin1String name() const;
};

} // namespace cvc
