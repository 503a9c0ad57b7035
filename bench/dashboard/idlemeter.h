#pragma once

#include <QtGlobal>

namespace cvc::bench {

// CPU used while the event loop runs with nothing to do: by this process (getrusage, every
// thread) and, when given, by another one (/proc/<pid>/stat), as percent of one core.
class IdleMeter
{
public:
    struct Figures
    {
        double seconds = 0;          // wall time measured
        double ownCpuPercent = 0;
        double otherCpuPercent = -1; // -1 when no other process was watched
    };

    // Runs the event loop for `milliseconds` and measures.
    static Figures measure(int milliseconds, qint64 otherPid = 0);

    static double ownCpuSeconds();
    // -1 when /proc/<pid>/stat cannot be read.
    static double cpuSecondsOf(qint64 pid);
};

} // namespace cvc::bench
