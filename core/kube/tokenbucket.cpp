#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace cvc {

TokenBucket::TokenBucket(double qps, int burst)
    : m_qps(qps)
    , m_burst(std::max(1, burst))
    , m_tokens(std::max(1, burst))
{
    m_clock.start();
}

qint64 TokenBucket::reserve()
{
    return reserveAt(m_clock.elapsed());
}

void TokenBucket::refillTo(qint64 nowMs)
{
    if (!m_started) {
        m_started = true;
        m_lastMs = nowMs;
    }
    if (nowMs > m_lastMs) {
        m_tokens = std::min<double>(m_burst, m_tokens + (nowMs - m_lastMs) * m_qps / 1000.0);
        m_lastMs = nowMs;
    }
}

void TokenBucket::setQps(double qps)
{
    setQpsAt(qps, m_clock.elapsed());
}

void TokenBucket::setQpsAt(double qps, qint64 nowMs)
{
    if (m_qps > 0) {
        refillTo(nowMs);
        // Tokens owed are future times already handed out: keep them where they are, so the
        // next caller queues after them at the new rate.
        if (m_tokens < 0 && qps > 0)
            m_tokens = m_tokens / m_qps * qps;
    }
    m_qps = qps;
}

void TokenBucket::holdUntil(qint64 untilMs)
{
    holdUntilAt(untilMs, m_clock.elapsed());
}

void TokenBucket::holdUntilAt(qint64 untilMs, qint64 nowMs)
{
    if (m_qps <= 0)
        return;
    refillTo(nowMs);
    if (untilMs > m_lastMs) {
        m_lastMs = untilMs;
        m_tokens = std::min(m_tokens, 1.0);
    }
}

qint64 TokenBucket::tryTake()
{
    return tryTakeAt(m_clock.elapsed());
}

qint64 TokenBucket::tryTakeAt(qint64 nowMs)
{
    if (m_qps <= 0)
        return 0;
    refillTo(nowMs);
    const qint64 held = std::max<qint64>(0, m_lastMs - nowMs);
    if (held == 0 && m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return 0;
    }
    return std::max<qint64>(1, held + qint64(std::ceil((1.0 - m_tokens) * 1000.0 / m_qps)));
}

qint64 TokenBucket::reserveAt(qint64 nowMs)
{
    if (m_qps <= 0)
        return 0;
    refillTo(nowMs);
    // Tokens may go negative: each waiting caller has reserved its own future token. They are
    // counted as of m_lastMs, which is later than now while a Retry-After hold lasts.
    m_tokens -= 1.0;
    const qint64 held = std::max<qint64>(0, m_lastMs - nowMs);
    if (m_tokens >= 0)
        return held;
    return held + qint64(std::ceil(-m_tokens * 1000.0 / m_qps));
}

} // namespace cvc
