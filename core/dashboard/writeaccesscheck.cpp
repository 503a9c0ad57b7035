#include "dashboard/writeaccesscheck.h"

#include "dashboard/permissions.h"
#include "kube/kubeclient.h"

#include <QJsonObject>

namespace cvc::ui {

void WriteAccessCheck::run(KubeClient *client, const ResourceType &type, const QString &namespaceName, QObject *context,
                           Done done)
{
    if (!client) {
        done(QString());
        return;
    }
    auto *check = new WriteAccessCheck(type, namespaceName, context, std::move(done));
    check->ask(client, QString());
    check->ask(client, QStringLiteral("status"));
}

WriteAccessCheck::WriteAccessCheck(const ResourceType &type, const QString &namespaceName, QObject *context, Done done)
    : QObject(context)
    , m_type(type)
    , m_namespace(namespaceName)
    , m_done(std::move(done))
{
}

void WriteAccessCheck::ask(KubeClient *client, const QString &subresource)
{
    ++m_waiting;
    client->create(Permissions::accessReviewPath(), Permissions::accessReview(m_type, QStringLiteral("patch"), m_namespace, subresource),
                   {}, this,
                   [this, subresource](const KubeResponse &response) {
                       const bool allowed = !response.ok()
                                            || response.object.value(QLatin1String("status")).toObject()
                                                   .value(QLatin1String("allowed")).toBool();
                       answered(subresource, allowed);
                   });
}

void WriteAccessCheck::answered(const QString &subresource, bool allowed)
{
    if (!allowed) {
        const QString what = m_type.qualifiedName() + (subresource.isEmpty() ? QString() : QLatin1Char('/') + subresource);
        m_missing << (m_namespace.isEmpty() ? tr("patch %1 in every namespace").arg(what)
                                            : tr("patch %1 in namespace %2").arg(what, m_namespace));
    }
    if (--m_waiting > 0)
        return;
    m_missing.sort();
    m_done(m_missing.join(tr(", ")));
    deleteLater();
}

} // namespace cvc::ui
