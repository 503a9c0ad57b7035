#pragma once

#include <QString>

namespace cvc::bench {

// The cvc-dashboard binary as a user starts it (offscreen, its own HOME), watching a namespace of
// kube-sandbox that holds N CVCs already valued, writing values itself against a fake CoinGecko
// with unchanged prices: its resident memory once the table is loaded and settled (VmRSS) and the
// most it ever held (VmHWM), read from /proc. A run with no CVCs is the baseline of the same run.
class DashboardMemoryBenchmark
{
public:
    struct Figures
    {
        int objects = 0;
        qint64 rssKiB = -1;
        qint64 peakKiB = -1;
        QString problem;   // why there are no figures
    };

    // `settleMilliseconds`: how long after the CVC watch opened before memory is read.
    static Figures run(int objects, int settleMilliseconds);
};

} // namespace cvc::bench
