#include "rbacauthorizer.h"

#include "requestattributes.h"
#include "ruleresolver.h"
#include "rulematcher.h"

#include <QStringList>

namespace cvc::sandbox {

RbacAuthorizer::RbacAuthorizer(const RbacPolicy &policy)
    : m_policy(policy)
{
}

RbacAuthorizer::Decision RbacAuthorizer::authorize(const RequestAttributes &request) const
{
    if (request.user.groups.contains(QLatin1String(SuperuserGroup)))
        return {true, QString()};
    Decision decision;
    QStringList errors;
    RuleResolver(m_policy).visitRulesFor(request.user, request.ns,
                                         [&](const QString &source, const PolicyRule *rule, const QString &error) {
                                             if (rule && RuleMatcher::ruleAllows(request, *rule)) {
                                                 decision = {true, QStringLiteral("RBAC: allowed by ") + source};
                                                 return false;
                                             }
                                             if (!rule)
                                                 errors.append(error);
                                             return true;
                                         });
    // kube prints its aggregate of errors: one as it is, several as "[a, b]".
    if (!decision.allowed && !errors.isEmpty())
        decision.reason = QStringLiteral("RBAC: ")
            + (errors.size() == 1 ? errors.first() : QLatin1Char('[') + errors.join(QStringLiteral(", ")) + QLatin1Char(']'));
    return decision;
}

} // namespace cvc::sandbox
