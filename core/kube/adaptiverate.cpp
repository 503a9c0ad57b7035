#include "adaptiverate.h"

#include <algorithm>
#include <vector>

namespace cvc {

namespace {

// Enough samples for a median of one window; at 1,000 requests/s a 250 ms window holds 250.
constexpr size_t maxSamplesPerWindow = 512;

} // namespace

AdaptiveRate::AdaptiveRate(const Settings &settings)
    : m_settings(settings)
{
    m_settings.floorQps = std::max(0.1, m_settings.floorQps);
    m_settings.ceilingQps = std::max(m_settings.floorQps, m_settings.ceilingQps);
    m_settings.windowMs = std::max(1, m_settings.windowMs);
    m_qps = m_settings.floorQps;
}

qint64 AdaptiveRate::baselineLatencyMs() const
{
    if (m_medians.empty())
        return -1;
    qint64 lowest = m_medians.front().medianMs;
    for (const WindowMedian &m : m_medians)
        lowest = std::min(lowest, m.medianMs);
    return lowest;
}

void AdaptiveRate::startWindow(qint64 nowMs)
{
    m_started = true;
    m_windowStartMs = nowMs;
    m_throttled = false;
    m_refusals = 0;
    m_latencies.clear();
}

void AdaptiveRate::noteThrottled(qint64 nowMs)
{
    evaluate(nowMs);
    m_throttled = true;
}

void AdaptiveRate::noteResponse(qint64 nowMs, qint64 latencyMs, int httpStatus)
{
    evaluate(nowMs);
    if (isRefusal(httpStatus))
        ++m_refusals;
    else if (latencyMs >= 0 && httpStatus != 0 && m_latencies.size() < maxSamplesPerWindow)
        m_latencies.push_back(latencyMs);
}

bool AdaptiveRate::evaluate(qint64 nowMs)
{
    if (!m_started) {
        startWindow(nowMs);
        return false;
    }
    if (nowMs - m_windowStartMs < m_settings.windowMs)
        return false;

    const double before = m_qps;
    qint64 median = -1;
    if (!m_latencies.empty()) {
        std::vector<qint64> sorted(m_latencies.begin(), m_latencies.end());
        std::nth_element(sorted.begin(), sorted.begin() + qsizetype(sorted.size() / 2), sorted.end());
        median = sorted[sorted.size() / 2];
    }
    // The baseline is what this server answers when it is not busy: judged against the minute
    // before this window, so a slow window cannot raise its own yardstick.
    const qint64 baseline = baselineLatencyMs();
    const bool slow = median >= 0 && baseline >= 0
                      && double(median) > m_settings.latencyFactor * double(baseline) + m_settings.latencySlackMs;

    qint64 *cause = nullptr;
    if (m_refusals > 0) {
        m_qps *= m_settings.refusedFactor;
        cause = &m_changes.refused;
    } else if (slow) {
        m_qps *= m_settings.slowFactor;
        cause = &m_changes.slow;
    } else if (m_throttled) {
        m_qps *= m_settings.raiseFactor;
        cause = &m_changes.raised;
    } else {
        m_qps *= m_settings.idleFactor;
        cause = &m_changes.idle;
    }
    m_qps = std::clamp(m_qps, m_settings.floorQps, m_settings.ceilingQps);
    if (m_qps != before)
        ++*cause;

    if (median >= 0)
        m_medians.push_back({nowMs, median});
    while (!m_medians.empty() && nowMs - m_medians.front().atMs > m_settings.baselineMemoryMs)
        m_medians.pop_front();

    // A window that saw nothing at all (a quiet client) restarts from now rather than catching up
    // one empty window at a time.
    startWindow(nowMs);
    return m_qps != before;
}

} // namespace cvc
