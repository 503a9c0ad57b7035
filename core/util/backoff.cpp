#include "backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace std::chrono_literals;

namespace cvc {

Backoff::Backoff()
    : Backoff(5s, 5min)
{
}

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum,
                 double multiplier, double jitter)
    : m_initial(std::max(initial, 1ms))
    , m_maximum(std::max(maximum, std::max(initial, 1ms)))
    , m_multiplier(std::max(multiplier, 1.0))
    , m_jitter(std::clamp(jitter, 0.0, 1.0))
{
}

std::chrono::milliseconds Backoff::peekBase() const
{
    // Computed in double so a long outage cannot overflow; capped before converting back.
    const double base = double(m_initial.count()) * std::pow(m_multiplier, m_attempt);
    return std::chrono::milliseconds(qint64(std::min(base, double(m_maximum.count()))));
}

std::chrono::milliseconds Backoff::next()
{
    const auto base = peekBase();
    ++m_attempt;
    if (m_jitter <= 0.0)
        return base;
    const double r = m_random ? m_random() : QRandomGenerator::global()->generateDouble();
    const double factor = 1.0 - m_jitter * std::clamp(r, 0.0, 1.0);
    return std::max(1ms, std::chrono::milliseconds(qint64(double(base.count()) * factor)));
}

} // namespace cvc
