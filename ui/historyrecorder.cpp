#include "historyrecorder.h"

#include "history/historystore.h"
#include "holding.h"
#include "objectcache.h"

namespace cvc::ui {

HistoryRecorder::HistoryRecorder(HistoryStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

void HistoryRecorder::setCache(ObjectCache *cache)
{
    if (m_cache)
        disconnect(m_cache, nullptr, this, nullptr);
    m_cache = cache;
    if (!cache)
        return;
    connect(cache, &ObjectCache::objectAdded, this,
            [this](const QString &, const QJsonObject &object) { record(object, {}); });
    connect(cache, &ObjectCache::objectModified, this,
            [this](const QString &, const QJsonObject &object, const QJsonObject &previous) { record(object, previous); });
    connect(cache, &ObjectCache::objectDeleted, this, [this](const QString &key, const QJsonObject &) {
        if (m_store && m_store->isOpen())
            m_store->markDeleted(key, QDateTime::currentDateTimeUtc());
    });
}

void HistoryRecorder::record(const QJsonObject &object, const QJsonObject &previous)
{
    if (!m_store || !m_store->isOpen())
        return;
    const Holding now = Holding::fromObject(object);
    if (!now.hasAmount)
        return;
    const Holding before = previous.isEmpty() ? Holding() : Holding::fromObject(previous);
    const QDateTime seen = QDateTime::currentDateTimeUtc();
    if (!previous.isEmpty() && (before.amount != now.amount || before.coin != now.coin))
        m_store->recordAmount(now.key, now.uid, now.coin, now.amount, seen);
    if (!now.hasValue || !now.updated.isValid() || !now.hasPrice)
        return;
    if (!previous.isEmpty() && before.updated == now.updated && before.valueText == now.valueText)
        return;
    HistorySample sample;
    sample.time = now.updated;
    sample.key = now.key;
    sample.uid = now.uid;
    sample.coin = now.coin;
    sample.amount = now.amount;
    sample.price = now.price;
    sample.value = now.value;
    m_store->addSample(sample);
}

} // namespace cvc::ui
