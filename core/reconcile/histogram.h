#pragma once

#include <QList>

namespace cvc {

// A Prometheus histogram's state: per-bucket counts (not cumulative: PrometheusText sums them when
// it writes), the sum and the count of observations. Bounds are fixed at construction, as in
// client_golang, so every scrape shows the same le labels.
class Histogram
{
public:
    explicit Histogram(QList<double> upperBounds);

    // start, start × factor, … (count bounds), as client_golang's ExponentialBuckets.
    static QList<double> exponentialBuckets(double start, double factor, int count);

    void observe(double value);

    const QList<double> &upperBounds() const { return m_bounds; }
    // Observations per bucket: [i] counts values in (bound[i-1], bound[i]]; one more entry, last,
    // for values above every bound (+Inf).
    const QList<qint64> &bucketCounts() const { return m_counts; }
    qint64 count() const { return m_count; }
    double sum() const { return m_sum; }

private:
    QList<double> m_bounds;
    QList<qint64> m_counts;
    qint64 m_count = 0;
    double m_sum = 0;
};

} // namespace cvc
