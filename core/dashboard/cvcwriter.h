#pragma once

#include "cvc/cvcspec.h"
#include "kube/kuberesponse.h"
#include "kube/resourcetype.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>

#include "kube/kubeclient.h"

namespace cvc::ui {

// The writes a person makes from the dashboard: create, change spec, delete. Every write names
// field manager cvc-dashboard and asks for strict field validation, like kubectl does.
class CvcWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const cvc::KubeResponse &)>;
    static constexpr const char *fieldManager = "cvc-dashboard";

    explicit CvcWriter(QObject *parent = nullptr);

    void setClient(cvc::KubeClient *client, const cvc::ResourceType &type);
    bool hasClient() const { return m_client != nullptr; }

    // `spec`'s coin, amount and, when it has one, costBasis.
    static QJsonObject newObject(const cvc::ResourceType &type, const QString &namespaceName, const QString &name,
                                 const cvc::CvcSpec &spec);
    // The spec fields of an edit as a merge patch: coin, amount, and costBasis or null (a cost
    // basis cleared in the dialog is removed; null on a CVC that has none changes nothing).
    static QJsonObject specFields(const cvc::CvcSpec &spec);
    // The merge patch for a spec edit: specFields plus metadata.resourceVersion as a
    // precondition, so the server answers 409 when the object moved since `resourceVersion`.
    static QJsonObject specPatch(const QString &resourceVersion, const cvc::CvcSpec &spec);

    void create(const QString &namespaceName, const QString &name, const cvc::CvcSpec &spec, QObject *context, Done done);
    void patchSpec(const QString &namespaceName, const QString &name, const QString &resourceVersion,
                   const cvc::CvcSpec &spec, QObject *context, Done done);
    void remove(const QString &namespaceName, const QString &name, QObject *context, Done done);
    void get(const QString &namespaceName, const QString &name, QObject *context, Done done);

private:
    QPointer<cvc::KubeClient> m_client;
    cvc::ResourceType m_type;
};

} // namespace cvc::ui
