#include "operator/operatorruntime.h"
#include "operator/clientmetrics.h"
#include "operator/controllermetrics.h"
#include "operator/cvcvaluemetrics.h"
#include "operator/deprecatedmetrics.h"

#include "prices/coingeckoclient.h"
#include "reconcile/eventrecorder.h"
#include "operator/healthserver.h"
#include "kube/informer.h"
#include "kube/kubeclient.h"
#include "lease/leaseelector.h"
#include "lease/leasenamespaceresolver.h"
#include "kube/objectcache.h"
#include "prices/pricefeed.h"
#include "operator/pricemetrics.h"
#include "prices/coingeckokeyusage.h"
#include "prices/pricecallledger.h"
#include "prices/pricesourcesettings.h"
#include "operator/prometheustext.h"
#include "kube/watcher.h"

#include <QJsonObject>
#include <QMetaEnum>
#include <QSet>
#include <QTimer>

#include <memory>
#include <utility>

namespace cvc {

OperatorRuntime::OperatorRuntime(Informer *cvcs, const OperatorOptions &options, QObject *parent)
    : QObject(parent)
    , m_informer(cvcs)
    , m_client(cvcs->client())
    , m_options(options)
    , m_discoveryTimer(new QTimer(this))
{
    KubeClient *client = cvcs->client();
    connect(cvcs, &Informer::resourceTypeDiscovered, this, [this](const ResourceType &t) { onResourceType(t, false); });
    connect(cvcs, &Informer::resourceTypeChanged, this, [this](const ResourceType &t) { onResourceType(t, true); });
    connect(cvcs, &Informer::objectSkipped, this, [this](const QJsonObject &identity, const QString &reason) {
        ++m_skippedObjects;
        Q_EMIT logMessage(QStringLiteral("warning"), reason);
        // Only the leader writes, Events included; the object is named in the log either way.
        if (m_leader)
            m_events->record(identity, QStringLiteral("Warning"), QStringLiteral("Unreadable"), reason);
    });
    // A CVC list or watch the server refuses (401, 403) will not mend itself: say so once, plainly
    // (the watcher keeps retrying, so a fixed RBAC is picked up without a restart).
    connect(cvcs->cache(), &ObjectCache::connectionStateChanged, this, [this](const ConnectionState &state) {
        if (state.phase == ConnectionState::Phase::Live)
            m_lastWatchError.clear();
        if (state.phase != ConnectionState::Phase::Failed || !state.error || state.error->toString() == m_lastWatchError)
            return;
        m_lastWatchError = state.error->toString();
        QString text = QStringLiteral("cannot read CVCs, so none is valued: ") + state.reason;
        if (state.error->httpStatus == 403)
            text += QStringLiteral(" (grant list and watch on cryptovaluecalculators.crypto.tools, as deploy/base/rbac.yaml does)");
        Q_EMIT logMessage(QStringLiteral("error"), text);
    });
    m_options.lease.fieldManager = m_options.fieldManager;
    m_explicitLeaseNamespace = m_options.lease.namespaceName;
    m_discoveryTimer->setSingleShot(true);
    connect(m_discoveryTimer, &QTimer::timeout, this, &OperatorRuntime::discover);

    // The client exists even when "coingecko" is not among the sources: the dashboard's history
    // goes through it.
    m_coingecko = new CoinGeckoClient(m_options.coingecko, this);
    PriceSourceSettings sources = m_options.priceSources;
    sources.requestTimeout = m_options.coingecko.requestTimeout;
    m_feed = new PriceFeed(sources.createChain(m_coingecko), m_coingecko, this);
    if (m_options.interval.count() > 0) {
        m_feed->setInterval(m_options.interval);
        // Calls are spaced at least this far apart; never more than the interval itself.
        m_feed->setMinimumSpacing(std::min(m_options.interval, std::chrono::milliseconds(10000)));
    }
    m_askedInterval = m_feed->interval();
    // The client counts its calls (history's too): one ledger, one count.
    m_ledger = m_coingecko->callLedger();
    m_ledgerError = m_coingecko->ledgerError();
    m_account = m_coingecko->ledgerAccount();
    m_governor = BudgetGovernor(m_coingecko->plan(), m_coingecko->plan().isPlanHost(m_coingecko->root()),
                                BudgetGovernor::DefaultReserve, m_options.coingecko.monthlyCredits);
    connect(m_coingecko, &CoinGeckoClient::callFinished, this, [this](const CoinGeckoResult &result) {
        // Only a call CoinGecko answered was counted, and only a new count moves the governor.
        if (result.httpStatus() > 0)
            governInterval();
    });
    m_keyUsageTimer = new QTimer(this);
    // Hourly: a credit an hour is nothing on a Pro plan, and the count stays close to CoinGecko's.
    m_keyUsageTimer->setInterval(std::chrono::hours(1));
    connect(m_keyUsageTimer, &QTimer::timeout, this, &OperatorRuntime::checkKeyUsage);
    connect(m_ledger, &PriceCallLedger::saveFailed, this,
            [this](const QString &m) { Q_EMIT logMessage(QStringLiteral("warning"), m); });
    EventRecorder::Options eventOptions;
    eventOptions.component = m_options.component;
    eventOptions.fieldManager = m_options.fieldManager;
    m_events = new EventRecorder(client, eventOptions, this);
    Reconciler::Options reconcilerOptions;
    reconcilerOptions.fieldManager = m_options.fieldManager;
    reconcilerOptions.concurrency = m_options.concurrency;
    // Half the interval by default: the pass is over well before the next price arrives.
    reconcilerOptions.revaluationSpreadMs = int(std::min<qint64>(
        m_options.revaluationSpread.count() >= 0 ? m_options.revaluationSpread.count() : m_feed->interval().count() / 2,
        60 * 60 * 1000));
    m_reconciler = new Reconciler(client, cvcs->cache(), m_feed, m_events, reconcilerOptions, this);
    connect(m_reconciler, &Reconciler::logMessage, this,
            [this](const QString &m) { Q_EMIT logMessage(QStringLiteral("info"), m); });
    connect(m_events, &EventRecorder::recordFailed, this,
            [this](const QString &m) { Q_EMIT logMessage(QStringLiteral("warning"), m); });
    connect(m_feed, &PriceFeed::feedFailed, this, [this](const QString &reason) {
        Q_EMIT logMessage(QStringLiteral("warning"), QStringLiteral("price feed failing: %1").arg(reason));
    });
    connect(m_feed, &PriceFeed::feedRecovered, this,
            [this] { Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("price feed recovered")); });
    connect(m_feed, &PriceFeed::sourcesChanged, this, [this](const QString &summary) {
        Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("prices now from %1").arg(summary));
        announceSourceSwitch();
    });

    if (m_options.leaderElection) {
        m_leaseClient = new KubeClient(client->config(), this);
        m_leaseClient->setUserAgent(client->userAgent());
        m_leaseClient->setRequestCounts(client->requestCounts());  // one rest_client_requests_total, as in client-go
        m_leaseClient->setRateLimit(5, 10);   // client-go's defaults; a renewal needs at most two requests
        m_leaseClient->setRequestTimeout(m_options.lease.renewDeadlineMs);
        m_elector = new LeaseElector(m_leaseClient, m_options.lease, this);
        connect(m_elector, &LeaseElector::startedLeading, this, [this] { setLeader(true); });
        connect(m_elector, &LeaseElector::stoppedLeading, this, [this] { setLeader(false); });
        connect(m_elector, &LeaseElector::holderChanged, this, [this](const QString &holder) {
            Q_EMIT logMessage(QStringLiteral("info"),
                              holder.isEmpty() ? QStringLiteral("lease %1/%2 is free").arg(m_options.lease.namespaceName, m_options.lease.name)
                                               : QStringLiteral("lease %1/%2 is held by %3").arg(m_options.lease.namespaceName, m_options.lease.name, holder));
            Q_EMIT leaseHolderChanged(holder);
        });
        connect(m_elector, &LeaseElector::attemptFailed, this, [this](const QString &message) {
            // Said once per distinct trouble (e.g. the lease namespace does not exist), not per retry.
            if (message == m_lastLeaseError)
                return;
            m_lastLeaseError = message;
            Q_EMIT logMessage(QStringLiteral("warning"), QStringLiteral("leader election: %1; retrying").arg(message));
        });
        connect(m_elector, &LeaseElector::startedLeading, this, [this] { m_lastLeaseError.clear(); });
        connect(m_elector, &LeaseElector::forbidden, this, [this](const QString &message) {
            setLeader(false);
            Q_EMIT logMessage(QStringLiteral("error"), message);
            Q_EMIT leaseForbidden(message);
        });
    }
}

