#include "dashboard/permissions.h"

#include "kube/kubeclient.h"
#include "kube/kubeerror.h"

namespace cvc::ui {

Permissions::Permissions(QObject *parent)
    : QObject(parent)
{
}

QStringList Permissions::checkedVerbs()
{
    return {QStringLiteral("list"), QStringLiteral("watch"), QStringLiteral("create"), QStringLiteral("patch"),
            QStringLiteral("delete")};
}

void Permissions::check(KubeClient *client, const ResourceType &type, const QString &namespaceName)
{
    m_client = client;
    m_type = type;
    m_namespace = namespaceName;
    m_denied.clear();
    const int generation = ++m_generation;
    Q_EMIT permissionsChanged();
    if (!client)
        return;
    for (const QString &verb : checkedVerbs()) {
        client->create(accessReviewPath(), accessReview(type, verb, namespaceName), {}, this,
                       [this, verb, generation](const KubeResponse &response) {
                           if (generation != m_generation || !response.ok())
                               return; // no review API: learn from the first 403 instead
                           const QJsonObject status = response.object.value(QLatin1String("status")).toObject();
                           if (status.value(QLatin1String("allowed")).toBool())
                               return;
                           QString reason = status.value(QLatin1String("reason")).toString();
                           if (reason.isEmpty())
                               reason = status.value(QLatin1String("evaluationError")).toString();
                           m_denied.insert(verb, reason);
                           Q_EMIT permissionsChanged();
                       });
    }
}

QJsonObject Permissions::accessReview(const ResourceType &type, const QString &verb, const QString &namespaceName,
                                      const QString &subresource)
{
    QJsonObject attributes{{QStringLiteral("verb"), verb},
                           {QStringLiteral("group"), type.group},
                           {QStringLiteral("resource"), type.plural}};
    if (!subresource.isEmpty())
        attributes.insert(QStringLiteral("subresource"), subresource);
    if (!namespaceName.isEmpty())
        attributes.insert(QStringLiteral("namespace"), namespaceName);
    return {{QStringLiteral("apiVersion"), QStringLiteral("authorization.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("SelfSubjectAccessReview")},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("resourceAttributes"), attributes}}}};
}

QString Permissions::denialText(const QString &verb) const
{
    if (isAllowed(verb))
        return {};
    const QString where = m_namespace.isEmpty() ? tr("in any namespace") : tr("in namespace %1").arg(m_namespace);
    QString text = tr("Not allowed: your account may not %1 %2 %3 (missing verb \"%1\").")
                       .arg(verb, m_type.qualifiedName(), where);
    const QString reason = m_denied.value(verb);
    if (!reason.isEmpty())
        text += QLatin1Char(' ') + reason;
    return text;
}

void Permissions::noteForbidden(const QString &verb, const KubeError &error)
{
    if (error.httpStatus != 403)
        return;
    m_denied.insert(verb, error.message);
    Q_EMIT permissionsChanged();
}

} // namespace cvc::ui
