#include "rulematcher.h"

#include "requestattributes.h"
#include "security/userinfo.h"

namespace cvc::sandbox::RuleMatcher {

namespace {
const QString All = QStringLiteral("*");
}

bool verbMatches(const PolicyRule &rule, const QString &verb)
{
    return rule.verbs.contains(All) || rule.verbs.contains(verb);
}

bool apiGroupMatches(const PolicyRule &rule, const QString &group)
{
    return rule.apiGroups.contains(All) || rule.apiGroups.contains(group);
}

bool resourceMatches(const PolicyRule &rule, const QString &combinedResource, const QString &subresource)
{
    for (const QString &resource : rule.resources) {
        if (resource == All || resource == combinedResource)
            return true;
        if (!subresource.isEmpty() && resource.size() == subresource.size() + 2 && resource.startsWith(QLatin1String("*/"))
            && resource.mid(2) == subresource)
            return true;
    }
    return false;
}

bool resourceNameMatches(const PolicyRule &rule, const QString &name)
{
    return rule.resourceNames.isEmpty() || rule.resourceNames.contains(name);
}

bool nonResourceUrlMatches(const PolicyRule &rule, const QString &path)
{
    for (const QString &url : rule.nonResourceURLs) {
        if (url == All || url == path)
            return true;
        if (url.endsWith(QLatin1Char('*')) && path.startsWith(QStringView(url).chopped(1)))
            return true;
    }
    return false;
}

bool ruleAllows(const RequestAttributes &request, const PolicyRule &rule)
{
    if (!request.resourceRequest)
        return verbMatches(rule, request.verb) && nonResourceUrlMatches(rule, request.path);
    return verbMatches(rule, request.verb) && apiGroupMatches(rule, request.apiGroup)
        && resourceMatches(rule, request.combinedResource(), request.subresource) && resourceNameMatches(rule, request.name);
}

bool appliesTo(const RoleBinding::Subject &subject, const UserInfo &user, const QString &bindingNamespace)
{
    if (subject.kind == QLatin1String("User"))
        return subject.name == user.name;
    if (subject.kind == QLatin1String("Group"))
        return user.groups.contains(subject.name);
    if (subject.kind == QLatin1String("ServiceAccount")) {
        const QString ns = subject.ns.isEmpty() ? bindingNamespace : subject.ns;
        return !ns.isEmpty() && user.name == UserInfo::serviceAccountName(ns, subject.name);
    }
    return false;
}

} // namespace cvc::sandbox::RuleMatcher
