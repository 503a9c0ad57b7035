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
// model, the proxy, the views and the totals are timed.
class TickBenchmark : public QObject
{
    Q_OBJECT
public:
    struct Figures
    {
        int objects = 0;
        int ticks = 0;
        double cacheOnlyMs = 0;     // the same events into an ObjectCache nobody listens to
        double modelOnlyMs = 0;     // HoldingsModel on that cache, no proxy, views or totals
        double byNameMs = 0;        // the full stack, table sorted by name (rows stay put)
        double byValueMs = 0;       // sorted by value (rows move as values change)
        double resetMs = 0;         // a model reset of the same data with the same views
        double loadMs = 0;          // first fill of the cache with the views attached
    };

    TickBenchmark(int objects, int ticks, QObject *parent = nullptr);

    Figures run();

    // N CVCs as a LIST returns them once the operator valued them at the example prices.
    static QList<QJsonObject> loadedObjects(int objects);

private:
    // The events of tick `tick`: annotation first, status second, for every CVC.
    QList<QPair<QString, QJsonObject>> tickEvents(int tick) const;
    double applyTick(cvc::ObjectCache *cache, int tick, const std::function<void()> &settle) const;
    double median(const std::function<double(int tick)> &measureTick, int firstTick) const;

    int m_objects;
    int m_ticks;
    QList<QJsonObject> m_loaded;
};

} // namespace cvc::bench
