#pragma once

#include "kube/resourcetype.h"

#include <QObject>
#include <QString>

#include <functional>

namespace cvc {
class KubeClient;
}

namespace cvc::ui {

// Whether this account may write values: patch CVCs (the `value` annotation) and their status,
// in the namespace the loop watches ("" = every namespace). Asked with SelfSubjectAccessReview
// before the dashboard competes for the Lease, so that an account that may only read never takes
// the Lease from a writer that can write, nor spends price calls. Where the server has no review
// API (or does not answer), writing counts as allowed: the first 403 will say otherwise.
class WriteAccessCheck : public QObject
{
    Q_OBJECT
public:
    // `done` gets "" when writing is allowed, else what is missing, as kubectl auth can-i words
    // it: "patch cryptovaluecalculators.crypto.tools/status in namespace default".
    using Done = std::function<void(const QString &missing)>;

    // Deletes itself after `done`; `done` is not called when `context` is gone.
    static void run(cvc::KubeClient *client, const cvc::ResourceType &type, const QString &namespaceName,
                    QObject *context, Done done);

private:
    WriteAccessCheck(const cvc::ResourceType &type, const QString &namespaceName, QObject *context, Done done);
    void ask(cvc::KubeClient *client, const QString &subresource);
    void answered(const QString &subresource, bool allowed);

    cvc::ResourceType m_type;
    QString m_namespace;
    Done m_done;
    int m_waiting = 0;
    QStringList m_missing;
};

} // namespace cvc::ui
