#pragma once

#include "kubeclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <functional>
#include <optional>

namespace cvc::test {

// Starts one KubeClient request and runs the event loop until its callback has the answer; a
// missing answer by the deadline comes back as a transport error, so the test fails with a message.
inline KubeResponse awaitResponse(const std::function<void(ResponseCallback)> &start, int timeoutMs = 10000)
{
    std::optional<KubeResponse> result;
    start([&](const KubeResponse &r) { result = r; });
    QDeadlineTimer deadline(timeoutMs);
    while (!result && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!result) {
        KubeResponse r;
        r.error = KubeError::transport(QStringLiteral("TestTimeout"), QStringLiteral("no answer within %1 ms").arg(timeoutMs));
        return r;
    }
    return *result;
}

} // namespace cvc::test
