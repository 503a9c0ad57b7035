#include "escalationcheck.h"

#include "rbacpolicy.h"
#include "ruleresolver.h"
#include "security/userinfo.h"

#include <QMap>

#include <algorithm>

namespace cvc::sandbox::EscalationCheck {

namespace {

const QString All = QStringLiteral("*");

bool hasAll(const QStringList &set, const QStringList &contains)
{
    return std::all_of(contains.begin(), contains.end(), [&set](const QString &item) { return set.contains(item); });
}

bool resourceCovers(const QStringList &owner, const QString &servant)
{
    if (owner.contains(All) || owner.contains(servant))
        return true;
    const qsizetype slash = servant.indexOf(QLatin1Char('/'));
    return slash >= 0 && owner.contains(QStringLiteral("*/") + servant.mid(slash + 1));
}

bool nonResourceUrlCovers(const QString &owner, const QString &servant)
{
    return owner == servant || (owner.endsWith(QLatin1Char('*')) && servant.startsWith(QStringView(owner).chopped(1)));
}

bool ruleCovers(const PolicyRule &owner, const PolicyRule &servant)
{
    const bool verbs = owner.verbs.contains(All) || hasAll(owner.verbs, servant.verbs);
    const bool groups = owner.apiGroups.contains(All) || hasAll(owner.apiGroups, servant.apiGroups);
    const bool resources = std::all_of(servant.resources.begin(), servant.resources.end(),
                                       [&owner](const QString &r) { return resourceCovers(owner.resources, r); });
    const bool urls = std::all_of(servant.nonResourceURLs.begin(), servant.nonResourceURLs.end(), [&owner](const QString &url) {
        return std::any_of(owner.nonResourceURLs.begin(), owner.nonResourceURLs.end(),
                           [&url](const QString &ownerUrl) { return nonResourceUrlCovers(ownerUrl, url); });
    });
    const bool names = servant.resourceNames.isEmpty() ? owner.resourceNames.isEmpty()
                                                       : owner.resourceNames.isEmpty() || hasAll(owner.resourceNames, servant.resourceNames);
    return verbs && groups && resources && urls && names;
}

} // namespace

QList<PolicyRule> breakdown(const PolicyRule &rule)
{
    QList<PolicyRule> out;
    for (const QString &group : rule.apiGroups) {
        for (const QString &resource : rule.resources) {
            for (const QString &verb : rule.verbs) {
                if (rule.resourceNames.isEmpty()) {
                    out.append({{verb}, {group}, {resource}, {}, {}});
                    continue;
                }
                for (const QString &name : rule.resourceNames)
                    out.append({{verb}, {group}, {resource}, {name}, {}});
            }
        }
    }
    for (const QString &url : rule.nonResourceURLs) {
        for (const QString &verb : rule.verbs)
            out.append({{verb}, {}, {}, {}, {url}});
    }
    return out;
}

bool covers(const QList<PolicyRule> &owner, const QList<PolicyRule> &servant, QList<PolicyRule> *missing)
{
    bool all = true;
    for (const PolicyRule &rule : servant) {
        for (const PolicyRule &single : breakdown(rule)) {
            if (std::any_of(owner.begin(), owner.end(), [&single](const PolicyRule &o) { return ruleCovers(o, single); }))
                continue;
            all = false;
            if (missing)
                missing->append(single);
        }
    }
    return all;
}

QList<PolicyRule> compact(const QList<PolicyRule> &rules)
{
    // Only single-group, single-resource, at most single-name resource rules merge; others pass.
    QList<PolicyRule> out;
    QMap<QStringList, qsizetype> merged;   // (group, resource, has name, name) → index in out
    for (const PolicyRule &rule : rules) {
        if (rule.apiGroups.size() != 1 || rule.resources.size() != 1 || !rule.nonResourceURLs.isEmpty() || rule.resourceNames.size() > 1) {
            out.append(rule);
            continue;
        }
        const QStringList key{rule.apiGroups.first(), rule.resources.first(), rule.resourceNames.isEmpty() ? QString() : QStringLiteral("1"),
                              rule.resourceNames.value(0)};
        const auto it = merged.constFind(key);
        if (it == merged.constEnd()) {
            merged.insert(key, out.size());
            out.append(rule);
            continue;
        }
        for (const QString &verb : rule.verbs) {
            if (!out[it.value()].verbs.contains(verb))
                out[it.value()].verbs.append(verb);
        }
    }
    return out;
}

std::optional<QString> confirmNoEscalation(const RbacPolicy &policy, const UserInfo &user, const QString &ns,
                                           const QList<PolicyRule> &rules)
{
    QStringList errors;
    const QList<PolicyRule> owner = RuleResolver(policy).rulesFor(user, ns, &errors);
    QList<PolicyRule> missing;
    if (covers(owner, rules, &missing))
        return std::nullopt;
    QStringList descriptions;
    for (const PolicyRule &rule : compact(missing)) {
        const QString text = rule.compactString();
        if (!descriptions.contains(text))
            descriptions.append(text);
    }
    // kube joins a sorted set of the descriptions.
    std::sort(descriptions.begin(), descriptions.end());
    QString message = QStringLiteral("user \"%1\" (groups=%2) is attempting to grant RBAC permissions not currently held:\n%3")
                          .arg(user.name, goQuotedList(user.groups), descriptions.join(QLatin1Char('\n')));
    if (!errors.isEmpty())
        message += QStringLiteral("; resolution errors: [") + errors.join(QLatin1Char(' ')) + QLatin1Char(']');
    return message;
}

} // namespace cvc::sandbox::EscalationCheck
