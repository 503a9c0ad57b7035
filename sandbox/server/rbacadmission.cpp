#include "rbacadmission.h"

#include "apirequest.h"
#include "escalationcheck.h"
#include "objectmeta.h"
#include "rbacauthorizer.h"
#include "rbacpolicy.h"
#include "rbacstate.h"
#include "requestauthorizer.h"
#include "rolebinding.h"

namespace cvc::sandbox {

namespace {

const QString kRbacGroup = QStringLiteral("rbac.authorization.k8s.io");

// What it takes to create or change an aggregated ClusterRole: every right (kube checks
// "full authority" since the role gains whatever gets labelled later).
QList<PolicyRule> fullAuthority()
{
    return {{{QStringLiteral("*")}, {QStringLiteral("*")}, {QStringLiteral("*")}, {}, {}},
            {{QStringLiteral("*")}, {}, {}, {}, {QStringLiteral("*")}}};
}

} // namespace

RbacAdmission::RbacAdmission(const RbacState *state, const RequestAuthorizer *authorizer)
    : m_state(state)
    , m_authorizer(authorizer)
{
}

std::optional<StatusError> RbacAdmission::admit(const ApiRequest &request, const QJsonObject &old, const QJsonObject &object) const
{
    if (!m_state || !m_authorizer || m_authorizer->mode() == RequestAuthorizer::Mode::AlwaysAllow
        || request.resource.group != kRbacGroup || !request.path.subresource.isEmpty()
        || request.user.groups.contains(QLatin1String(RbacAuthorizer::SuperuserGroup)))
        return std::nullopt;
    const QString resource = request.resource.plural;
    if (resource == QLatin1String("roles") || resource == QLatin1String("clusterroles"))
        return admitRole(request, old, object);
    if (resource == QLatin1String("rolebindings") || resource == QLatin1String("clusterrolebindings"))
        return admitBinding(request, object);
    return std::nullopt;
}

bool RbacAdmission::verbAllowed(const ApiRequest &request, const QString &verb, const QString &resource, const QString &name) const
{
    RequestAttributes attributes;
    attributes.user = request.user;
    attributes.verb = verb;
    attributes.apiGroup = kRbacGroup;
    attributes.apiVersion = request.resource.version;
    attributes.resource = resource;
    attributes.ns = request.path.ns;
    attributes.name = name;
    return m_authorizer->authorize(attributes).allowed;
}

std::optional<StatusError> RbacAdmission::admitRole(const ApiRequest &request, const QJsonObject &old, const QJsonObject &object) const
{
    const QString name = ObjectMeta::name(object);
    const bool aggregated = object.value(QStringLiteral("aggregationRule")).isObject();
    // An update that leaves the rules (and aggregation) alone needs no rights beyond update.
    if (!old.isEmpty() && old.value(QStringLiteral("rules")) == object.value(QStringLiteral("rules"))
        && old.value(QStringLiteral("aggregationRule")) == object.value(QStringLiteral("aggregationRule")))
        return std::nullopt;
    if (verbAllowed(request, QStringLiteral("escalate"), request.resource.plural, name))
        return std::nullopt;
    const QList<PolicyRule> rules = aggregated ? fullAuthority() : PolicyRule::listFromJson(object.value(QStringLiteral("rules")));
    if (const auto error = EscalationCheck::confirmNoEscalation(m_state->policy(), request.user, request.path.ns, rules))
        return StatusError::forbidden(request.resource.plural, kRbacGroup, name, *error);
    return std::nullopt;
}

std::optional<StatusError> RbacAdmission::admitBinding(const ApiRequest &request, const QJsonObject &object) const
{
    const RoleBinding binding = RoleBinding::fromJson(object);
    const bool clusterRole = binding.roleRef.kind == QLatin1String("ClusterRole");
    if (verbAllowed(request, QStringLiteral("bind"), clusterRole ? QStringLiteral("clusterroles") : QStringLiteral("roles"),
                    binding.roleRef.name))
        return std::nullopt;
    const RbacPolicy &policy = m_state->policy();
    const auto rules = clusterRole ? policy.clusterRoleRules(binding.roleRef.name) : policy.roleRules(request.path.ns, binding.roleRef.name);
    const QString name = ObjectMeta::name(object);
    if (!rules) {
        // kube cannot judge a binding to a role it cannot find: the lookup's error is the reason.
        const QString missing = QStringLiteral("%1.rbac.authorization.k8s.io \"%2\" not found")
                                    .arg(clusterRole ? QStringLiteral("clusterroles") : QStringLiteral("roles"), binding.roleRef.name);
        return StatusError::forbidden(request.resource.plural, kRbacGroup, name, missing);
    }
    if (const auto error = EscalationCheck::confirmNoEscalation(policy, request.user, request.path.ns, *rules))
        return StatusError::forbidden(request.resource.plural, kRbacGroup, name, *error);
    return std::nullopt;
}

} // namespace cvc::sandbox
