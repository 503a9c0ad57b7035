#include "clusterroleaggregator.h"

#include "apimachinery/labelselector.h"

#include <QJsonArray>
#include <QMap>

namespace cvc::sandbox::ClusterRoleAggregator {

namespace {

QString nameOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

} // namespace

std::optional<QList<PolicyRule>> aggregatedRules(const QJsonObject &clusterRole, const QList<QJsonObject> &clusterRoles)
{
    const QJsonValue rule = clusterRole.value(QStringLiteral("aggregationRule"));
    if (!rule.isObject())
        return std::nullopt;
    const QString self = nameOf(clusterRole);
    QMap<QString, const QJsonObject *> matched;   // by name: the controller sorts them
    for (const QJsonValue &selectorValue : rule.toObject().value(QStringLiteral("clusterRoleSelectors")).toArray()) {
        const auto selector = LabelSelector::fromJson(selectorValue.toObject());
        if (!selector)
            continue;   // kube's controller gives up on such a role; it then keeps what it had
        for (const QJsonObject &candidate : clusterRoles) {
            if (selector->matchesObject(candidate))
                matched.insert(nameOf(candidate), &candidate);
        }
    }
    QList<PolicyRule> rules;
    for (auto it = matched.cbegin(); it != matched.cend(); ++it) {
        if (it.key() == self)
            continue;
        for (const PolicyRule &candidate : PolicyRule::listFromJson(it.value()->value(QStringLiteral("rules")))) {
            if (!rules.contains(candidate))
                rules.append(candidate);
        }
    }
    return rules;
}

} // namespace cvc::sandbox::ClusterRoleAggregator
