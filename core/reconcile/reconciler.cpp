#include "reconcile/reconciler.h"

#include "cvc/cvccodec.h"
#include "kube/kubeclient.h"
#include "kube/objectcache.h"
#include "prices/pricefeed.h"
#include "prices/pricesource.h"
#include "reconcile/eventrecorder.h"

#include <QUuid>

namespace cvc {

namespace {

// "CoinGecko, DefiLlama, Coinbase": the sources a message is about, as people know them.
QString sourceNames(const QStringList &ids)
{
    QStringList names;
    for (const QString &id : ids)
        names.append(PriceSource::displayNameOf(id));
    return names.join(QStringLiteral(", "));
}

QString rvOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString();
}

// A CVC nobody has valued yet, or whose spec changed since the last valuation: someone is
// waiting for it, so it goes ahead of the routine revaluation of the others.
bool awaitsValuation(const CryptoValueCalculator &c)
{
    return !c.value || c.status.observedGeneration.value_or(-1) != c.generation;
}

bool isTransientOrConflict(const KubeError &e)
{
    return e.isTransport() || e.isConflict() || e.httpStatus == 429 || e.httpStatus >= 500
           || e.httpStatus == 408;
}

} // namespace

Reconciler::Reconciler(KubeClient *client, ObjectCache *cache, PriceFeed *feed, EventRecorder *events,
                       const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cache(cache)
    , m_feed(feed)
    , m_events(events)
    , m_options(options)
    , m_queue(new WorkQueue(options.concurrency, this))
{
    m_queue->setBackoff(options.backoffBaseMs, options.backoffMaxMs);
    m_queue->setHandler([this](const QString &key, WorkQueue::Finish finish) { process(key, std::move(finish)); });

    // A cache that listed before this reconciler existed (the dashboard's one informer, a loop
    // restarted with new settings) sends no change that would name its coins to the feed.
    for (const QString &key : cache->keys())
        track(key, CvcCodec::read(*cache, key));
    updateCoins();
    connect(cache, &ObjectCache::objectAdded, this, &Reconciler::onObjectChanged);
    connect(cache, &ObjectCache::objectModified, this, &Reconciler::onObjectChanged);
    connect(cache, &ObjectCache::objectDeleted, this,
            [this](const QString &key, const QJsonObject &) { onObjectDeleted(key); });
    connect(cache, &ObjectCache::synced, this, [this] {
        updateCoins();
        enqueueAll();
    });
    connect(feed, &PriceFeed::quotesUpdated, this, &Reconciler::onQuotesUpdated);
    connect(feed, &PriceFeed::feedFailed, this, &Reconciler::onFeedFailed);
    connect(feed, &PriceFeed::feedRecovered, this, &Reconciler::onFeedRecovered);
    connect(feed, &PriceFeed::stateChanged, this, [this](PriceFeed::State) { enqueueAll(); });
}

Reconciler::~Reconciler() = default;

void Reconciler::setStatusSubresource(bool hasSubresource)
{
    if (m_options.statusSubresource == hasSubresource)
        return;
    // The CRD was replaced: learn afresh where status goes and whether the schema keeps it.
    m_options.statusSubresource = hasSubresource;
    m_statusPruned = false;
    m_written.clear();
    enqueueAll();
}

void Reconciler::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (active) {
        m_writeEpoch = new QObject(this);
        m_queue->resume();
        enqueueAll();
    } else {
        delete m_writeEpoch;
        m_writeEpoch = nullptr;
        m_queue->shutDown();
        m_written.clear();
    }
}

void Reconciler::enqueue(const QString &key)
{
    if (m_active)
        m_queue->add(key);
}

void Reconciler::enqueueAll()
{
    if (!m_active || !m_cache || !m_cache->hasSynced())
        return;
    const QStringList keys = m_cache->keys();
    for (const QString &key : keys)
        m_queue->add(key, m_awaiting.contains(key) ? WorkQueue::Priority::Urgent : WorkQueue::Priority::Bulk);
    // Spread the routine pass over part of the interval instead of sending it as one burst, but
    // never so slowly that a small set of CVCs takes long.
    if (m_options.revaluationSpreadMs > 0)
        m_queue->setBulkRate(std::max(m_options.minimumBulkRate, m_queue->bulkDepth() * 1000.0 / m_options.revaluationSpreadMs));
}

