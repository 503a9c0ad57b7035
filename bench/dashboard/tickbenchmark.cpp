#include "tickbenchmark.h"

#include "cvcpopulation.h"
#include "cvc/cvccodec.h"
#include "dashboard/holdingsmodel.h"
#include "holdingsstack.h"
#include "kube/objectcache.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <vector>

namespace cvc::bench {

namespace {

const QString kNamespace = QStringLiteral("bench");

// CPU time of this process, not wall time: on a machine shared with builds the wall clock counts
// their work too. The offscreen platform paints in this process, so repaints count.
double cpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double msSince(double start)
{
    return cpuMs() - start;
}

// The object as the server holds it: what a LIST returns, with server-set metadata.
QJsonObject stored(int index, qint64 resourceVersion)
{
    QJsonObject object = CvcPopulation::manifest(kNamespace, index);
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("uid"), QStringLiteral("00000000-0000-4000-8000-%1").arg(index, 12, 10, QLatin1Char('0')));
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(resourceVersion));
    metadata.insert(QStringLiteral("generation"), 1);
    metadata.insert(QStringLiteral("creationTimestamp"), QStringLiteral("2026-01-01T00:00:00Z"));
    object.insert(QStringLiteral("metadata"), metadata);
    return object;
}

QJsonObject withResourceVersion(QJsonObject object, qint64 resourceVersion)
{
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(resourceVersion));
    object.insert(QStringLiteral("metadata"), metadata);
    return object;
}

// Tick 0 is the loaded state; each later tick moves every price by a different step.
double priceFactor(int tick)
{
    return 1.0 + 0.01 * tick;
}

} // namespace

TickBenchmark::TickBenchmark(int objects, int ticks, int eventsPerTurn, QObject *parent)
    : QObject(parent)
    , m_objects(objects)
    , m_ticks(std::max(1, ticks))
    , m_eventsPerTurn(std::max(1, eventsPerTurn))
    , m_loaded(loadedObjects(objects))
{
}

QList<QJsonObject> TickBenchmark::loadedObjects(int objects)
{
    const QHash<QString, double> prices = CvcPopulation::prices(priceFactor(0));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<QJsonObject> loaded;
    loaded.reserve(objects);
    for (int i = 0; i < objects; ++i)
        loaded.append(CvcPopulation::valued(stored(i, i + 1), prices.value(CvcPopulation::coin(i)), now));
    return loaded;
}

QList<QPair<QString, QJsonObject>> TickBenchmark::tickEvents(int tick) const
{
    const QHash<QString, double> prices = CvcPopulation::prices(priceFactor(tick));
    const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(60 * tick);
    QList<QPair<QString, QJsonObject>> events;
    events.reserve(m_objects * 2);
    qint64 resourceVersion = qint64(m_objects) + 2LL * m_objects * tick;
    for (int i = 0; i < m_objects; ++i) {
        // Each tick starts from the loaded state, so any tick can follow any other.
        const QJsonObject before = m_loaded.at(i);
        const QJsonObject after = CvcPopulation::valued(before, prices.value(CvcPopulation::coin(i)), now);
        QJsonObject annotated = before;
        annotated.insert(QStringLiteral("metadata"), after.value(QStringLiteral("metadata")));
        events.append({QStringLiteral("MODIFIED"), withResourceVersion(annotated, ++resourceVersion)});
        events.append({QStringLiteral("MODIFIED"), withResourceVersion(after, ++resourceVersion)});
    }
    return events;
}

double TickBenchmark::applyTick(ObjectCache *cache, int tick, int perTurn, const std::function<void()> &settle,
                                double *settleMs) const
{
    const QList<QPair<QString, QJsonObject>> events = tickEvents(tick);
    const double start = cpuMs();
    if (perTurn <= 0) {
        for (const auto &event : events)
            cache->applyEvent(event.first, event.second);
    } else {
        // As the watch stream delivers a revaluation that its writer spreads over time: a read
        // of perTurn events every turnGapMs, the rest of the loop (flushes, the totals' and the
        // proxy's timers, repaints) running in between. Waiting costs no CPU time.
        QEventLoop loop;
        QTimer turns;
        turns.setInterval(turnGapMs);
        qsizetype next = 0;
        connect(&turns, &QTimer::timeout, &loop, [&] {
            for (const qsizetype end = std::min(next + perTurn, events.size()); next < end; ++next)
                cache->applyEvent(events.at(next).first, events.at(next).second);
            if (next == events.size())
                loop.quit();
        });
        turns.start();
        loop.exec();
    }
    const double lastEvent = cpuMs();
    if (settle)
        settle();
    if (settleMs)
        *settleMs = msSince(lastEvent);
    return msSince(start);
}

