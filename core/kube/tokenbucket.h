#pragma once

#include <QElapsedTimer>

namespace cvc {

// Client-side rate limit like client-go's flowcontrol: qps tokens per second, up to burst saved.
// Pure arithmetic over a monotonic clock; the caller waits the returned delay.
class TokenBucket
{
public:
    TokenBucket(double qps, int burst);

    // Reserves one token; returns how many ms the caller must wait before using it (0 = now).
    qint64 reserve();
    // Same, with an explicit clock (ms since an arbitrary origin) for tests.
    qint64 reserveAt(qint64 nowMs);

    double qps() const { return m_qps; }
    int burst() const { return m_burst; }

private:
    double m_qps;
    int m_burst;
    double m_tokens;
    qint64 m_lastMs = 0;
    bool m_started = false;
    QElapsedTimer m_clock;
};

} // namespace cvc
