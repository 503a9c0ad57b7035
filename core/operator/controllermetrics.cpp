#include "operator/controllermetrics.h"
#include "operator/prometheustext.h"
#include "reconcile/workqueue.h"

namespace cvc {

void ControllerMetrics::write(PrometheusText &m, const QString &controller, const WorkQueue &queue)
{
    const WorkQueueMetrics &q = queue.metrics();
    const PrometheusText::Labels byController{{QStringLiteral("controller"), controller}};
    const QString totalHelp = QStringLiteral("Total number of reconciliations per controller.");
    // ReconcileResult has no bare "requeue" (a requeue always names its delay); it is shown as 0,
    // as controller-runtime shows it, so queries over all four see every series.
    const QList<QPair<QString, qint64>> results{{QStringLiteral("success"), q.succeeded()},
                                                 {QStringLiteral("error"), q.failed()},
                                                 {QStringLiteral("requeue"), 0},
                                                 {QStringLiteral("requeue_after"), q.requeuedAfter()}};
    for (const auto &[result, count] : results)
        m.counter(QStringLiteral("controller_runtime_reconcile_total"), totalHelp, double(count),
                  {{QStringLiteral("controller"), controller}, {QStringLiteral("result"), result}});
    m.counter(QStringLiteral("controller_runtime_reconcile_errors_total"),
              QStringLiteral("Total number of reconciliation errors per controller."), double(q.failed()), byController);
    m.counter(QStringLiteral("controller_runtime_terminal_reconcile_errors_total"),
              QStringLiteral("Total number of terminal reconciliation errors per controller."), double(q.terminalFailures()),
              byController);
    m.histogram(QStringLiteral("controller_runtime_reconcile_time_seconds"),
                QStringLiteral("Length of time per reconciliation per controller."), q.reconcileTime(), byController);
    m.gauge(QStringLiteral("controller_runtime_max_concurrent_reconciles"),
            QStringLiteral("Maximum number of concurrent reconciles per controller."), double(queue.concurrency()), byController);
    m.gauge(QStringLiteral("controller_runtime_active_workers"),
            QStringLiteral("Number of currently used workers per controller."), double(queue.inFlight()), byController);

    const PrometheusText::Labels byName{{QStringLiteral("name"), controller}};
    m.gauge(QStringLiteral("workqueue_depth"), QStringLiteral("Current depth of workqueue."), double(queue.depth()), byName);
    m.counter(QStringLiteral("workqueue_adds_total"), QStringLiteral("Total number of adds handled by workqueue."),
              double(q.adds()), byName);
    m.histogram(QStringLiteral("workqueue_queue_duration_seconds"),
                QStringLiteral("How long in seconds an item stays in workqueue before being requested."), q.queueDuration(), byName);
    m.histogram(QStringLiteral("workqueue_work_duration_seconds"),
                QStringLiteral("How long in seconds processing an item from workqueue takes."), q.workDuration(), byName);
    m.gauge(QStringLiteral("workqueue_unfinished_work_seconds"),
            QStringLiteral("How many seconds of work has been done that is in progress and hasn't been observed by "
                           "work_duration. Large values indicate stuck threads."),
            q.unfinishedWorkSeconds(), byName);
    m.gauge(QStringLiteral("workqueue_longest_running_processor_seconds"),
            QStringLiteral("How many seconds has the longest running processor for workqueue been running."),
            q.longestRunningSeconds(), byName);
    m.counter(QStringLiteral("workqueue_retries_total"), QStringLiteral("Total number of retries handled by workqueue."),
              double(q.retries()), byName);
}

} // namespace cvc
