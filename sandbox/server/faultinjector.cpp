#include "faultinjector.h"

#include "objectstore.h"
#include "watchhub.h"

#include <QRandomGenerator>
#include <QSet>

namespace cvc::sandbox {

FaultInjector::FaultInjector(WatchHub *hub, ObjectStore *store, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_store(store)
{
}

bool FaultInjector::apply(const QJsonObject &request, QString *error)
{
    static const QSet<QString> known = {QStringLiteral("dropWatches"), QStringLiteral("failRatio"),
                                        QStringLiteral("failStatus"),  QStringLiteral("retryAfterSeconds"),
                                        QStringLiteral("latencyMs"),   QStringLiteral("compact"),
                                        QStringLiteral("reset")};
    for (auto it = request.begin(); it != request.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown fault \"%1\"; known: dropWatches, failRatio, failStatus, "
                                    "retryAfterSeconds, latencyMs, compact, reset")
                         .arg(it.key());
            return false;
        }
    }
    const double ratio = request.value(QStringLiteral("failRatio")).toDouble(m_failRatio);
    if (ratio < 0.0 || ratio > 1.0) {
        *error = QStringLiteral("failRatio must be between 0 and 1");
        return false;
    }
    const int status = request.value(QStringLiteral("failStatus")).toInt(m_failStatus);
    if (status != 500 && status != 503 && status != 429 && status != 502 && status != 504) {
        *error = QStringLiteral("failStatus must be one of 429, 500, 502, 503, 504");
        return false;
    }
    const int retryAfter = request.value(QStringLiteral("retryAfterSeconds")).toInt(m_retryAfterSeconds);
    const int latency = request.value(QStringLiteral("latencyMs")).toInt(m_latencyMs);
    if (retryAfter < 0 || latency < 0 || latency > 60000) {
        *error = QStringLiteral("retryAfterSeconds must be >= 0 and latencyMs between 0 and 60000");
        return false;
    }

    if (request.value(QStringLiteral("reset")).toBool()) {
        m_failRatio = 0.0;
        m_failStatus = 503;
        m_retryAfterSeconds = 1;
        m_latencyMs = 0;
        m_failDebt = 0.0;
    }
    if (request.contains(QStringLiteral("failRatio"))) {
        m_failRatio = ratio;
        m_failDebt = 0.0;
    }
    if (request.contains(QStringLiteral("failStatus")))
        m_failStatus = status;
    if (request.contains(QStringLiteral("retryAfterSeconds")))
        m_retryAfterSeconds = retryAfter;
    if (request.contains(QStringLiteral("latencyMs")))
        m_latencyMs = latency;
    if (request.value(QStringLiteral("compact")).toBool())
        m_hub->compact(m_store->resourceVersion());
    if (request.value(QStringLiteral("dropWatches")).toBool())
        m_hub->dropAllWatches();
    return true;
}

QJsonObject FaultInjector::settings() const
{
    return QJsonObject{{QStringLiteral("failRatio"), m_failRatio},
                       {QStringLiteral("failStatus"), m_failStatus},
                       {QStringLiteral("retryAfterSeconds"), m_retryAfterSeconds},
                       {QStringLiteral("latencyMs"), m_latencyMs},
                       {QStringLiteral("injectedFailures"), m_injectedFailures},
                       {QStringLiteral("watchHistoryFloor"), QString::number(m_hub->floorResourceVersion())}};
}

bool FaultInjector::shouldFail(int *status, int *retryAfterSeconds)
{
    if (m_failRatio <= 0.0)
        return false;
    // A running debt rather than a dice roll: the share of failures is exact over a few requests,
    // so tests asserting "about 30 %" are not flaky; a random start avoids a fixed pattern.
    if (m_failDebt == 0.0)
        m_failDebt = QRandomGenerator::global()->generateDouble() * m_failRatio;
    m_failDebt += m_failRatio;
    if (m_failDebt < 1.0)
        return false;
    m_failDebt -= 1.0;
    ++m_injectedFailures;
    *status = m_failStatus;
    *retryAfterSeconds = m_retryAfterSeconds;
    return true;
}

} // namespace cvc::sandbox