Reconciler::Counters Reconciler::counters() const
{
    Counters c = m_counters;
    c.invalidSpecs = m_invalid.size();
    return c;
}

int Reconciler::queueDepth() const
{
    return m_queue->depth();
}

FeedHealth Reconciler::feedHealth() const
{
    FeedHealth h;
    if (!m_feed)
        return h;
    switch (m_feed->state()) {
    case PriceFeed::State::Idle:
    case PriceFeed::State::Ok:
        break;
    case PriceFeed::State::RateLimited:
        h.stale = true;
        h.reason = QStringLiteral("RateLimited");
        // The feed's reason names every source and what each said; the first one is the 429.
        h.message = QStringLiteral("no price source answered: %1. Values are kept from the last price and the next "
                                   "call waits for Retry-After; a slower interval or a CoinGecko API key helps")
                        .arg(m_feed->reason());
        break;
    case PriceFeed::State::Failing:
        h.stale = true;
        h.reason = QStringLiteral("PriceFeedFailing");
        h.message = QStringLiteral("price sources are failing (%1); values are kept from the last price and calls "
                                   "are retried with backoff").arg(m_feed->reason());
        break;
    }
    return h;
}

void Reconciler::onObjectChanged(const QString &key, const QJsonObject &object)
{
    // The watch caught up with (or overtook) our last write: the cache is the truth again.
    // When it shows exactly what we wrote, that is our own write coming back: the object is
    // what this reconciler wanted for the inputs it had, and a change of inputs enqueues it by
    // itself, so reconciling it again would only compute the same answer (half of all work
    // while 10,000 CVCs are revalued).
    bool ownWrite = false;
    const auto it = m_written.find(key);
    if (it != m_written.end() && rvOf(object) != it->baseResourceVersion) {
        ownWrite = rvOf(object) == it->object.resourceVersion;
        m_written.erase(it);
    }
    if (track(key, CryptoValueCalculator::fromJson(object)))
        updateCoins();
    if (!ownWrite)
        enqueue(key);
}

void Reconciler::onObjectDeleted(const QString &key)
{
    m_written.remove(key);
    m_invalid.remove(key);
    m_queue->forget(key);
    m_awaiting.remove(key);
    if (trackCoin(key, QString()))
        updateCoins();
}

bool Reconciler::track(const QString &key, const CryptoValueCalculator &cvc)
{
    if (awaitsValuation(cvc))
        m_awaiting.insert(key);
    else
        m_awaiting.remove(key);
    return trackCoin(key, cvc.spec.coinIsString ? cvc.spec.coin : QString());
}

bool Reconciler::trackCoin(const QString &key, const QString &coin)
{
    const auto it = m_coinOfKey.find(key);
    const QString old = it == m_coinOfKey.end() ? QString() : *it;
    if (old == coin)
        return false;
    if (!old.isEmpty()) {
        auto use = m_coinUse.find(old);
        if (use != m_coinUse.end() && --*use <= 0)
            m_coinUse.erase(use);
    }
    if (coin.isEmpty()) {
        m_coinOfKey.remove(key);
    } else {
        m_coinOfKey.insert(key, coin);
        ++m_coinUse[coin];
    }
    return true;
}

void Reconciler::updateCoins()
{
    if (!m_cache || !m_feed)
        return;
    QStringList list;
    for (auto it = m_coinUse.cbegin(); it != m_coinUse.cend(); ++it) {
        if (!m_unknownCoins.contains(it.key()))
            list.append(it.key());
    }
    list.sort();
    if (list != m_feed->coins())
        m_feed->setCoins(list);
}

void Reconciler::onQuotesUpdated()
{
    // A coin the answer lacked and that was never priced is not a CoinGecko id: stop asking for
    // it (so it cannot keep the feed failing for everyone) and mark its CVCs InvalidSpec.
    bool changed = false;
    for (const QString &coin : m_feed->missingCoins()) {
        if (!m_feed->quote(coin).isValid() && !m_unknownCoins.contains(coin)) {
            m_unknownCoins.insert(coin);
            changed = true;
            Q_EMIT logMessage(QStringLiteral("no price source (%1) knows coin \"%2\" (coins are CoinGecko ids); CVCs using "
                                             "it get InvalidSpec").arg(sourceNames(m_feed->chain()->ids()), coin));
        }
    }
    if (changed)
        updateCoins();
    enqueueAll();
}

