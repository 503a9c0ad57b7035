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

qint64 TokenBucket::reserveAt(qint64 nowMs)
{
    if (m_qps <= 0)
        return 0;
    if (!m_started) {
        m_started = true;
        m_lastMs = nowMs;
    }
    if (nowMs > m_lastMs) {
        m_tokens = std::min<double>(m_burst, m_tokens + (nowMs - m_lastMs) * m_qps / 1000.0);
        m_lastMs = nowMs;
    }
    // Tokens may go negative: each waiting caller has reserved its own future token.
    m_tokens -= 1.0;
    if (m_tokens >= 0)
        return 0;
    return qint64(std::ceil(-m_tokens * 1000.0 / m_qps));
}

} // namespace cvc
