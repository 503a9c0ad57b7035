// The RBAC evaluator as units: rule matching, rule resolution over bindings, the authorizer's
// reasons, ClusterRole aggregation and the escalation checks, each against kube's documented
// behaviour (https://kubernetes.io/docs/reference/access-authn-authz/rbac/) and its source
// (plugin/pkg/auth/authorizer/rbac, pkg/registry/rbac/validation).
#include "bootstrappolicy.h"
#include "clusterroleaggregator.h"
#include "escalationcheck.h"
#include "rbacauthorizer.h"
#include "rbacpolicy.h"
#include "requestattributes.h"
#include "ruleresolver.h"
#include "rulematcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace cvc::sandbox;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

UserInfo user(const QString &name, const QStringList &groups = {})
{
    UserInfo u;
    u.name = name;
    u.groups = groups + QStringList{QStringLiteral("system:authenticated")};
    return u;
}

RequestAttributes resource(const UserInfo &u, const QString &verb, const QString &group, const QString &res, const QString &ns,
                           const QString &name = {}, const QString &sub = {})
{
    RequestAttributes a;
    a.user = u;
    a.verb = verb;
    a.apiGroup = group;
    a.resource = res;
    a.subresource = sub;
    a.ns = ns;
    a.name = name;
    return a;
}

RequestAttributes path(const UserInfo &u, const QString &verb, const QString &p)
{
    RequestAttributes a;
    a.user = u;
    a.verb = verb;
    a.resourceRequest = false;
    a.path = p;
    return a;
}

PolicyRule rule(const char *text)
{
    return PolicyRule::fromJson(json(text));
}

} // namespace

