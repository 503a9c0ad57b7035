#include "reconcile/histogram.h"

#include <algorithm>

namespace cvc {

Histogram::Histogram(QList<double> upperBounds)
    : m_bounds(std::move(upperBounds))
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_counts.fill(0, m_bounds.size() + 1);
}

QList<double> Histogram::exponentialBuckets(double start, double factor, int count)
{
    QList<double> bounds;
    double bound = start;
    for (int i = 0; i < count; ++i, bound *= factor)
        bounds.append(bound);
    return bounds;
}

void Histogram::observe(double value)
{
    const auto bucket = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value);
    ++m_counts[int(bucket - m_bounds.cbegin())];
    ++m_count;
    m_sum += value;
}

} // namespace cvc
