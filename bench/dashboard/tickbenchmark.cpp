#include "tickbenchmark.h"

#include "cvcpopulation.h"
#include "holdingsmodel.h"
#include "holdingsstack.h"
#include "objectcache.h"

#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <vector>

namespace cvc::bench {

namespace {

const QString kNamespace = QStringLiteral("bench");

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
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

TickBenchmark::TickBenchmark(int objects, int ticks, QObject *parent)
    : QObject(parent)
    , m_objects(objects)
    , m_ticks(std::max(1, ticks))
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

double TickBenchmark::applyTick(ObjectCache *cache, int tick, const std::function<void()> &settle) const
{
    const QList<QPair<QString, QJsonObject>> events = tickEvents(tick);
    const Clock::time_point start = Clock::now();
    for (const auto &[type, object] : events)
        cache->applyEvent(type, object);
    if (settle)
        settle();
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

TickBenchmark::Figures TickBenchmark::run()
{
    Figures figures;
    figures.objects = m_objects;
    figures.ticks = m_ticks;

    {
        ObjectCache bare;
        bare.replaceAll(m_loaded, QString::number(m_objects));
        figures.cacheOnlyMs = median([&](int tick) { return applyTick(&bare, tick, {}); }, 1);
    }

    {
        // The model alone, without proxy, views or totals: splits the cost between model and views.
        ObjectCache modelCache;
        modelCache.replaceAll(m_loaded, QString::number(m_objects));
        ui::HoldingsModel model;
        model.setCache(&modelCache);
        figures.modelOnlyMs = median([&](int tick) { return applyTick(&modelCache, tick, {}); }, 1);
    }

    ObjectCache cache;
    HoldingsStack stack(&cache);
    const Clock::time_point start = Clock::now();
    cache.replaceAll(m_loaded, QString::number(m_objects));
    stack.settle();
    figures.loadMs = msSince(start);

    // Sorted by name: the app's default; a tick changes values, not the order.
    stack.sortBy(ui::HoldingsModel::NameColumn);
    figures.byNameMs = median([&](int tick) { return applyTick(&cache, tick, [&] { stack.settle(); }); }, 1);
    // Sorted by value, largest first: every changed value may move its row.
    stack.sortBy(ui::HoldingsModel::ValueColumn);
    figures.byValueMs = median([&](int tick) { return applyTick(&cache, tick, [&] { stack.settle(); }); }, 1 + m_ticks);

    // What a reset per tick would cost the same views: the model rebuilt from the cache.
    stack.sortBy(ui::HoldingsModel::NameColumn);
    figures.resetMs = median([&](int) {
        const Clock::time_point begin = Clock::now();
        stack.model()->setCache(&cache);
        stack.settle();
        return msSince(begin);
    }, 0);
    return figures;
}

} // namespace cvc::bench