void Reconciler::recordFeedEvent(const QString &type, const QString &reason, const QString &message,
                                 const QStringList &coins)
{
    if (!m_events || !m_active || !m_cache)
        return;
    int n = 0;
    const QStringList keys = m_cache->keys();
    for (const QString &key : keys) {
        const CryptoValueCalculator cvc = CvcCodec::read(*m_cache, key);
        if (!coins.isEmpty() && !(cvc.spec.coinIsString && coins.contains(cvc.spec.coin)))
            continue;
        if (cvc.status.condition(QStringLiteral("Ready")) || cvc.value) {
            if (++n > m_options.feedEventLimit)
                break;
            m_events->record(cvc.objectReference(), type, reason, message);
        }
    }
}

void Reconciler::onFeedFailed(const QString &reason)
{
    Q_EMIT logMessage(QStringLiteral("price feed lost: %1").arg(reason));
    enqueueAll();
    // Decide after this turn of the event loop: a failure caused only by a coin CoinGecko does
    // not know is undone at once (onQuotesUpdated drops the coin) and is no news for anyone.
    QMetaObject::invokeMethod(this, [this, reason] {
        if (!m_feed || m_feedLostAnnounced)
            return;
        const PriceFeed::State state = m_feed->state();
        if (state != PriceFeed::State::Failing && state != PriceFeed::State::RateLimited)
            return;
        m_feedLostAnnounced = true;
        recordFeedEvent(QStringLiteral("Warning"), QStringLiteral("PriceFeedLost"),
                        QStringLiteral("prices are unavailable from every source (%1); the value is kept and marked stale").arg(reason));
    }, Qt::QueuedConnection);
}

void Reconciler::onFeedRecovered()
{
    Q_EMIT logMessage(QStringLiteral("price feed recovered"));
    if (m_feedLostAnnounced) {
        m_feedLostAnnounced = false;
        recordFeedEvent(QStringLiteral("Normal"), QStringLiteral("PriceFeedRecovered"),
                        QStringLiteral("prices are available again from %1; the value is current").arg(m_feed->sourcesText()));
    }
    enqueueAll();
}

void Reconciler::process(const QString &key, WorkQueue::Finish finish)
{
    ++m_counters.reconciles;
    // controller-runtime's reconcileID: one per run, so the lines of one run are found together.
    const QString reconcileId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    Report report = [this, key, reconcileId, finish = std::move(finish)](const ReconcileResult &result) {
        Q_EMIT reconcileFinished(key, reconcileId, result);
        finish(result);
    };
    if (!m_active || !m_cache || !m_feed || !m_client) {
        report(ReconcileResult::done());
        return;
    }
    if (!m_cache->contains(key)) {
        m_written.remove(key);
        report(ReconcileResult::done());
        return;
    }
    // Until the watch catches up with our last write, the cache is older than what we wrote;
    // once it moved on from what that write replaced, it is the newest truth again.
    CryptoValueCalculator cvc = CvcCodec::read(*m_cache, key);
    if (const auto it = m_written.find(key); it != m_written.end()) {
        if (cvc.resourceVersion == it->baseResourceVersion)
            cvc = it->object;
        else
            m_written.erase(it);
    }
    const QString coin = cvc.spec.coinIsString ? cvc.spec.coin : QString();
    std::optional<PriceInput> input;
    const Quote q = m_feed->quote(coin);
    if (q.isValid()) {
        PriceInput p;
        p.price = q.price;
        p.change24h = q.change24h.value_or(std::nan(""));
        p.lastUpdatedAt = q.lastUpdatedAt;
        p.source = q.source;
        input = p;
    }
    if (!q.isValid() && m_feed->state() == PriceFeed::State::Idle && !m_unknownCoins.contains(coin)) {
        // The first price call has not answered yet: saying "no price" now would only flip
        // Ready back and forth on every start. The answer enqueues everything again.
        report(ReconcileResult::done());
        return;
    }
    FeedHealth health = feedHealth();
    if (!health.stale && q.isValid() && q.stale) {
        health.stale = true;
        health.reason = QStringLiteral("PriceNotConfirmed");
        health.message = QStringLiteral("no answer of the latest tick included %1 (asked: %2); the last price, from %3, is kept")
                             .arg(coin, sourceNames(m_feed->chain()->ids()), PriceSource::displayNameOf(q.source));
    }
    const bool coinKnown = coin.isEmpty() || !m_unknownCoins.contains(coin);
    const DesiredState desired = DesiredState::compute(cvc, input, health, coinKnown,
                                                       QDateTime::currentDateTimeUtc());
    const WritePlan plan = WritePlan::plan(cvc, desired, statusTarget());
    if (plan.isEmpty()) {
        ++m_counters.unchanged;
        report(ReconcileResult::done());
        return;
    }
    const bool onMain = plan.main.has_value();
    send(key, cvc, cvc, desired, onMain ? *plan.main : *plan.status, onMain, std::move(report));
}