OperatorRuntime::~OperatorRuntime() = default;

ObjectCache *OperatorRuntime::cache() const
{
    return m_informer ? m_informer->cache() : nullptr;
}

Watcher *OperatorRuntime::watcher() const
{
    return m_informer ? m_informer->watcher() : nullptr;
}

QString OperatorRuntime::configurationError() const
{
    if (m_elector) {
        const QString e = m_options.lease.validate();
        if (!e.isEmpty())
            return e;
    }
    // Every source in the chain, CoinGecko's plan, key and root among them when it is listed.
    return m_feed->chain()->configurationError();
}

bool OperatorRuntime::isLeader() const
{
    return m_leader;
}

QString OperatorRuntime::identity() const
{
    return m_elector ? m_elector->identity() : QString();
}

QString OperatorRuntime::leaseHolder() const
{
    return m_elector ? m_elector->holderIdentity() : QString();
}

QString OperatorRuntime::leaseText() const
{
    if (!m_elector || !m_leaseResolved)
        return {};
    return m_options.lease.namespaceName + QLatin1Char('/') + m_options.lease.name;
}

quint16 OperatorRuntime::healthPort() const
{
    return m_health ? m_health->port() : 0;
}

void OperatorRuntime::setPhase(Phase phase)
{
    if (m_phase == phase)
        return;
    m_phase = phase;
    Q_EMIT phaseChanged(phase);
}

