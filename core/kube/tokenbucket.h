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
    // Takes a token only if one is there now: returns 0 when it did, else how many ms until one
    // is (nothing reserved), for callers that would rather do other work meanwhile.
    qint64 tryTake();
    qint64 tryTakeAt(qint64 nowMs);

    // Changes the rate from now on; tokens already earned or reserved stay as they are.
    void setQps(double qps);
    void setQpsAt(double qps, qint64 nowMs);
    // Hands out nothing before `untilMs` (the server said Retry-After), then one token and the
    // rate again rather than a saved-up burst.
    void holdUntil(qint64 untilMs);
    void holdUntilAt(qint64 untilMs, qint64 nowMs);
    // The bucket's clock (ms since it was made), for holdUntil.
    qint64 now() const { return m_clock.elapsed(); }

    double qps() const { return m_qps; }
    int burst() const { return m_burst; }

private:
    void refillTo(qint64 nowMs);

    double m_qps;
    int m_burst;
    double m_tokens;
    qint64 m_lastMs = 0;   // tokens are counted as of this time; in the future while held
    bool m_started = false;
    QElapsedTimer m_clock;
};

} // namespace cvc