class TestRbac : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ruleMatching();
    void subjects();
    void authorizerReasons();
    void roleBindingOfClusterRoleIsNamespaced();
    void aggregation();
    void escalationCoverage();
    void escalationMessage();
    void bootstrapPolicy();
    void bootstrapReconciliation();
};

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
void TestRbac::ruleMatching()
{
    const UserInfo alice = user(QStringLiteral("alice"));
    const PolicyRule status = rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators/status"],"verbs":["patch"]})");
    QVERIFY(RuleMatcher::ruleAllows(resource(alice, "patch", "crypto.tools", "cryptovaluecalculators", "default", "x", "status"), status));
    // The status rule grants nothing on the object itself, nor another verb.
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "patch", "crypto.tools", "cryptovaluecalculators", "default", "x"), status));
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "update", "crypto.tools", "cryptovaluecalculators", "default", "x", "status"), status));
    // "*/status" is any resource's status subresource; "*" every resource and subresource.
    QVERIFY(RuleMatcher::ruleAllows(resource(alice, "get", "apps", "deployments", "d", "x", "status"),
                                    rule(R"({"apiGroups":["apps"],"resources":["*/status"],"verbs":["get"]})")));
    QVERIFY(RuleMatcher::ruleAllows(resource(alice, "get", "apps", "deployments", "d", "x", "status"),
                                    rule(R"({"apiGroups":["*"],"resources":["*"],"verbs":["*"]})")));
    // resourceNames: only requests naming one of them (never list or create).
    const PolicyRule named = rule(R"({"apiGroups":["coordination.k8s.io"],"resources":["leases"],"resourceNames":["cvc-operator"],"verbs":["get","update"]})");
    QVERIFY(RuleMatcher::ruleAllows(resource(alice, "get", "coordination.k8s.io", "leases", "s", "cvc-operator"), named));
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "get", "coordination.k8s.io", "leases", "s", "other"), named));
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "list", "coordination.k8s.io", "leases", "s"), rule(R"({"apiGroups":["coordination.k8s.io"],"resources":["leases"],"resourceNames":["cvc-operator"],"verbs":["list"]})")));
    // The core group is "".
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "create", "", "events", "d"), rule(R"({"apiGroups":["events.k8s.io"],"resources":["events"],"verbs":["create"]})")));
    QVERIFY(RuleMatcher::ruleAllows(resource(alice, "create", "", "events", "d"), rule(R"({"apiGroups":[""],"resources":["events"],"verbs":["create"]})")));
    // Non-resource URLs: exact, or a prefix ending in "*"; never a resource request.
    const PolicyRule urls = rule(R"({"nonResourceURLs":["/healthz","/apis/*"],"verbs":["get"]})");
    QVERIFY(RuleMatcher::ruleAllows(path(alice, "get", "/healthz"), urls));
    QVERIFY(RuleMatcher::ruleAllows(path(alice, "get", "/apis/crypto.tools/v1"), urls));
    QVERIFY(!RuleMatcher::ruleAllows(path(alice, "get", "/healthz/etcd"), urls));
    QVERIFY(!RuleMatcher::ruleAllows(path(alice, "post", "/healthz"), urls));
    QVERIFY(!RuleMatcher::ruleAllows(resource(alice, "get", "", "healthz", ""), urls));
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects
void TestRbac::subjects()
{
    UserInfo sa = user(QStringLiteral("system:serviceaccount:cvc-system:cvc-operator"),
                       {QStringLiteral("system:serviceaccounts"), QStringLiteral("system:serviceaccounts:cvc-system")});
    QVERIFY(RuleMatcher::appliesTo({QStringLiteral("ServiceAccount"), QStringLiteral("cvc-operator"), QStringLiteral("cvc-system")}, sa, QString()));
    // Without a namespace the subject means the binding's namespace.
    QVERIFY(RuleMatcher::appliesTo({QStringLiteral("ServiceAccount"), QStringLiteral("cvc-operator"), QString()}, sa, QStringLiteral("cvc-system")));
    QVERIFY(!RuleMatcher::appliesTo({QStringLiteral("ServiceAccount"), QStringLiteral("cvc-operator"), QString()}, sa, QStringLiteral("default")));
    QVERIFY(!RuleMatcher::appliesTo({QStringLiteral("ServiceAccount"), QStringLiteral("cvc-operator"), QString()}, sa, QString()));
    QVERIFY(RuleMatcher::appliesTo({QStringLiteral("Group"), QStringLiteral("system:serviceaccounts:cvc-system"), QString()}, sa, QString()));
    QVERIFY(RuleMatcher::appliesTo({QStringLiteral("Group"), QStringLiteral("system:authenticated"), QString()}, sa, QString()));
    QVERIFY(!RuleMatcher::appliesTo({QStringLiteral("User"), QStringLiteral("cvc-operator"), QString()}, sa, QString()));
    QVERIFY(RuleMatcher::appliesTo({QStringLiteral("User"), sa.name, QString()}, sa, QString()));
}

void TestRbac::authorizerReasons()
{
    RbacPolicy policy;
    policy.addClusterRole(json(R"({"metadata":{"name":"reader"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list","watch"]}]})"));
    policy.addClusterRoleBinding(json(R"({"metadata":{"name":"readers"},"roleRef":{"kind":"ClusterRole","name":"reader"},"subjects":[{"kind":"Group","name":"devs"}]})"));
    policy.addClusterRoleBinding(json(R"({"metadata":{"name":"dangling"},"roleRef":{"kind":"ClusterRole","name":"gone"},"subjects":[{"kind":"User","name":"bob"}]})"));
    const RbacAuthorizer authorizer(policy);

    const auto allowed = authorizer.authorize(resource(user("alice", {"devs"}), "list", "crypto.tools", "cryptovaluecalculators", "default"));
    QVERIFY(allowed.allowed);
    QCOMPARE(allowed.reason, QStringLiteral(R"(RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "reader" to Group "devs")"));
    const auto denied = authorizer.authorize(resource(user("alice", {"devs"}), "delete", "crypto.tools", "cryptovaluecalculators", "default", "x"));
    QVERIFY(!denied.allowed);
    QCOMPARE(denied.reason, QString());
    // A binding to a missing role is the reason kube gives.
    const auto missing = authorizer.authorize(resource(user("bob"), "get", "crypto.tools", "cryptovaluecalculators", "default", "x"));
    QVERIFY(!missing.allowed);
    QCOMPARE(missing.reason, QStringLiteral(R"(RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found)"));
    // system:masters needs no binding.
    QVERIFY(authorizer.authorize(resource(user("root", {"system:masters"}), "delete", "", "namespaces", "x", "x")).allowed);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
void TestRbac::roleBindingOfClusterRoleIsNamespaced()
{
    RbacPolicy policy;
    policy.addClusterRole(json(R"({"metadata":{"name":"lease-writer"},"rules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","create","update"]}]})"));
    policy.addRole(json(R"({"metadata":{"name":"events","namespace":"cvc-system"},"rules":[{"apiGroups":[""],"resources":["events"],"verbs":["create"]}]})"));
    policy.addRoleBinding(json(R"({"metadata":{"name":"op","namespace":"cvc-system"},"roleRef":{"kind":"ClusterRole","name":"lease-writer"},"subjects":[{"kind":"ServiceAccount","name":"op"}]})"));
    policy.addRoleBinding(json(R"({"metadata":{"name":"op-events","namespace":"cvc-system"},"roleRef":{"kind":"Role","name":"events"},"subjects":[{"kind":"ServiceAccount","name":"op"}]})"));
    const UserInfo op = user(QStringLiteral("system:serviceaccount:cvc-system:op"));
    const RbacAuthorizer authorizer(policy);
    const auto allowed = authorizer.authorize(resource(op, "update", "coordination.k8s.io", "leases", "cvc-system", "l"));
    QVERIFY(allowed.allowed);
    QCOMPARE(allowed.reason, QStringLiteral(R"(RBAC: allowed by RoleBinding "op/cvc-system" of ClusterRole "lease-writer" to ServiceAccount "op/cvc-system")"));
    QVERIFY(!authorizer.authorize(resource(op, "update", "coordination.k8s.io", "leases", "default", "l")).allowed);
    QVERIFY(!authorizer.authorize(resource(op, "list", "coordination.k8s.io", "leases", "")).allowed);
    QVERIFY(authorizer.authorize(resource(op, "create", "", "events", "cvc-system")).allowed);
    QCOMPARE(RuleResolver(policy).rulesFor(op, QStringLiteral("cvc-system")).size(), 2);
    QCOMPARE(RuleResolver(policy).rulesFor(op, QStringLiteral("default")).size(), 0);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles
void TestRbac::aggregation()
{
    const QJsonObject view = json(R"({"metadata":{"name":"view"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}}]}})");
    const QJsonObject cvcView = json(R"({"metadata":{"name":"cvc-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list","watch"]}]})");
    const QJsonObject base = json(R"({"metadata":{"name":"a-base","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]},{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list","watch"]}]})");
    const QJsonObject unlabelled = json(R"({"metadata":{"name":"secret-reader"},"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]})");
    const auto rules = ClusterRoleAggregator::aggregatedRules(view, {view, cvcView, base, unlabelled});
    QVERIFY(rules);
    // Name order, each rule once.
    QCOMPARE(rules->size(), 2);
    QCOMPARE(rules->at(0).resources, QStringList{QStringLiteral("configmaps")});
    QCOMPARE(rules->at(1).resources, QStringList{QStringLiteral("cryptovaluecalculators")});
    QVERIFY(!ClusterRoleAggregator::aggregatedRules(unlabelled, {view, unlabelled}));
    // matchExpressions select too.
    const QJsonObject byExpression = json(R"({"metadata":{"name":"x"},"aggregationRule":{"clusterRoleSelectors":[{"matchExpressions":[{"key":"rbac.authorization.k8s.io/aggregate-to-view","operator":"Exists"}]}]}})");
    QCOMPARE(ClusterRoleAggregator::aggregatedRules(byExpression, {cvcView, unlabelled})->size(), 1);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
void TestRbac::escalationCoverage()
{
    const QList<PolicyRule> owner{rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators","*/status"],"verbs":["get","list","patch"]})"),
                                  rule(R"({"nonResourceURLs":["/apis/*"],"verbs":["get"]})")};
    QVERIFY(EscalationCheck::covers(owner, {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get"]})")}));
    QVERIFY(EscalationCheck::covers(owner, {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators/status"],"verbs":["patch"]})")}));
    QVERIFY(EscalationCheck::covers(owner, {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"resourceNames":["a"],"verbs":["get"]})")}));
    QVERIFY(EscalationCheck::covers(owner, {rule(R"({"nonResourceURLs":["/apis/crypto.tools"],"verbs":["get"]})")}));
    QList<PolicyRule> missing;
    QVERIFY(!EscalationCheck::covers(owner, {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","delete","update"]})")}, &missing));
    QCOMPARE(missing.size(), 2);
    const QList<PolicyRule> compacted = EscalationCheck::compact(missing);
    QCOMPARE(compacted.size(), 1);
    QCOMPARE(compacted.first().compactString(), QStringLiteral(R"({APIGroups:["crypto.tools"], Resources:["cryptovaluecalculators"], Verbs:["delete" "update"]})"));
    // A named grant does not cover every name.
    QVERIFY(!EscalationCheck::covers({rule(R"({"apiGroups":[""],"resources":["secrets"],"resourceNames":["a"],"verbs":["get"]})")},
                                     {rule(R"({"apiGroups":[""],"resources":["secrets"],"verbs":["get"]})")}));
    QVERIFY(!EscalationCheck::covers(owner, {rule(R"({"apiGroups":["*"],"resources":["*"],"verbs":["*"]})")}));
}

void TestRbac::escalationMessage()
{
    RbacPolicy policy;
    policy.addClusterRole(json(R"({"metadata":{"name":"reader"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get"]}]})"));
    policy.addClusterRoleBinding(json(R"({"metadata":{"name":"readers"},"roleRef":{"kind":"ClusterRole","name":"reader"},"subjects":[{"kind":"User","name":"alice"}]})"));
    const UserInfo alice = user(QStringLiteral("alice"), {QStringLiteral("devs")});
    QVERIFY(!EscalationCheck::confirmNoEscalation(policy, alice, QStringLiteral("default"),
                                                   {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get"]})")}));
    const auto error = EscalationCheck::confirmNoEscalation(
        policy, alice, QStringLiteral("default"),
        {rule(R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","delete"]})"),
         rule(R"({"apiGroups":[""],"resources":["secrets"],"verbs":["list"]})")});
    QVERIFY(error);
    QCOMPARE(*error, QStringLiteral("user \"alice\" (groups=[\"devs\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                                    "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"list\"]}\n"
                                    "{APIGroups:[\"crypto.tools\"], Resources:[\"cryptovaluecalculators\"], Verbs:[\"delete\"]}"));
}

void TestRbac::bootstrapPolicy()
{
    const QList<QJsonObject> objects = BootstrapPolicy::objects();
    QStringList names;
    RbacPolicy policy;
    QList<QJsonObject> clusterRoles;
    for (const QJsonObject &o : objects) {
        QCOMPARE(o.value("apiVersion").toString(), QStringLiteral("rbac.authorization.k8s.io/v1"));
        names << o.value("kind").toString() + '/' + o.value("metadata").toObject().value("name").toString();
        if (o.value("kind").toString() == QLatin1String("ClusterRole"))
            clusterRoles << o;
        else
            policy.addClusterRoleBinding(o);
    }
    for (const char *expected : {"ClusterRole/cluster-admin", "ClusterRole/admin", "ClusterRole/edit", "ClusterRole/view",
                                 "ClusterRole/system:discovery", "ClusterRole/system:basic-user", "ClusterRole/system:public-info-viewer",
                                 "ClusterRoleBinding/cluster-admin", "ClusterRoleBinding/system:discovery",
                                 "ClusterRoleBinding/system:basic-user", "ClusterRoleBinding/system:public-info-viewer"})
        QVERIFY2(names.contains(QLatin1String(expected)), expected);
    // view ⊂ edit ⊂ admin, by aggregation alone; aggregate twice as the controller converges.
    for (int round = 0; round < 3; ++round) {
        for (QJsonObject &role : clusterRoles) {
            if (const auto rules = ClusterRoleAggregator::aggregatedRules(role, clusterRoles)) {
                QJsonArray array;
                for (const PolicyRule &r : *rules)
                    array.append(r.toJson());
                role.insert("rules", array);
            }
        }
    }
    for (const QJsonObject &role : clusterRoles)
        policy.addClusterRole(role);
    policy.addClusterRoleBinding(json(R"({"metadata":{"name":"v"},"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"viewer"}]})"));
    policy.addClusterRoleBinding(json(R"({"metadata":{"name":"a"},"roleRef":{"kind":"ClusterRole","name":"admin"},"subjects":[{"kind":"User","name":"adm"}]})"));
    const RbacAuthorizer authorizer(policy);
    QVERIFY(authorizer.authorize(resource(user("viewer"), "list", "", "configmaps", "default")).allowed);
    QVERIFY(!authorizer.authorize(resource(user("viewer"), "get", "", "secrets", "default", "s")).allowed);
    QVERIFY(authorizer.authorize(resource(user("adm"), "get", "", "secrets", "default", "s")).allowed);
    QVERIFY(authorizer.authorize(resource(user("adm"), "create", "rbac.authorization.k8s.io", "rolebindings", "default")).allowed);
    // Every authenticated user: discovery and the reviews; anonymous: /version and health only.
    QVERIFY(authorizer.authorize(path(user("nobody"), "get", "/apis/crypto.tools/v1")).allowed);
    QVERIFY(authorizer.authorize(resource(user("nobody"), "create", "authorization.k8s.io", "selfsubjectaccessreviews", "")).allowed);
    UserInfo anonymous;
    anonymous.name = QStringLiteral("system:anonymous");
    anonymous.groups = {QStringLiteral("system:unauthenticated")};
    QVERIFY(authorizer.authorize(path(anonymous, "get", "/version")).allowed);
    QVERIFY(!authorizer.authorize(path(anonymous, "get", "/apis")).allowed);
    QVERIFY(authorizer.authorize(resource(user("root", {"system:masters"}), "escalate", "rbac.authorization.k8s.io", "clusterroles", "", "x")).allowed);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation
void TestRbac::bootstrapReconciliation()
{
    QJsonObject discovery;
    QJsonObject binding;
    QJsonObject view;
    for (const QJsonObject &o : BootstrapPolicy::objects()) {
        const QString name = o.value("kind").toString() + '/' + o.value("metadata").toObject().value("name").toString();
        if (name == QLatin1String("ClusterRole/system:discovery"))
            discovery = o;
        else if (name == QLatin1String("ClusterRoleBinding/system:public-info-viewer"))
            binding = o;
        else if (name == QLatin1String("ClusterRole/view"))
            view = o;
    }
    QVERIFY(!BootstrapPolicy::reconciled(discovery, discovery));
    // Rules removed by hand come back, extra rules and labels stay.
    QJsonObject edited = discovery;
    edited.insert("rules", QJsonArray{json(R"({"nonResourceURLs":["/api"],"verbs":["get"]})"), json(R"({"nonResourceURLs":["/extra"],"verbs":["get"]})")});
    QJsonObject metadata = edited.value("metadata").toObject();
    metadata.insert("labels", QJsonObject{{"mine", "yes"}});
    edited.insert("metadata", metadata);
    const auto fixed = BootstrapPolicy::reconciled(discovery, edited);
    QVERIFY(fixed);
    QVERIFY(EscalationCheck::covers(PolicyRule::listFromJson(fixed->value("rules")), PolicyRule::listFromJson(discovery.value("rules"))));
    QVERIFY(PolicyRule::listFromJson(fixed->value("rules")).contains(rule(R"({"nonResourceURLs":["/extra"],"verbs":["get"]})")));
    QCOMPARE(fixed->value("metadata").toObject().value("labels").toObject().value("mine").toString(), QStringLiteral("yes"));
    QCOMPARE(fixed->value("metadata").toObject().value("labels").toObject().value("kubernetes.io/bootstrapping").toString(), QStringLiteral("rbac-defaults"));
    // autoupdate "false" leaves it alone.
    metadata.insert("annotations", QJsonObject{{"rbac.authorization.kubernetes.io/autoupdate", "false"}});
    edited.insert("metadata", metadata);
    QVERIFY(!BootstrapPolicy::reconciled(discovery, edited));
    // Bindings get their subjects back; aggregated roles their selectors, not rules.
    QJsonObject lonely = binding;
    lonely.insert("subjects", QJsonArray{json(R"({"kind":"User","name":"alice"})")});
    const auto rebound = BootstrapPolicy::reconciled(binding, lonely);
    QVERIFY(rebound);
    QCOMPARE(rebound->value("subjects").toArray().size(), 3);
    QJsonObject aggregated = view;
    aggregated.insert("rules", QJsonArray{json(R"({"apiGroups":[""],"resources":["pods"],"verbs":["get"]})")});
    QVERIFY(!BootstrapPolicy::reconciled(view, aggregated));
}

QTEST_GUILESS_MAIN(TestRbac)
#include "tst_rbac.moc"