void OperatorRuntime::setLeader(bool leader)
{
    if (m_leader == leader)
        return;
    m_leader = leader;
    Q_EMIT logMessage(QStringLiteral("info"), leader ? QStringLiteral("became leader (%1): writing values").arg(identity())
                                                     : QStringLiteral("stopped leading: not writing"));
    m_reconciler->setActive(leader && m_phase == Phase::Running);
    if (m_elector && m_options.pricesOnlyWhenLeading && m_phase == Phase::Running) {
        // The new leader's first call comes at once and values nothing before it answers.
        if (leader) {
            m_feed->start();
            checkKeyUsage();
        } else {
            m_feed->stopAndForget();
        }
    }
    if (m_elector && leader) {
        // As client-go's leader election does: an event on the Lease says who writes now.
        m_events->record(leaseReference(), QStringLiteral("Normal"), QStringLiteral("LeaderElection"),
                         QStringLiteral("%1 became leader").arg(identity()));
    }
    Q_EMIT leadershipChanged(leader);
}

QJsonObject OperatorRuntime::leaseReference() const
{
    return QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("Lease")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), m_options.lease.name},
                                                 {QStringLiteral("namespace"), m_options.lease.namespaceName}}}};
}

void OperatorRuntime::announceSourceSwitch()
{
    const auto change = m_sourceSwitches.update(m_feed->chain()->ids(), m_feed->quotes(), m_feed->lastFailures());
    if (!change)
        return;
    const bool switched = change->kind == PriceSourceSwitch::Kind::Switched;
    Q_EMIT logMessage(switched ? QStringLiteral("warning") : QStringLiteral("info"), change->message);
    if (!m_leader)
        return;
    const QString type = switched ? QStringLiteral("Warning") : QStringLiteral("Normal");
    const QString reason = switched ? QStringLiteral("PriceSourceSwitched") : QStringLiteral("PriceSourceReturned");
    // The feed is the writer's, not one CVC's: one Event on the Lease says it for all of them.
    // Without leader election there is no Lease, so the CVCs of the coins that moved carry it
    // (bounded, and aggregated by the recorder like every feed event).
    if (m_elector && m_leaseResolved)
        m_events->record(leaseReference(), type, reason, change->message);
    else
        m_reconciler->recordFeedEvent(type, reason, change->message, change->coins);
}

BudgetGovernor::Decision OperatorRuntime::budgetDecision(const QDateTime &now) const
{
    return m_governor.decide(m_askedInterval, m_ledger->callsThisMonth(m_account, now), now);
}

