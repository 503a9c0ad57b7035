#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

namespace cvc {

class KubeClient;

// Picks the namespace of the leader-election Lease so that cvc-operator and every dashboard agree
// by default (a Lease only keeps writers apart when they all use the same one):
//   1. the namespace given explicitly (cvc-operator's --lease-namespace), else
//   2. cvc-system when that namespace exists on the server (deploy/ installs the operator there), else
//   3. the connection's namespace (the context's, or the pod's in a cluster).
// Users with namespace-scoped rights may not read namespaces: on 403 the Lease in cvc-system is
// read instead (it exists once an operator or a dashboard has used it there). A server that
// cannot answer (network, 5xx, 401) gives no result, so the caller retries rather than guessing.
class LeaseNamespaceResolver : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        QString namespaceName;   // "" = not decided yet; retry later
        QString reason;          // why this namespace, or why no decision; for the log
        bool resolved() const { return !namespaceName.isEmpty(); }
    };

    // Where deploy/ installs cvc-operator and its Lease.
    static QString sharedNamespace() { return QStringLiteral("cvc-system"); }

    explicit LeaseNamespaceResolver(KubeClient *client, QObject *parent = nullptr);

    // `done` runs once (at once when nothing needs asking); never after this object is deleted.
    void resolve(const QString &explicitNamespace, const QString &connectionNamespace, const QString &leaseName,
                 std::function<void(const Result &)> done);

private:
    void readLease(const QString &fallback, const QString &leaseName, std::function<void(const Result &)> done);

    QPointer<KubeClient> m_client;
};

} // namespace cvc
