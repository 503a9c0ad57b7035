#include "kubeprotobufregistry.h"

#include "authentication_v1.pb.h"
#include "authorization_v1.pb.h"
#include "core_v1.pb.h"
#include "rbac_v1.pb.h"

#include <QList>

namespace cvc::sandbox {

namespace {

struct Entry
{
    QString apiVersion;
    QString kind;
    const google::protobuf::Descriptor *message;
};

const QList<Entry> &entries()
{
    namespace core = k8s::io::api::core::v1;
    namespace rbac = k8s::io::api::rbac::v1;
    namespace authorization = k8s::io::api::authorization::v1;
    namespace authentication = k8s::io::api::authentication::v1;
    const QString rbacVersion = QStringLiteral("rbac.authorization.k8s.io/v1");
    // Referencing each descriptor() also keeps the generated code in a static link.
    static const QList<Entry> all{
        {QStringLiteral("v1"), QStringLiteral("Namespace"), core::Namespace::descriptor()},
        {QStringLiteral("v1"), QStringLiteral("ConfigMap"), core::ConfigMap::descriptor()},
        {QStringLiteral("v1"), QStringLiteral("Secret"), core::Secret::descriptor()},
        {QStringLiteral("v1"), QStringLiteral("ServiceAccount"), core::ServiceAccount::descriptor()},
        {rbacVersion, QStringLiteral("Role"), rbac::Role::descriptor()},
        {rbacVersion, QStringLiteral("RoleBinding"), rbac::RoleBinding::descriptor()},
        {rbacVersion, QStringLiteral("ClusterRole"), rbac::ClusterRole::descriptor()},
        {rbacVersion, QStringLiteral("ClusterRoleBinding"), rbac::ClusterRoleBinding::descriptor()},
        // Decoded only: the server answers reviews in JSON, which kubectl accepts.
        {QStringLiteral("authorization.k8s.io/v1"), QStringLiteral("SelfSubjectAccessReview"),
         authorization::SelfSubjectAccessReview::descriptor()},
        {QStringLiteral("authorization.k8s.io/v1"), QStringLiteral("SelfSubjectRulesReview"),
         authorization::SelfSubjectRulesReview::descriptor()},
        {QStringLiteral("authentication.k8s.io/v1"), QStringLiteral("TokenRequest"), authentication::TokenRequest::descriptor()},
    };
    return all;
}

} // namespace

const google::protobuf::Descriptor *KubeProtobufRegistry::message(const QString &apiVersion, const QString &kind)
{
    for (const Entry &entry : entries()) {
        if (entry.apiVersion == apiVersion && entry.kind == kind)
            return entry.message;
    }
    return nullptr;
}

QStringList KubeProtobufRegistry::kinds()
{
    QStringList out;
    for (const Entry &entry : entries())
        out.append(entry.kind);
    return out;
}

} // namespace cvc::sandbox
