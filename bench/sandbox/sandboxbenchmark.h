#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace cvc::testsupport {
class SandboxProcess;
}

namespace cvc::bench {

// One row of figures for one population size.
struct BenchmarkFigures
{
    int objects = 0;
    double createPerSecond = 0;
    double getPerSecond = 0;
    double listPerSecond = 0;
    double listMegabytesPerSecond = 0;
    double patchPerSecond = 0;
    double watchEventsPerSecond = 0;     // delivered to all watchers together
    double watchLatencyMs = 0;           // after the last write was answered, until every watcher had every event
    qint64 rssKb = 0;
    qint64 peakRssKb = 0;
    int failures = 0;
};

// Drives one kube-sandbox process: fills it with CVCs, then measures GET, LIST, PATCH and watch
// fan-out (one writer, many watchers) and reads the server's memory from /proc.
class SandboxBenchmark : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        int requests = 2000;        // GETs and PATCHes per size
        int lists = 20;             // LISTs at the smallest size; fewer for bigger ones
        int concurrency = 6;
        int watchers = 64;
        int watchWrites = 300;      // writes the single writer makes while the watchers listen
    };

    SandboxBenchmark(testsupport::SandboxProcess &sandbox, const Settings &settings, QObject *parent = nullptr);

    // Brings the population to `objects` CVCs (adding to what exists) and measures.
    BenchmarkFigures measure(int objects);
    // VmRSS and VmHWM of a process in kB, from /proc/<pid>/status.
    static void readMemory(qint64 pid, qint64 *rssKb, qint64 *peakKb);

private:
    double measureWatchFanOut(BenchmarkFigures *figures);

    testsupport::SandboxProcess &m_sandbox;
    Settings m_settings;
    int m_population = 0;
    int m_tick = 0;
};

} // namespace cvc::bench