void OperatorRuntime::governInterval()
{
    // Only CoinGecko spends credits; without it in the chain the asked interval stands.
    if (!m_feed->chain()->source(QStringLiteral("coingecko")))
        return;
    const BudgetGovernor::Decision d = budgetDecision();
    if (d.effective != m_feed->interval())
        m_feed->setInterval(d.effective);
    if (d.why == m_budgetWhy)
        return;
    m_budgetWhy = d.why;
    if (d.why == BudgetGovernor::Why::AsAsked)
        Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("polling CoinGecko every %1 s again, as asked (%2 calls counted this month)")
                                                      .arg((d.asked.count() + 999) / 1000).arg(d.used));
    else
        Q_EMIT logMessage(QStringLiteral("warning"), d.message());
}

void OperatorRuntime::checkKeyUsage()
{
    // Only Pro keys have /key; only the instance that prices spends from the key.
    if (m_coingecko->plan().kind() != CoinGeckoPlan::Kind::Pro || !m_coingecko->hasKey() || !m_feed->isRunning()
        || !m_feed->chain()->source(QStringLiteral("coingecko")))
        return;
    m_coingecko->get(QStringLiteral("/key"), {}, m_guard, [this](const CoinGeckoResult &result) {
        if (!result.isOk()) {
            Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("cannot read the key's usage from CoinGecko's /key (%1); "
                                                                     "counting calls ourselves").arg(result.reason()));
            return;
        }
        const CoinGeckoKeyUsage usage = CoinGeckoKeyUsage::parse(result.body());
        if (!usage.isValid()) {
            Q_EMIT logMessage(QStringLiteral("info"), usage.error() + QStringLiteral("; counting calls ourselves"));
            return;
        }
        m_ledger->correct(m_account, usage.callsThisMonth());
        // --coingecko-credits, when given, is the user's word and stays.
        if (m_options.coingecko.monthlyCredits <= 0 && usage.monthlyCredits() > 0 && usage.monthlyCredits() != m_keyCredits) {
            m_keyCredits = usage.monthlyCredits();
            m_governor = BudgetGovernor(m_coingecko->plan(), m_coingecko->plan().isPlanHost(m_coingecko->root()),
                                        BudgetGovernor::DefaultReserve, m_keyCredits);
            Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("CoinGecko /key: plan %1 with %2 monthly credits, %3 used this month")
                                                          .arg(usage.plan()).arg(usage.monthlyCredits()).arg(usage.callsThisMonth()));
        }
        governInterval();
    });
}

void OperatorRuntime::start()
{
    if (m_phase != Phase::Stopped)
        return;
    delete m_guard;
    m_guard = new QObject(this);
    if (!m_options.healthAddress.isEmpty() && !m_health) {
        m_health = new HealthServer(this);
        m_health->setReadinessCheck([this] { return readiness(); });
        m_health->setMetricsProvider([this] { return metricsText(); });
        QString error;
        if (!m_health->listen(m_options.healthAddress, &error)) {
            Q_EMIT logMessage(QStringLiteral("error"), error);
            delete m_health;
            m_health = nullptr;
        } else {
            Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("health and metrics on http://%1 (/healthz, /readyz, /metrics)")
                                                          .arg(m_options.healthAddress.section(QLatin1Char(':'), 0, -2).isEmpty()
                                                                   ? QStringLiteral("0.0.0.0:%1").arg(m_health->port())
                                                                   : m_options.healthAddress.section(QLatin1Char(':'), 0, -2) + QLatin1Char(':') + QString::number(m_health->port())));
        }
    }
    if (!m_ledgerError.isEmpty())
        Q_EMIT logMessage(QStringLiteral("warning"), m_ledgerError);
    governInterval();
    // The governor's line replaces the plan's advice to poll slower: it already does.
    const QString warning = m_coingecko->plan().budgetWarning(m_askedInterval);
    if (!warning.isEmpty() && m_budgetWhy != BudgetGovernor::Why::Budget)
        Q_EMIT logMessage(QStringLiteral("warning"), warning);
    // Decided again on every start: a namespace created or removed since then counts.
    m_leaseResolved = false;
    setPhase(Phase::Discovering);
    discover();
}

