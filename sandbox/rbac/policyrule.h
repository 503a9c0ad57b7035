#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace cvc::sandbox {

// One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule).
struct PolicyRule
{
    QStringList verbs;
    QStringList apiGroups;
    QStringList resources;
    QStringList resourceNames;
    QStringList nonResourceURLs;

    static PolicyRule fromJson(const QJsonObject &rule);
    static QList<PolicyRule> listFromJson(const QJsonValue &rules);
    QJsonObject toJson() const;
    // kube's PolicyRule.CompactString(), as escalation errors print a missing right:
    // `{APIGroups:["crypto.tools"], Resources:["cryptovaluecalculators"], Verbs:["get" "list"]}`.
    QString compactString() const;

    friend bool operator==(const PolicyRule &, const PolicyRule &) = default;
};

// Go's %q of a []string: `["a" "b"]`.
QString goQuotedList(const QStringList &values);

} // namespace cvc::sandbox
