#pragma once

#include <QtGlobal>

#include <deque>

namespace cvc {

// The request rate a client asks of the API server, following what the server says about its
// load, the way TCP follows the network (additive caution, multiplicative moves): a fixed rate
// like client-go's 20/s is either too slow for a burst of new objects or too fast for a server
// that is struggling, and the server's answers tell which.
//
// The rate moves once per window of `windowMs`:
//   - the server refused work (429, or 503 which kube-apiserver sends when it is overloaded):
//     halve it;
//   - the median write latency of the window rose well above the lowest median of the last
//     minute (factor × baseline + slack): cut it by a quarter;
//   - requests had to wait for the limiter and the server answered well: raise it by half;
//   - nobody waited: drift back towards the floor, so a quiet client starts the next burst gently.
// The rate never leaves [floorQps, ceilingQps]. Pure arithmetic over a caller-supplied clock.
class AdaptiveRate
{
public:
    struct Settings
    {
        double floorQps = 20.0;
        double ceilingQps = 1000.0;
        int windowMs = 250;
        double raiseFactor = 1.5;
        double refusedFactor = 0.5;
        double slowFactor = 0.75;
        double idleFactor = 0.9;
        double latencyFactor = 2.0;
        int latencySlackMs = 50;
        int baselineMemoryMs = 60000;
    };

    // How often the rate moved, by cause.
    struct Changes
    {
        qint64 raised = 0;     // demand and quick answers
        qint64 refused = 0;    // 429/503
        qint64 slow = 0;       // rising latency
        qint64 idle = 0;       // drift back without demand
    };

    explicit AdaptiveRate(const Settings &settings);
    const Changes &changes() const { return m_changes; }

    double qps() const { return m_qps; }
    const Settings &settings() const { return m_settings; }
    // The lowest window median of the last minute, or -1 before the first window closed.
    qint64 baselineLatencyMs() const;

    // A request waited in the limiter: there is demand beyond the current rate.
    void noteThrottled(qint64 nowMs);
    // A write's round trip (latencyMs < 0 when it should not count, e.g. a LIST) and its HTTP
    // status (0 for a transport failure, which says nothing about load).
    void noteResponse(qint64 nowMs, qint64 latencyMs, int httpStatus);
    // Closes the window if it is over; returns true when the rate changed.
    bool evaluate(qint64 nowMs);

    static bool isRefusal(int httpStatus) { return httpStatus == 429 || httpStatus == 503; }

private:
    struct WindowMedian
    {
        qint64 atMs;
        qint64 medianMs;
    };

    void startWindow(qint64 nowMs);

    Settings m_settings;
    Changes m_changes;
    double m_qps;
    bool m_started = false;
    qint64 m_windowStartMs = 0;
    bool m_throttled = false;
    int m_refusals = 0;
    std::deque<qint64> m_latencies;   // this window's write latencies
    std::deque<WindowMedian> m_medians; // last minute's window medians, oldest first
};

} // namespace cvc