void OperatorRuntime::resolveLeaseNamespace()
{
    auto *resolver = new LeaseNamespaceResolver(m_client, m_guard);
    resolver->resolve(m_explicitLeaseNamespace, m_client->config().namespaceName, m_options.lease.name,
                      [this, resolver](const LeaseNamespaceResolver::Result &r) {
        resolver->deleteLater();
        if (m_phase != Phase::Discovering)
            return;
        if (!r.resolved()) {
            // Never guess: a wrong guess would make a second writer.
            Q_EMIT logMessage(QStringLiteral("warning"),
                              QStringLiteral("cannot choose the lease namespace yet: %1; retrying").arg(r.reason));
            m_discoveryTimer->start(m_options.discoveryRetryMs);
            return;
        }
        m_options.lease.namespaceName = r.namespaceName;
        m_elector->setNamespaceName(r.namespaceName);
        m_leaseResolved = true;
        Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("leader election on Lease %1 as %2 (%3)")
                                                      .arg(leaseText(), identity(), r.reason));
        Q_EMIT leaseChosen(leaseText(), r.reason);
        discover();
    });
}

void OperatorRuntime::discover()
{
    if (m_phase != Phase::Discovering || !m_informer)
        return;
    if (m_elector && !m_leaseResolved) {
        resolveLeaseNamespace();
        return;
    }
    // The connection discovers (and retries while the CRD is missing); the loop starts with it.
    if (m_informer->hasResourceType())
        onResourceType(m_informer->resourceType(), false);
}

void OperatorRuntime::onResourceType(const ResourceType &type, bool changed)
{
    if (changed) {
        if (m_phase != Phase::Running || type.hasStatusSubresource == m_statusSubresource)
            return;
        m_statusSubresource = type.hasStatusSubresource;
        Q_EMIT logMessage(QStringLiteral("info"), m_statusSubresource
                              ? QStringLiteral("the CVC CRD now has a status subresource: status goes through /status")
                              : QStringLiteral("the CVC CRD no longer has a status subresource: status is written on the object"));
        m_reconciler->setStatusSubresource(m_statusSubresource);
        return;
    }
    if (m_phase != Phase::Discovering || (m_elector && !m_leaseResolved))
        return;
    m_statusSubresource = type.hasStatusSubresource;
    m_reconciler->setStatusSubresource(m_statusSubresource);
    Q_EMIT logMessage(QStringLiteral("info"),
                      m_statusSubresource ? QStringLiteral("CVC CRD found with a status subresource: status goes through /status")
                                          : QStringLiteral("CVC CRD found without a status subresource: status is written on the object"));
    startLoop();
}

void OperatorRuntime::startLoop()
{
    setPhase(Phase::Running);
    if (!m_elector || !m_options.pricesOnlyWhenLeading)
        m_feed->start();
    checkKeyUsage();
    m_keyUsageTimer->start();
    if (m_elector) {
        m_elector->start();
    } else {
        setLeader(true);
    }
    if (m_leader)
        m_reconciler->setActive(true);
}

void OperatorRuntime::stop(std::function<void()> done)
{
    if (m_phase == Phase::Stopped || m_phase == Phase::Stopping) {
        if (done)
            done();
        return;
    }
    setPhase(Phase::Stopping);
    m_discoveryTimer->stop();
    m_keyUsageTimer->stop();
    m_feed->stop();
    // Finish the writes in flight, stop writing, then hand the lease over. The watch is the
    // connection's and goes on.
    drainWrites([this, done] {
        m_reconciler->setActive(false);
        auto finish = [this, done] {
            m_leader = false;
            setPhase(Phase::Stopped);
            if (m_health)
                m_health->close();
            Q_EMIT stopped();
            if (done)
                done();
        };
        if (m_elector)
            m_elector->stop(finish);
        else
            finish();
    });
}

