#include "lease/leasenamespaceresolver.h"

#include "kube/kubeclient.h"

namespace cvc {

LeaseNamespaceResolver::LeaseNamespaceResolver(KubeClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

void LeaseNamespaceResolver::resolve(const QString &explicitNamespace, const QString &connectionNamespace,
                                     const QString &leaseName, std::function<void(const Result &)> done)
{
    if (!explicitNamespace.isEmpty()) {
        done({explicitNamespace, QStringLiteral("given explicitly (--lease-namespace)")});
        return;
    }
    const QString shared = sharedNamespace();
    const QString fallback = connectionNamespace.isEmpty() ? QStringLiteral("default") : connectionNamespace;
    // In a pod deployed by deploy/ the connection's namespace already is the shared one; the
    // operator's RBAC does not allow reading namespaces, so do not ask.
    if (fallback == shared) {
        done({shared, QStringLiteral("the connection's namespace is %1").arg(shared)});
        return;
    }
    if (!m_client) {
        done({QString(), QStringLiteral("no connection")});
        return;
    }
    m_client->get(QStringLiteral("/api/v1/namespaces/") + shared, this,
                  [this, shared, fallback, leaseName, done](const KubeResponse &r) {
        if (r.ok()) {
            done({shared, QStringLiteral("namespace %1 exists, where deploy/ runs cvc-operator").arg(shared)});
        } else if (r.error->isNotFound()) {
            done({fallback, QStringLiteral("no namespace %1 on the server, so the connection's namespace").arg(shared)});
        } else if (r.error->httpStatus == 403) {
            readLease(fallback, leaseName, done);
        } else {
            done({QString(), QStringLiteral("cannot read namespace %1: %2").arg(shared, r.error->toString())});
        }
    });
}

void LeaseNamespaceResolver::readLease(const QString &fallback, const QString &leaseName,
                                       std::function<void(const Result &)> done)
{
    const QString shared = sharedNamespace();
    if (!m_client) {
        done({QString(), QStringLiteral("no connection")});
        return;
    }
    m_client->get(QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/%1/leases/%2").arg(shared, leaseName), this,
                  [shared, fallback, leaseName, done](const KubeResponse &r) {
        if (r.ok()) {
            done({shared, QStringLiteral("reading namespaces is forbidden, but Lease %1/%2 exists").arg(shared, leaseName)});
        } else if (r.error->isNotFound()) {
            done({fallback, QStringLiteral("reading namespace %1 is forbidden and it has no Lease %2, so the connection's namespace").arg(shared, leaseName)});
        } else if (r.error->httpStatus == 403) {
            done({fallback, QStringLiteral("reading namespace %1 and its Lease %2 is forbidden, so the connection's namespace")
                                .arg(shared, leaseName)});
        } else {
            done({QString(), QStringLiteral("cannot read Lease %1/%2: %3").arg(shared, leaseName, r.error->toString())});
        }
    });
}

} // namespace cvc
