#include "dashboard/historyrecorder.h"

#include "history/historystore.h"
#include "dashboard/holding.h"
#include "cvc/cvccodec.h"
#include "kube/objectcache.h"

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
    m_seen.clear();
    if (!cache)
        return;
    // The CVC is read typed from the cache, not from the signal's JSON: the dashboard's cache
    // keeps CVCs through CvcCodec, and reading that costs nothing.
    connect(cache, &ObjectCache::objectAdded, this, [this](const QString &key) { record(key); });
    connect(cache, &ObjectCache::objectModified, this, [this](const QString &key) { record(key); });
    connect(cache, &ObjectCache::objectDeleted, this, [this](const QString &key) {
        m_seen.remove(key);
        if (m_store && m_store->isOpen())
            m_store->markDeleted(key, QDateTime::currentDateTimeUtc());
    });
}

void HistoryRecorder::record(const QString &key)
{
    if (!m_store || !m_store->isOpen() || !m_cache)
        return;
    const CryptoValueCalculator cvc = CvcCodec::read(*m_cache, key);
    if (!cvc.spec.hasNumericAmount())
        return;
    Seen now{cvc.spec.coin, cvc.spec.amount, cvc.status.lastUpdated.value_or(QString()), cvc.value.value_or(QString())};
    const auto before = m_seen.constFind(key);
    const bool known = before != m_seen.constEnd();
    const QDateTime seen = QDateTime::currentDateTimeUtc();
    if (known && (before->amount != now.amount || before->coin != now.coin))
        m_store->recordAmount(key, cvc.uid, now.coin, now.amount, seen);
    const bool revalued = !known || before->lastUpdated != now.lastUpdated || before->value != now.value;
    m_seen.insert(key, now);
    if (!revalued)
        return;
    const Holding holding = Holding::fromCvc(cvc);
    if (!holding.hasValue || !holding.updated.isValid() || !holding.hasPrice)
        return;
    HistorySample sample;
    sample.time = holding.updated;
    sample.key = key;
    sample.uid = cvc.uid;
    sample.coin = cvc.spec.coin;
    sample.amount = cvc.spec.amount;
    sample.price = holding.price;
    sample.value = holding.value;
    m_store->addSample(sample);
}

} // namespace cvc::ui