void OperatorRuntime::drainWrites(std::function<void()> then)
{
    WorkQueue *queue = m_reconciler->queue();
    if (!m_reconciler->isActive() || queue->inFlight() == 0) {
        then();
        return;
    }
    Q_EMIT logMessage(QStringLiteral("info"), QStringLiteral("finishing %1 CVC write(s) in flight").arg(queue->inFlight()));
    // Three ways the wait ends; the first one wins and deleting `waiting` disconnects the others.
    auto *waiting = new QObject(this);
    auto pending = std::make_shared<std::function<void()>>(std::move(then));
    const auto end = [waiting, pending] {
        if (!*pending)
            return;
        const std::function<void()> next = std::exchange(*pending, nullptr);
        waiting->deleteLater();
        next();
    };
    connect(queue, &WorkQueue::drained, waiting, end);
    // The lease lost meanwhile: setLeader() has already abandoned what was in flight.
    connect(this, &OperatorRuntime::leadershipChanged, waiting, end);
    QTimer::singleShot(drainTimeout, waiting, [this, queue, end] {
        Q_EMIT logMessage(QStringLiteral("warning"), QStringLiteral("%1 CVC write(s) still in flight after %2 s: abandoning them")
                                                          .arg(queue->inFlight()).arg(drainTimeout.count() / 1000));
        end();
    });
    queue->shutDownWithDrain();
}

QString OperatorRuntime::readiness() const
{
    if (m_phase != Phase::Running)
        return QStringLiteral("not running (%1)").arg(QString::fromLatin1(QMetaEnum::fromType<Phase>().valueToKey(int(m_phase))));
    if (!cache() || !cache()->hasSynced())
        return QStringLiteral("the CVC cache has not synced yet");
    // A standby asks no price source, so it has no price to wait for.
    if (m_elector && m_options.pricesOnlyWhenLeading && !m_leader)
        return {};
    if (m_feed->lastSuccessAt().isValid() || !m_feed->quotes().isEmpty())
        return {};
    if (m_feed->coins().isEmpty())
        return {}; // nothing to price yet
    return QStringLiteral("no price known yet (%1)").arg(m_feed->stateText());
}

