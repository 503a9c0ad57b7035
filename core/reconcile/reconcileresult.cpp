#include "reconcile/reconcileresult.h"

namespace cvc {

QLatin1String ReconcileResult::metricLabel() const
{
    switch (outcome) {
    case Outcome::Done:
        return QLatin1String("success");
    case Outcome::RequeueAfter:
        return QLatin1String("requeue_after");
    case Outcome::Retry:
    case Outcome::Terminal:
        break;
    }
    return QLatin1String("error");
}

QLatin1String ReconcileResult::name() const
{
    switch (outcome) {
    case Outcome::Done:
        return QLatin1String("done");
    case Outcome::RequeueAfter:
        return QLatin1String("requeueAfter");
    case Outcome::Retry:
        return QLatin1String("retry");
    case Outcome::Terminal:
        break;
    }
    return QLatin1String("terminal");
}

} // namespace cvc
