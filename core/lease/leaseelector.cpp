#include "lease/leaseelector.h"

#include "kube/kubeclient.h"

#include <QHostInfo>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

namespace cvc {

QString LeaseElector::Options::validate() const
{
    if (retryPeriodMs <= 0 || renewDeadlineMs <= 0 || leaseDurationMs <= 0)
        return QStringLiteral("lease duration, renew deadline and retry period must all be greater than zero");
    if (leaseDurationMs <= renewDeadlineMs)
        return QStringLiteral("the lease duration (%1 ms) must be longer than the renew deadline (%2 ms)")
            .arg(leaseDurationMs).arg(renewDeadlineMs);
    if (renewDeadlineMs <= 1.2 * retryPeriodMs)
        return QStringLiteral("the renew deadline (%1 ms) must be longer than 1.2 × the retry period (%2 ms)")
            .arg(renewDeadlineMs).arg(retryPeriodMs);
    if (leaseDurationMs % 1000 != 0)
        return QStringLiteral("the lease duration must be whole seconds (leaseDurationSeconds)");
    return {};
}

QString LeaseElector::defaultIdentity()
{
    return QHostInfo::localHostName() + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

LeaseElector::LeaseElector(KubeClient *client, const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
    , m_timer(new QTimer(this))
    , m_renewDeadline(new QTimer(this))
{
    if (m_options.identity.isEmpty())
        m_options.identity = defaultIdentity();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &LeaseElector::tryAcquireOrRenew);
    m_renewDeadline->setSingleShot(true);
    m_renewDeadline->setTimerType(Qt::PreciseTimer);
    connect(m_renewDeadline, &QTimer::timeout, this, &LeaseElector::renewDeadlinePassed);
}

LeaseElector::~LeaseElector() = default;

QString LeaseElector::leasePath() const
{
    return QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/%1/leases/%2")
        .arg(m_options.namespaceName, m_options.name);
}

void LeaseElector::setNamespaceName(const QString &namespaceName)
{
    Q_ASSERT(!m_running);
    if (m_running || namespaceName == m_options.namespaceName)
        return;
    m_options.namespaceName = namespaceName;
    m_observed = LeaseRecord();
    m_observedAt = QDateTime();
}

void LeaseElector::start()
{
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;
    abandonInFlight();
    m_timer->start(0);
}

void LeaseElector::abandonInFlight()
{
    // Deleting the context aborts the request and drops its callback.
    delete m_guard;
    m_guard = new QObject(this);
    m_inFlight = false;
}

void LeaseElector::scheduleNext()
{
    if (!m_running)
        return;
    int delay = m_options.retryPeriodMs;
    // Candidates spread their tries (client-go's JitterUntil); the leader renews on the period.
    if (!m_leader && m_options.jitterFactor > 0)
        delay += int(QRandomGenerator::global()->bounded(1.0) * m_options.jitterFactor * m_options.retryPeriodMs);
    m_timer->start(delay);
}

void LeaseElector::tryAcquireOrRenew()
{
    if (!m_running || m_inFlight || !m_client)
        return;
    m_inFlight = true;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_attemptStarted = now;
    // Fast path: a leader with a cached record renews with a PUT of it.
    if (m_leader && !m_observed.resourceVersion.isEmpty()) {
        write(LeaseRecord::nextRecord(m_observed, m_options.identity, m_options.leaseDurationMs / 1000, now), false);
        return;
    }
    fetchAndDecide();
}

void LeaseElector::fetchAndDecide()
{
    m_client->get(leasePath(), m_guard, [this](const KubeResponse &r) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (!r.ok()) {
            if (r.error->isNotFound()) {
                LeaseRecord fresh;
                fresh.holderIdentity = m_options.identity;
                fresh.leaseDurationSeconds = m_options.leaseDurationMs / 1000;
                fresh.acquireTime = now;
                fresh.renewTime = now;
                fresh.leaseTransitions = 0;
                write(fresh, true);
                return;
            }
            handleError(*r.error);
            attemptFinished(false);
            return;
        }
        const LeaseRecord record = LeaseRecord::fromLease(r.object);
        observe(record);
        if (m_leader && record.holderIdentity != m_options.identity) {
            // Someone else holds it now: stop writing at once rather than at the deadline.
            loseLeadership();
        }
        if (!LeaseRecord::mayAcquire(record, m_options.identity, m_observedAt, now)) {
            attemptFinished(false);
            return;
        }
        write(LeaseRecord::nextRecord(record, m_options.identity, m_options.leaseDurationMs / 1000, now), false);
    });
}

void LeaseElector::write(const LeaseRecord &record, bool create)
{
    WriteOptions options;
    options.fieldManager = m_options.fieldManager;
    auto done = [this, create](const KubeResponse &r) {
        if (!r.ok()) {
            // A failed fast-path renewal falls back to reading the lease, like client-go.
            const bool fastPath = !create && m_leader;
            handleError(*r.error);
            if (fastPath && r.error->httpStatus != 403 && m_running) {
                m_observed.resourceVersion.clear();
                fetchAndDecide();
                return;
            }
            attemptFinished(false);
            return;
        }
        observe(LeaseRecord::fromLease(r.object));
        attemptFinished(true);
    };
    if (create) {
        m_client->create(QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/%1/leases").arg(m_options.namespaceName),
                         record.toLease(m_options.namespaceName, m_options.name), options, m_guard, done);
    } else {
        m_client->replace(leasePath(), record.toLease(m_options.namespaceName, m_options.name), options, m_guard, done);
    }
}

bool LeaseElector::handleError(const KubeError &error)
{
    m_lastError = error.toString();
    if (error.httpStatus == 403) {
        const QString message = QStringLiteral("not allowed to use Lease %1/%2 for leader election (%3). "
                                               "Grant get/create/update on leases in namespace %1, "
                                               "or run with --no-leader-election if this is the only writer.")
                                    .arg(m_options.namespaceName, m_options.name, error.message);
        m_lastError = message;
        m_running = false;
        m_inFlight = false;
        m_timer->stop();
        if (m_leader)
            loseLeadership();
        Q_EMIT forbidden(message);
        return true;
    }
    Q_EMIT attemptFailed(m_lastError);
    return false;
}

void LeaseElector::observe(const LeaseRecord &record)
{
    const QString oldHolder = m_observed.holderIdentity;
    const bool moved = !record.sameAs(m_observed) || !m_observedAt.isValid();
    m_observed = record;
    if (moved)
        m_observedAt = QDateTime::currentDateTimeUtc();
    if (oldHolder != record.holderIdentity)
        Q_EMIT holderChanged(record.holderIdentity);
}

void LeaseElector::attemptFinished(bool success)
{
    m_inFlight = false;
    if (!m_running)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (success) {
        // Measured from when the renewed record was written, as client-go does; a renewal
        // that took longer than the deadline itself leaves no time at all.
        m_renewDeadline->start(std::max(0, m_options.renewDeadlineMs - int(m_attemptStarted.msecsTo(now))));
        if (!m_leader)
            becomeLeader();
    }
    scheduleNext();
}

void LeaseElector::renewDeadlinePassed()
{
    if (!m_leader)
        return;
    // client-go gives up exactly here, so a peer that takes the lease after leaseDuration never
    // overlaps with us; a renewal still hanging would only land after that.
    abandonInFlight();
    m_observed.resourceVersion.clear();   // read the lease again before the next try
    m_lastError = QStringLiteral("could not renew lease %1/%2 within the renew deadline (%3 ms)")
                      .arg(m_options.namespaceName, m_options.name).arg(m_options.renewDeadlineMs);
    loseLeadership();
    Q_EMIT attemptFailed(m_lastError);
    if (m_running)
        scheduleNext();
}

void LeaseElector::becomeLeader()
{
    m_leader = true;
    Q_EMIT startedLeading();
}

void LeaseElector::loseLeadership()
{
    m_renewDeadline->stop();
    m_leader = false;
    Q_EMIT stoppedLeading();
}

void LeaseElector::stop(std::function<void()> done, int timeoutMs)
{
    m_timer->stop();
    const bool wasRunning = m_running;
    m_running = false;
    // Abandon a try in flight: its answer must not make us leader after stop().
    abandonInFlight();
    if (!wasRunning || !m_leader || !m_client || m_observed.resourceVersion.isEmpty()) {
        if (m_leader)
            loseLeadership();
        if (done)
            done();
        return;
    }
    auto finished = std::make_shared<bool>(false);
    auto finish = [this, done, finished] {
        if (*finished)
            return;
        *finished = true;
        if (m_leader)
            loseLeadership();
        if (done)
            done();
    };
    QTimer::singleShot(timeoutMs, m_guard, finish);
    release(finish, 2);
}

void LeaseElector::release(std::function<void()> finish, int attempts)
{
    const LeaseRecord released = LeaseRecord::releasedRecord(m_observed, QDateTime::currentDateTimeUtc());
    WriteOptions options;
    options.fieldManager = m_options.fieldManager;
    m_client->replace(leasePath(), released.toLease(m_options.namespaceName, m_options.name), options, m_guard,
                      [this, finish, attempts](const KubeResponse &r) {
        if (r.ok()) {
            observe(LeaseRecord::fromLease(r.object));
            finish();
            return;
        }
        m_lastError = r.error->toString();
        if (!r.error->isConflict() || attempts <= 1) {
            finish();
            return;
        }
        // A renewal abandoned by stop() may have landed first: read the lease and, if it is
        // still ours, release it at its current resourceVersion.
        m_client->get(leasePath(), m_guard, [this, finish, attempts](const KubeResponse &g) {
            if (!g.ok()) {
                finish();
                return;
            }
            observe(LeaseRecord::fromLease(g.object));
            if (m_observed.holderIdentity != m_options.identity) {
                finish();
                return;
            }
            release(finish, attempts - 1);
        });
    });
}

} // namespace cvc
