#include "dashboard/reconcileloop.h"

#include "kube/clusterconnection.h"
#include "operator/operatorruntime.h"
#include "reconcile/reconciler.h"

#include <utility>

namespace cvc::ui {

ReconcileLoop::ReconcileLoop(QObject *parent)
    : QObject(parent)
{
}

ReconcileLoop::~ReconcileLoop()
{
    // The window stops the loop (and releases the lease) before it closes; this only frees memory.
    delete m_runtime;
}

void ReconcileLoop::start(const QSharedPointer<ClusterConnection> &connection, const OperatorOptions &options)
{
    auto begin = [this, connection, options] {
        m_options = options;
        m_connection = connection;
        m_runtime = new OperatorRuntime(connection->cvcs(), options, this);
        const QString error = m_runtime->configurationError();
        if (!error.isEmpty()) {
            setProblem(error);
            delete m_runtime;
            m_runtime = nullptr;
            m_connection.reset();
            return;
        }
        setProblem(QString());
        connect(m_runtime, &OperatorRuntime::leadershipChanged, this, [this] { Q_EMIT writerChanged(writerText()); });
        connect(m_runtime, &OperatorRuntime::leaseHolderChanged, this, [this] { Q_EMIT writerChanged(writerText()); });
        connect(m_runtime, &OperatorRuntime::leaseChosen, this, [this] { Q_EMIT writerChanged(writerText()); });
        connect(m_runtime, &OperatorRuntime::leaseForbidden, this, [this](const QString &message) {
            setProblem(tr("not writing: the lease is forbidden (%1)").arg(message));
        });
        connect(m_runtime, &OperatorRuntime::logMessage, this, &ReconcileLoop::logMessage);
        // A write the server refused (403, 422) is not retried until something changes: say so.
        connect(m_runtime->reconciler(), &Reconciler::reconcileFinished, this,
                [this](const QString &, const QString &, const ReconcileResult &result) {
            if (result.outcome == ReconcileResult::Outcome::Terminal)
                Q_EMIT logMessage(QStringLiteral("warning"), result.error);
        });
        m_runtime->start();
        Q_EMIT started();
        Q_EMIT writerChanged(writerText());
    };
    if (m_runtime)
        stop(begin);
    else
        begin();
}

void ReconcileLoop::stop(std::function<void()> done)
{
    if (!m_runtime) {
        if (done)
            done();
        return;
    }
    OperatorRuntime *runtime = m_runtime;
    QSharedPointer<ClusterConnection> connection = std::exchange(m_connection, {});
    m_runtime = nullptr;
    // The runtime releases the lease with its own client; the connection it reads stays until then.
    runtime->stop([this, runtime, connection, done] {
        runtime->deleteLater();
        Q_EMIT stopped();
        Q_EMIT writerChanged(writerText());
        if (done)
            done();
    });
}

void ReconcileLoop::setWatchingOnly(const QString &why)
{
    stop([this, why] { setProblem(tr("not this window: read-only (this account may not %1)").arg(why)); });
}

PriceFeed *ReconcileLoop::feed() const
{
    return m_runtime ? m_runtime->feed() : nullptr;
}

bool ReconcileLoop::isWriter() const
{
    return m_runtime && m_runtime->isLeader();
}

QString ReconcileLoop::writerText() const
{
    if (!m_problem.isEmpty())
        return m_problem;
    if (!m_runtime)
        return tr("not running");
    if (!m_options.leaderElection)
        return tr("this window (leader election off)");
    if (m_runtime->isLeader())
        return tr("this window");
    const QString holder = m_runtime->leaseHolder();
    // The runtime settles the Lease's namespace at start; until then only its name is known.
    const QString lease = m_runtime->leaseText().isEmpty() ? QStringLiteral("…/") + m_options.lease.name
                                                           : m_runtime->leaseText();
    if (holder.isEmpty())
        return tr("nobody yet (Lease %1)").arg(lease);
    // Dashboards call themselves cvc-dashboard_<host>_<uuid> (OperatorOptions::forDashboard()):
    // name the host, not the uuid.
    if (holder.startsWith(OperatorOptions::dashboardIdentityPrefix())) {
        const QStringList parts = holder.mid(OperatorOptions::dashboardIdentityPrefix().size()).split(QLatin1Char('_'));
        if (parts.size() >= 2)
            return tr("another cvc-dashboard on %1 (Lease %2, holder %3)").arg(parts.at(0), lease, holder);
    }
    return tr("%1 (Lease %2)").arg(holder, lease);
}

void ReconcileLoop::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT writerChanged(writerText());
}

} // namespace cvc::ui
