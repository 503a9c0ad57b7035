#include "dashboard/dashboardcontroller.h"

#include "dashboard/apikeystore.h"
#include "dashboard/clustersession.h"
#include "dashboard/cvcwriter.h"
#include "dashboard/dashboardsettings.h"
#include "dashboard/eventsmodel.h"
#include "dashboard/historybackfiller.h"
#include "dashboard/historyrecorder.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/permissions.h"
#include "dashboard/portfolio.h"
#include "dashboard/pricenotice.h"
#include "dashboard/reconcileloop.h"
#include "dashboard/sessionsecretstore.h"
#include "dashboard/writeaccesscheck.h"
#include "history/historystore.h"
#include "kube/objectkey.h"

#include "prices/coingeckoclient.h"
#include "prices/coingeckoplan.h"
#include "kube/connectionstate.h"
#include "operator/operatorruntime.h"
#include "prices/pricefeed.h"
#include "prices/pricehistoryclient.h"

#include <QFileInfo>
#include <QTimer>

namespace cvc::ui {

DashboardController::DashboardController(const DashboardOptions &options, SecretStore *keychain, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(std::make_unique<DashboardSettings>(options.settingsFile))
    , m_session(new ClusterSession(this))
    , m_holdings(new HoldingsModel(this))
    , m_portfolio(new Portfolio(m_holdings, this))
    , m_writer(new CvcWriter(this))
    , m_permissions(new Permissions(this))
    , m_events(new EventsModel(this))
    , m_history(new HistoryStore(this))
    , m_recorder(new HistoryRecorder(m_history, this))
    , m_loop(new ReconcileLoop(this))
    , m_sessionSecrets(new SessionSecretStore(this))
    , m_keys(new ApiKeyStore(keychain, m_sessionSecrets, m_settings.get(), this))
    , m_priceNotice(new PriceNotice(this))
{
    if (!m_history->open(m_options.historyPath.isEmpty() ? HistoryStore::defaultPath() : m_options.historyPath))
        QTimer::singleShot(0, this, [this] { Q_EMIT messagePosted(m_history->errorString(), 15000); });

    connect(m_session, &ClusterSession::opened, this, &DashboardController::onSessionOpened);
    connect(m_session, &ClusterSession::failed, this, &DashboardController::failed);
    connect(m_session, &ClusterSession::connectionStateChanged, this, &DashboardController::onConnectionState);
    // One cache per context, read by everyone; the namespace on screen only filters it.
    connect(m_session, &ClusterSession::cacheChanged, this, [this](ObjectCache *cache) {
        m_holdings->setCache(cache);
        m_recorder->setCache(cache);
    });
    connect(m_loop, &ReconcileLoop::writerChanged, this, &DashboardController::writerChanged);
    connect(m_loop, &ReconcileLoop::writerChanged, this, &DashboardController::backfillWhenWriting);
    connect(m_loop, &ReconcileLoop::started, this, &DashboardController::onLoopStarted);
    // Only the writer fetches prices, so only its outage is this window's to explain.
    connect(m_loop, &ReconcileLoop::writerChanged, this,
            [this] { m_priceNotice->setFeed(m_loop->isRunning() && m_loop->isWriter() ? m_loop->feed() : nullptr); });
}

DashboardController::~DashboardController() = default;

QStringList DashboardController::contextNames(QString *initial) const
{
    QString current;
    const QStringList contexts = ClusterSession::contextNames(m_options.connection, &current);
    QString context = m_options.connection.context;
    if (context.isEmpty() && contexts.contains(m_settings->lastContext()))
        context = m_settings->lastContext();
    if (initial)
        *initial = context.isEmpty() ? current : context;
    return contexts;
}

void DashboardController::connectTo(const QString &context)
{
    ConnectionOptions options = m_options.connection;
    options.context = context;
    // The namespace: --namespace, else the choice saved for this context, else the context's.
    std::optional<QString> scope;
    if (options.namespaceName.isEmpty() && context == m_settings->lastContext())
        scope = m_settings->lastNamespace();
    QString error;
    if (!m_session->open(options, &error, scope)) {
        Q_EMIT failed(error);
        m_loop->stop();
        return;
    }
    m_settings->setLastContext(m_session->contextName());
    Q_EMIT contextOpened(m_session->contextName());
    for (const QString &warning : m_session->clientConfig().warnings)
        Q_EMIT messagePosted(warning, 15000);
}

void DashboardController::setNamespace(const QString &namespaceName)
{
    m_session->setNamespaceScope(namespaceName);
    m_settings->setLastNamespace(namespaceName);
    m_permissions->check(m_session->client(), m_session->cvcType(), namespaceName);
}

void DashboardController::resync()
{
    m_session->resync();
    m_events->refresh();
}

void DashboardController::onSessionOpened()
{
    Q_EMIT cleared();   // a discovery that failed before has succeeded now
    m_writer->setClient(m_session->client(), m_session->cvcType());
    m_events->setClient(m_session->client());
    m_permissions->check(m_session->client(), m_session->cvcType(), m_session->namespaceScope());
    startLoop();
    Q_EMIT sessionReady();
}

void DashboardController::onConnectionState(const ConnectionState &state)
{
    if (state.phase == ConnectionState::Phase::Failed && state.error && state.error->httpStatus == 403)
        m_permissions->noteForbidden(QStringLiteral("list"), *state.error);
}

void DashboardController::startLoop()
{
    if (!m_options.runLoop || !m_session->isOpen()) {
        Q_EMIT writerChanged(tr("not running in this window"));
        return;
    }
    m_keys->load([this](const QByteArray &key, const SecretStore::Result &) {
        if (!m_session->isOpen())
            return;
        OperatorOptions options = OperatorOptions::forDashboard();
        // Like cvc-operator: every namespace unless --namespace narrows it, whatever is on screen.
        options.namespaceName = m_options.connection.namespaceName;
        options.leaderElection = m_options.leaderElection;
        // The Lease's namespace is left to the runtime, which picks it by cvc-operator's rule
        // (cvc-system when it exists, else the context's namespace), so both share one Lease.
        const QString planName = m_options.coingeckoPlan.isEmpty() ? m_settings->coinGeckoPlan() : m_options.coingeckoPlan;
        options.coingecko.plan = CoinGeckoPlan::fromString(planName).value_or(CoinGeckoPlan());
        options.coingecko.rootOverride = m_options.coingeckoUrl;
        options.coingecko.apiKey = key;
        m_priceNotice->setMissingKey(options.coingecko.plan.requiresKey() && key.isEmpty() ? options.coingecko.plan.name() : QString(),
                                     m_keys->sessionKeyLost());
        // The month's count survives a restart, so the budget governor never starts from zero.
        options.coingecko.ledgerDirectory = QFileInfo(m_history->path().isEmpty() ? HistoryStore::defaultPath()
                                                                                  : m_history->path()).absolutePath();
        if (m_options.interval.count() > 0)
            options.interval = m_options.interval;
        else if (m_settings->intervalSeconds() > 0)
            options.interval = std::chrono::milliseconds(m_settings->intervalSeconds() * 1000LL);
        // Only an account that may write values competes for the Lease (and spends price calls).
        WriteAccessCheck::run(m_session->client(), m_session->cvcType(), options.namespaceName, this,
                              [this, options](const QString &missing) {
            if (!m_session->isOpen())
                return;
            if (!missing.isEmpty()) {
                m_loop->setWatchingOnly(missing);
                return;
            }
            // On the session's connection: the loop reads the cache the views read.
            m_loop->start(m_session->connection(), options);
        });
    });
}

void DashboardController::onLoopStarted()
{
    if (const QString error = m_loop->runtime()->ledgerError(); !error.isEmpty())
        Q_EMIT messagePosted(error, 15000);
    // Backfill goes through the loop's CoinGecko client, so it shares its budget and Retry-After;
    // both live exactly as long as that client.
    delete m_backfiller;
    CoinGeckoClient *coingecko = m_loop->feed()->client();
    auto *priceHistory = new PriceHistoryClient(coingecko, coingecko);
    m_backfiller = new HistoryBackfiller(m_history, priceHistory, priceHistory);
    // The runtime owns the client, which owns the backfiller: the runtime is always there for it.
    m_backfiller->setBudget([runtime = m_loop->runtime()] { return runtime->budgetDecision(); });
    connect(m_backfiller, &HistoryBackfiller::failed, this,
            [this](const QString &message) { Q_EMIT messagePosted(message, 15000); });
    m_backfillPending = true;
    backfillWhenWriting();
}

void DashboardController::backfillWhenWriting()
{
    // Backfill costs price calls, which only the writer makes: a window that watches another
    // writer spends nothing.
    if (!m_backfillPending || !m_backfiller || !m_loop->isRunning() || !m_loop->isWriter())
        return;
    m_backfillPending = false;
    // After the first list, so every CVC on screen has its amount recorded.
    QTimer::singleShot(0, m_backfiller, &HistoryBackfiller::run);
}

void DashboardController::readObject(const QString &key, std::function<void(const QJsonObject &)> then)
{
    const quint64 read = ++m_objectReads;
    const ObjectKey object = ObjectKey::fromString(key);
    Q_EMIT messagePosted(tr("Reading %1…").arg(key), 3000);
    m_writer->get(object.namespaceName, object.name, this, [this, read, key, then = std::move(then)](const KubeResponse &response) {
        if (read != m_objectReads)
            return;
        if (response.ok())
            then(response.object);
        else
            Q_EMIT failed(tr("Could not read %1: %2").arg(key, response.error->toString()));
    });
}

void DashboardController::remove(const QStringList &keys)
{
    for (const QString &key : keys) {
        const ObjectKey object = ObjectKey::fromString(key);
        m_writer->remove(object.namespaceName, object.name, this, [this, key](const KubeResponse &response) {
            if (response.ok()) {
                Q_EMIT messagePosted(tr("Deleted %1").arg(key), 5000);
            } else {
                m_permissions->noteForbidden(QStringLiteral("delete"), *response.error);
                Q_EMIT failed(tr("Could not delete %1: %2").arg(key, response.error->toString()));
            }
        });
    }
}

bool DashboardController::isStopped() const
{
    return m_loopStopped || !m_loop->isRunning();
}

void DashboardController::stop(std::function<void()> done)
{
    m_loop->stop([this, done = std::move(done)] {
        m_loopStopped = true;
        if (done)
            done();
    });
}

void DashboardController::close()
{
    m_session->close();
}

} // namespace cvc::ui