QByteArray OperatorRuntime::metricsText() const
{
    PrometheusText m;
    const auto deprecated = [](const QString &name, const QString &help) { return DeprecatedMetrics::help(name, help); };
    ControllerMetrics::write(m, QString(OperatorDefaults::controllerName), *m_reconciler->queue());
    if (m_client)
        ClientMetrics::write(m, *m_client->requestCounts(), m_options.leaderElection ? m_options.lease.name : QString(OperatorDefaults::operatorName),
                             m_leader);
    const Reconciler::Counters c = m_reconciler->counters();
    m.counter(QStringLiteral("cvc_reconciles_total"),
              deprecated(QStringLiteral("cvc_reconciles_total"), QStringLiteral("CVCs reconciled (work queue items processed).")),
              double(c.reconciles));
    m.counter(QStringLiteral("cvc_reconcile_errors_total"),
              deprecated(QStringLiteral("cvc_reconcile_errors_total"), QStringLiteral("Reconciles that ended in a retry.")),
              double(c.reconcileErrors));
    m.counter(QStringLiteral("cvc_writes_total"), QStringLiteral("PATCH requests by result."), double(c.writes), {{QStringLiteral("result"), QStringLiteral("ok")}});
    m.counter(QStringLiteral("cvc_writes_total"), QStringLiteral("PATCH requests by result."), double(c.writeErrors - c.conflicts), {{QStringLiteral("result"), QStringLiteral("error")}});
    m.counter(QStringLiteral("cvc_writes_total"), QStringLiteral("PATCH requests by result."), double(c.conflicts), {{QStringLiteral("result"), QStringLiteral("conflict")}});
    m.counter(QStringLiteral("cvc_unchanged_total"), QStringLiteral("Reconciles that found nothing to write."), double(c.unchanged));
    m.counter(QStringLiteral("cvc_valuations_total"), QStringLiteral("New values written."), double(c.valuations));
    m.gauge(QStringLiteral("cvc_invalid_specs"), QStringLiteral("CVCs with InvalidSpec."), double(c.invalidSpecs));
    const BudgetGovernor::Decision budget = budgetDecision();
    PriceMetrics::write(m, *m_feed, m_feed->chain()->source(QStringLiteral("coingecko")) ? &budget : nullptr);
    const Watcher *w = watcher();
    const int watches = w ? w->watchCount() : 0;
    m.counter(QStringLiteral("cvc_watch_restarts_total"), QStringLiteral("Watch requests started after the first."), double(std::max(0, watches - 1)));
    const int lists = w ? w->listCount() : 0;
    m.counter(QStringLiteral("cvc_watch_relists_total"),
              QStringLiteral("LIST requests the CVC watch made after its first (after a 410 Gone or a lost watch); a steady rise is a relist loop."),
              double(std::max(0, lists - 1)), {{QStringLiteral("resource"), QStringLiteral("cryptovaluecalculators.crypto.tools")}});
    m.counter(QStringLiteral("cvc_watch_lists_total"),
              deprecated(QStringLiteral("cvc_watch_lists_total"), QStringLiteral("LIST requests made by the watcher (relists after 410 included).")),
              double(lists));
    m.gauge(QStringLiteral("cvc_objects"), QStringLiteral("CVCs in the cache."), double(cache() ? cache()->size() : 0));
    m.counter(QStringLiteral("cvc_objects_skipped_total"),
              QStringLiteral("CVCs left out because they nest deeper than the operator can read (once per resourceVersion)."),
              double(m_skippedObjects));
    m.gauge(QStringLiteral("cvc_cache_synced"), QStringLiteral("1 once the CVC cache has listed."), cache() && cache()->hasSynced() ? 1 : 0);
    m.gauge(QStringLiteral("cvc_queue_depth"), deprecated(QStringLiteral("cvc_queue_depth"), QStringLiteral("Keys waiting in the work queue.")),
            double(m_reconciler->queueDepth()));
    m.gauge(QStringLiteral("cvc_queue_in_flight"), deprecated(QStringLiteral("cvc_queue_in_flight"), QStringLiteral("Keys being reconciled.")),
            double(m_reconciler->queue()->inFlight()));
    if (m_client) {
        m.gauge(QStringLiteral("cvc_api_rate_limit_qps"),
                QStringLiteral("Requests per second the client allows itself now (adaptive between --qps and --max-qps; 0 = unlimited)."),
                m_client->currentQps());
        const AdaptiveRate::Changes changes = m_client->rateChanges();
        const QString help = QStringLiteral("Moves of the adaptive request rate by reason: demand (raised), refused (429/503), "
                                            "latency (rising write latency), idle (drift back without demand).");
        m.counter(QStringLiteral("cvc_api_rate_changes_total"), help, double(changes.raised), {{QStringLiteral("reason"), QStringLiteral("demand")}});
        m.counter(QStringLiteral("cvc_api_rate_changes_total"), help, double(changes.refused), {{QStringLiteral("reason"), QStringLiteral("refused")}});
        m.counter(QStringLiteral("cvc_api_rate_changes_total"), help, double(changes.slow), {{QStringLiteral("reason"), QStringLiteral("latency")}});
        m.counter(QStringLiteral("cvc_api_rate_changes_total"), help, double(changes.idle), {{QStringLiteral("reason"), QStringLiteral("idle")}});
        m.counter(QStringLiteral("cvc_api_retry_after_holds_total"),
                  QStringLiteral("429 answers whose Retry-After held every request of the client."), double(m_client->retryAfterHolds()));
    }
    m.gauge(QStringLiteral("cvc_leader"),
            deprecated(QStringLiteral("cvc_leader"), QStringLiteral("1 while this instance holds the lease (or runs without election).")), m_leader ? 1 : 0);
    m.counter(QStringLiteral("cvc_events_total"), QStringLiteral("Events posted by result."), double(m_events->createdCount()), {{QStringLiteral("result"), QStringLiteral("created")}});
    m.counter(QStringLiteral("cvc_events_total"), QStringLiteral("Events posted by result."), double(m_events->patchedCount()), {{QStringLiteral("result"), QStringLiteral("aggregated")}});
    m.counter(QStringLiteral("cvc_events_total"), QStringLiteral("Events posted by result."), double(m_events->failedCount()), {{QStringLiteral("result"), QStringLiteral("error")}});
    m.counter(QStringLiteral("cvc_events_total"), QStringLiteral("Events posted by result."), double(m_events->filteredCount()), {{QStringLiteral("result"), QStringLiteral("filtered")}});
    if (m_options.metricsPerCvc && cache())
        CvcValueMetrics::write(m, *cache());
    return m.text();
}

} // namespace cvc
