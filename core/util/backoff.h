#pragma once

#include <chrono>
#include <functional>

namespace cvc {

// Exponential backoff with jitter: initial × multiplier^attempt, capped at maximum, then reduced by a
// random share of up to jitter (0..1) so many clients that failed together do not retry together.
// Pure value class; the random source is injectable so tests get an exact schedule.
class Backoff
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    Backoff();
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum,
            double multiplier = 2.0, double jitter = 0.2);

    void setRandom(Random random) { m_random = std::move(random); }

    // The delay before the next retry; each call counts one more failed attempt.
    std::chrono::milliseconds next();
    // The delay next() would return before jitter, without counting an attempt.
    std::chrono::milliseconds peekBase() const;
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

    std::chrono::milliseconds initial() const { return m_initial; }
    std::chrono::milliseconds maximum() const { return m_maximum; }
    double multiplier() const { return m_multiplier; }
    double jitter() const { return m_jitter; }

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_maximum;
    double m_multiplier;
    double m_jitter;
    int m_attempt = 0;
    Random m_random;
};

} // namespace cvc
