#include "operator/deprecatedmetrics.h"

namespace cvc {

const QList<QPair<QString, QString>> &DeprecatedMetrics::replacements()
{
    static const QList<QPair<QString, QString>> table{
        {QStringLiteral("cvc_reconciles_total"), QStringLiteral("controller_runtime_reconcile_total")},
        {QStringLiteral("cvc_reconcile_errors_total"), QStringLiteral("controller_runtime_reconcile_errors_total")},
        {QStringLiteral("cvc_queue_depth"), QStringLiteral("workqueue_depth")},
        {QStringLiteral("cvc_queue_in_flight"), QStringLiteral("controller_runtime_active_workers")},
        {QStringLiteral("cvc_leader"), QStringLiteral("leader_election_master_status")},
        {QStringLiteral("cvc_watch_lists_total"), QStringLiteral("cvc_watch_relists_total")},
        {QStringLiteral("cvc_price_calls_total"), QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\"}")},
        {QStringLiteral("cvc_price_calls_this_month"), QStringLiteral("cvc_price_credits_used")},
        {QStringLiteral("cvc_price_source_age_seconds"), QStringLiteral("cvc_price_age_seconds")},
    };
    return table;
}

QString DeprecatedMetrics::help(const QString &oldName, const QString &help)
{
    for (const auto &[old, replacement] : replacements()) {
        if (old == oldName)
            return QStringLiteral("Deprecated: use %1 (removed in the next release). %2").arg(replacement, help);
    }
    return help;
}

} // namespace cvc
