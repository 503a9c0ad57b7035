#pragma once

#include "operator/operatoroptions.h"

#include <QObject>
#include <QPointer>
#include <QSharedPointer>

#include <functional>

namespace cvc {
class ClusterConnection;
class OperatorRuntime;
class PriceFeed;
}

namespace cvc::ui {

// The operator's reconcile loop running inside the dashboard while it is open, under the same
// Lease as cvc-operator (options from OperatorOptions::forDashboard(); the runtime picks the
// Lease's namespace by the operator's rule), so exactly one of them writes values. It runs on the
// session's ClusterConnection: the same client and the same cache of CVCs the views read (every
// namespace the connection may watch, not just the one on screen), no watch of its own; only the
// Lease has a client of its own (OperatorRuntime's). Stopping releases the lease.
class ReconcileLoop : public QObject
{
    Q_OBJECT
public:
    explicit ReconcileLoop(QObject *parent = nullptr);
    ~ReconcileLoop() override;

    // Starts (or restarts) the loop on `connection`, which it keeps until the loop has stopped.
    void start(const QSharedPointer<cvc::ClusterConnection> &connection, const cvc::OperatorOptions &options);
    void stop(std::function<void()> done = {});
    // Not running because this account may not write values (`why`): says so as the writer text
    // (first, so that a narrow status bar still shows it).
    void setWatchingOnly(const QString &why);
    bool isRunning() const { return m_runtime != nullptr; }

    cvc::OperatorRuntime *runtime() const { return m_runtime; }
    cvc::PriceFeed *feed() const;
    bool isWriter() const;
    // "this window", "cvc-operator-7d9f…_1234 (Lease cvc-system/cvc-operator)", "nobody yet", "this
    // window (leader election off)", or why the loop is not running.
    QString writerText() const;
    QString problem() const { return m_problem; }

Q_SIGNALS:
    void writerChanged(const QString &text);
    // A new runtime (and with it a new PriceFeed) exists.
    void started();
    void stopped();
    void logMessage(const QString &level, const QString &message);

private:
    void setProblem(const QString &problem);

    QSharedPointer<cvc::ClusterConnection> m_connection;
    cvc::OperatorRuntime *m_runtime = nullptr;
    OperatorOptions m_options;
    QString m_problem;
};

} // namespace cvc::ui