double TickBenchmark::median(const std::function<double(int tick)> &measureTick, int firstTick) const
{
    std::vector<double> times;
    for (int i = 0; i < m_ticks; ++i)
        times.push_back(measureTick(firstTick + i));
    std::sort(times.begin(), times.end());
    return times.at(times.size() / 2);
}

TickBenchmark::Case TickBenchmark::measure(ObjectCache *cache, ObjectCache *bare, int perTurn,
                                           const std::function<void()> &settle, int firstTick) const
{
    std::vector<double> totals;
    std::vector<double> over;
    std::vector<double> after;
    for (int i = 0; i < m_ticks; ++i) {
        double settled = 0;
        const double total = applyTick(cache, firstTick + i, perTurn, settle, &settled);
        totals.push_back(total);
        after.push_back(settled);
        over.push_back(total - applyTick(bare, firstTick + i, 0, {}));
    }
    const auto middle = [](std::vector<double> &times) {
        std::sort(times.begin(), times.end());
        return times.at(times.size() / 2);
    };
    return {middle(totals), middle(over), middle(after)};
}

void TickBenchmark::storeLikeTheDashboard(ObjectCache *cache)
{
    // ClusterSession keeps CVCs typed; a bench of whole JSON objects would time another program.
    cache->setCodec(std::make_shared<CvcCodec>());
}

TickBenchmark::Figures TickBenchmark::run()
{
    Figures figures;
    figures.objects = m_objects;
    figures.ticks = m_ticks;
    figures.eventsPerTurn = m_eventsPerTurn;

    ObjectCache bare;
    storeLikeTheDashboard(&bare);
    bare.replaceAll(m_loaded, QString::number(m_objects));
    figures.cacheOnlyMs = median([&](int tick) { return applyTick(&bare, tick, 0, {}); }, 1);

    {
        // The model alone, without proxy, views or totals: splits the cost between model and views.
        ObjectCache modelCache;
        storeLikeTheDashboard(&modelCache);
        modelCache.replaceAll(m_loaded, QString::number(m_objects));
        ui::HoldingsModel model;
        model.setCache(&modelCache);
        // Until the model has applied the tick (it does so at the end of the turn).
        int flushes = 0;
        connect(&model, &ui::HoldingsModel::holdingsChanged, this, [&flushes] { ++flushes; });
        const auto settleModel = [&flushes, &model] {
            const int before = flushes;
            while (model.hasPendingChanges())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            for (int pass = 0; pass < 100 && flushes == before; ++pass)
                QCoreApplication::processEvents();
        };
        figures.modelOnly = measure(&modelCache, &bare, 0, settleModel, 1 + m_ticks);
    }

    ObjectCache cache;
    storeLikeTheDashboard(&cache);
    HoldingsStack stack(&cache);
    const double start = cpuMs();
    cache.replaceAll(m_loaded, QString::number(m_objects));
    stack.settle();
    figures.loadMs = msSince(start);

    // Sorted by name: the app's default; a tick changes values, not the order.
    const auto settleStack = [&] { stack.settle(); };
    stack.sortBy(ui::HoldingsModel::NameColumn);
    figures.byName = measure(&cache, &bare, 0, settleStack, 1 + 2 * m_ticks);
    figures.byNameTrickle = measure(&cache, &bare, m_eventsPerTurn, settleStack, 1 + 3 * m_ticks);
    // Sorted by value, largest first: every changed value may move its row.
    stack.sortBy(ui::HoldingsModel::ValueColumn);
    figures.byValue = measure(&cache, &bare, 0, settleStack, 1 + 4 * m_ticks);
    figures.byValueTrickle = measure(&cache, &bare, m_eventsPerTurn, settleStack, 1 + 5 * m_ticks);

    // What a reset per tick would cost the same views: the model rebuilt from the cache.
    stack.sortBy(ui::HoldingsModel::NameColumn);
    figures.resetMs = median([&](int) {
        const double begin = cpuMs();
        stack.model()->setCache(&cache);
        stack.settle();
        return msSince(begin);
    }, 0);
    return figures;
}

} // namespace cvc::bench
