#include "operator/cvcvaluemetrics.h"
#include "operator/prometheustext.h"

#include "cvc/cvcspec.h"
#include "cvc/cvcstatus.h"
#include "kube/objectcache.h"

#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace cvc {

void CvcValueMetrics::write(PrometheusText &m, const ObjectCache &cvcs)
{
    struct Holding
    {
        PrometheusText::Labels labels;
        std::optional<double> amount;
        std::optional<double> value;
    };
    QStringList keys = cvcs.keys();
    std::sort(keys.begin(), keys.end());
    QList<Holding> holdings;
    holdings.reserve(keys.size());
    for (const QString &key : keys) {
        const QJsonObject object = cvcs.object(key);
        const QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
        const CvcSpec spec = CvcSpec::fromJson(object.value(QStringLiteral("spec")));
        const CvcStatus status = CvcStatus::fromJson(object.value(QStringLiteral("status")).toObject());
        holdings.append({{{QStringLiteral("namespace"), metadata.value(QStringLiteral("namespace")).toString()},
                          {QStringLiteral("name"), metadata.value(QStringLiteral("name")).toString()},
                          {QStringLiteral("coin"), spec.coin}},
                         spec.hasNumericAmount() ? std::optional<double>(spec.amount) : std::nullopt,
                         status.value});
    }
    // The exposition format wants each metric's series together: one pass per name.
    for (const Holding &h : std::as_const(holdings)) {
        if (h.amount)
            m.gauge(QStringLiteral("cvc_amount"), QStringLiteral("Each CVC's spec.amount (only with --metrics-per-cvc)."), *h.amount, h.labels);
    }
    for (const Holding &h : std::as_const(holdings)) {
        if (h.value)
            m.gauge(QStringLiteral("cvc_value_usd"), QStringLiteral("Each CVC's status.value in USD (only with --metrics-per-cvc)."),
                    *h.value, h.labels);
    }
}

} // namespace cvc
