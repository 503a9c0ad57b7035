#pragma once

#include "kube/resourcetype.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include "kube/kubeclient.h"

namespace cvc::ui {

// What the user may do with CVCs in the current scope. Asked once per connection and scope
// with SelfSubjectAccessReview; where the server has no such API every verb counts as allowed
// until the first 403 says otherwise. Actions the user may not take are disabled with
// denialText() as the tooltip.
class Permissions : public QObject
{
    Q_OBJECT
public:
    explicit Permissions(QObject *parent = nullptr);

    static QStringList checkedVerbs(); // list, watch, create, patch, delete
    // The SelfSubjectAccessReview asking whether this account may `verb` `type` (its
    // `subresource`, if given) in `namespaceName` ("" = every namespace).
    static QJsonObject accessReview(const cvc::ResourceType &type, const QString &verb, const QString &namespaceName,
                                    const QString &subresource = {});
    static QString accessReviewPath() { return QStringLiteral("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"); }

    void check(cvc::KubeClient *client, const cvc::ResourceType &type, const QString &namespaceName);
    bool isAllowed(const QString &verb) const { return !m_denied.contains(verb); }
    // "Not allowed: your account may not delete cryptovaluecalculators.crypto.tools in namespace x (missing verb delete)."
    QString denialText(const QString &verb) const;
    // A request came back 403: remember it even if the review said yes.
    void noteForbidden(const QString &verb, const cvc::KubeError &error);

Q_SIGNALS:
    void permissionsChanged();

private:
    QPointer<cvc::KubeClient> m_client;
    cvc::ResourceType m_type;
    QString m_namespace;
    QHash<QString, QString> m_denied; // verb → reason the server gave
    int m_generation = 0;             // answers of an older check are ignored
};

} // namespace cvc::ui