WritePlan::StatusTarget Reconciler::statusTarget() const
{
    if (m_statusPruned)
        return WritePlan::StatusTarget::None;
    return m_options.statusSubresource ? WritePlan::StatusTarget::Subresource : WritePlan::StatusTarget::MainResource;
}

ReconcileResult Reconciler::failureResult(const QString &key, const KubeError &e)
{
    // Deleted meanwhile: nothing left to value.
    if (e.isNotFound())
        return ReconcileResult::done();
    ++m_counters.writeErrors;
    ++m_counters.reconcileErrors;
    if (e.isConflict())
        ++m_counters.conflicts;
    const QString message = QStringLiteral("writing %1 failed: %2").arg(key, e.toString());
    // A conflict or a server in trouble may pass: retry with backoff. A refusal (403, 422) stays
    // until something changes: the object (its watch event adds it again) or the next tick.
    return isTransientOrConflict(e) ? ReconcileResult::retry(message) : ReconcileResult::terminal(message);
}

void Reconciler::send(const QString &key, const CryptoValueCalculator &before, const CryptoValueCalculator &object,
                      const DesiredState &desired, const PlannedPatch &patch, bool onMain, Report report)
{
    if (!m_writeEpoch) {   // never reached while active; a null context would mean "always deliver"
        report(ReconcileResult::done());
        return;
    }
    WriteOptions options;
    options.fieldManager = m_options.fieldManager;
    m_client->patch(patch.path, PatchType::Merge, patch.body, options, m_writeEpoch,
                    [this, key, before, object, desired, onMain, sentStatus = patch.body.contains(QStringLiteral("status")),
                     report = std::move(report)](const KubeResponse &r) mutable {
        if (!r.ok()) {
            report(failureResult(key, *r.error));
            return;
        }
        ++m_counters.writes;
        if (sentStatus && !r.object.isEmpty() && !r.object.contains(QStringLiteral("status")) && !m_statusPruned) {
            m_statusPruned = true;
            Q_EMIT logMessage(QStringLiteral("the server drops the status written to %1: the CRD's schema has no status "
                                             "(the original CRD). Only the value annotation is written; apply "
                                             "crds/cryptovaluecalculators.yaml for status, CHANGE and conditions.").arg(key));
        }
        // Only what the reconciler reads is kept of the answer, not the whole object with its
        // managedFields: while 10,000 CVCs are revalued, thousands of answers wait here for
        // the watch to catch up.
        const CryptoValueCalculator updated = r.object.isEmpty() ? object : CryptoValueCalculator::fromJson(r.object);
        m_written[key] = Written{m_cache ? CvcCodec::read(*m_cache, key).resourceVersion : QString(), updated};
        if (onMain) {
            // The status patch names the resourceVersion the annotation patch produced.
            const WritePlan next = WritePlan::plan(updated, desired, statusTarget());
            if (next.status) {
                send(key, before, updated, desired, *next.status, false, std::move(report));
                return;
            }
        }
        afterWrite(key, before, desired);
        report(ReconcileResult::done(true));
    });
}

void Reconciler::afterWrite(const QString &key, const CryptoValueCalculator &before, const DesiredState &desired)
{
    if (desired.revalued)
        ++m_counters.valuations;
    if (!desired.specValid) {
        const Condition *old = before.status.condition(QStringLiteral("InvalidSpec"));
        const bool wasInvalid = old && old->isTrue() && old->reason == desired.invalidReason;
        m_invalid.insert(key);
        if (!wasInvalid && m_events)
            m_events->record(before.objectReference(), QStringLiteral("Warning"), QStringLiteral("InvalidSpec"),
                             desired.invalidMessage);
        return;
    }
    // A valuation, even the first, posts no Event: the value and Ready already tell it, Events
    // are for what a person must act on, and a new CVC then costs two writes (annotation, status).
    m_invalid.remove(key);
}

} // namespace cvc
