#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>

namespace cvc {
class ObjectCache;
}

namespace cvc::bench {

class HoldingsStack;

// Time to apply one price tick for N CVCs in the dashboard, against baselines measured in the same
// run. A tick reaches the dashboard as two watch events per CVC (the operator patches the `value`
// annotation, then /status); they are prepared before the clock starts, so only the cache, the
// model, the proxy, the views and the totals are timed, up to the last repaint and totals update,
// in CPU time of the process (the machine may be busy with other work).
// The model applies changes once per event-loop turn, so how many events a turn brings matters:
// all of them (a burst the watch stream had buffered) or a few at a time, as a stream's reads
// deliver them while the writer spreads its writes.
class TickBenchmark : public QObject
{
    Q_OBJECT
public:
    // One way of applying a tick: its whole cost, and what it costs beyond the bare cache (the
    // model's, the proxy's, the views' and the totals' share), each tick paired with the same
    // tick into a bare cache right after it, so that a busy machine shifts both alike.
    struct Case
    {
        double totalMs = 0;
        double overCacheMs = 0;
        double afterLastEventMs = 0;   // from the cache's last event until everything settled
    };
    struct Figures
    {
        int objects = 0;
        int ticks = 0;
        int eventsPerTurn = 0;
        double cacheOnlyMs = 0;     // the same events into an ObjectCache nobody listens to
        Case modelOnly;             // HoldingsModel on a cache, no proxy, views or totals
        Case byName;                // the full stack, table sorted by name (rows stay put)
        Case byValue;               // sorted by value (rows move as values change)
        Case byNameTrickle;         // sorted by name, eventsPerTurn events per turn, turnGapMs apart
        Case byValueTrickle;
        double resetMs = 0;         // a model reset of the same data with the same views
        double loadMs = 0;          // first fill of the cache with the views attached
    };

    TickBenchmark(int objects, int ticks, int eventsPerTurn, QObject *parent = nullptr);

    Figures run();

    // N CVCs as a LIST returns them once the operator valued them at the example prices.
    static QList<QJsonObject> loadedObjects(int objects);
    // 50 events every 5 ms: a 10,000-CVC tick over 2 s, as a writer at 10,000 events/s sends it.
    static constexpr int turnGapMs = 5;
    // Stores CVCs in `cache` as the dashboard's ClusterSession does.
    static void storeLikeTheDashboard(cvc::ObjectCache *cache);

private:
    // The events of tick `tick`: annotation first, status second, for every CVC.
    QList<QPair<QString, QJsonObject>> tickEvents(int tick) const;
    // Applies tick `tick`, `perTurn` events per event-loop turn every turnGapMs (0: all in one
    // turn), then `settle`.
    // `settleMs`, when given, receives the part spent after the cache's last event.
    double applyTick(cvc::ObjectCache *cache, int tick, int perTurn, const std::function<void()> &settle,
                     double *settleMs = nullptr) const;
    double median(const std::function<double(int tick)> &measureTick, int firstTick) const;
    // Ticks firstTick… into `cache`, each followed by the same tick into `bare`.
    Case measure(cvc::ObjectCache *cache, cvc::ObjectCache *bare, int perTurn, const std::function<void()> &settle,
                 int firstTick) const;

    int m_objects;
    int m_ticks;
    int m_eventsPerTurn;
    QList<QJsonObject> m_loaded;
};

} // namespace cvc::bench
