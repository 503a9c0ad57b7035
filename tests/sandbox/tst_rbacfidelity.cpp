// RBAC as kube-apiserver evaluates it, against a real kube-sandbox, over HTTP and with kubectl
// (once per kubectl the build knows: Debian's 1.20 and the newest). Each test names the
// behaviour it pins down and where kube documents it; the messages are kube-apiserver's
// (k8s.io/apiserver endpoints/handlers/responsewriters forbiddenMessage, apierrors.NewForbidden).
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"
#include "tempkubeconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>
#include <QVersionNumber>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {

const QByteArray kJson = "application/json";
const QString kRbac = QStringLiteral("/apis/rbac.authorization.k8s.io/v1");

QByteArray randomToken()
{
    return QUuid::createUuid().toByteArray(QUuid::Id128);
}

} // namespace

class TestRbac : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void forbiddenMessages();
    void authorizedBeforeTheBody();
    void roleBindingGrantsInItsNamespaceOnly();
    void subresourcesAndResourceNames();
    void serviceAccountTokens();
    void tokenRequest();
    void aggregatedClusterRoles();
    void escalationPrevented();
    void bindNeedsTheRoleOrBind();
    void canIWithKubectl();
    void forbiddenSeenByKubectl();
    void adminStaysSuperuser();
    void bootstrapPolicyReconciledAtStart();

private:
    HttpReply as(const QByteArray &token, const QByteArray &method, const QString &path, const QByteArray &body = {},
                 const QByteArray &contentType = kJson);
    void adminCreate(const QString &path, const char *json);
    QString kubeconfigFor(const QString &name, const QByteArray &token);
    QString path(const QString &name) const { return m_sandbox.tempPath() + QLatin1Char('/') + name; }

    SandboxProcess m_sandbox;
    QByteArray m_alice = randomToken();   // alice, group devs: no bindings unless a test adds them
    QByteArray m_carol = randomToken();   // carol: bindings for the escalation tests
    QByteArray m_dave = randomToken();    // dave: the kubectl tests
};

void TestRbac::initTestCase()
{
    QVERIFY(CvcFixtures::writeFile(path("tokens.csv"), m_alice + ",alice,2001,\"devs\"\n" + m_carol + ",carol,2002\n" + m_dave + ",dave,2003\n", true));
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error,
                                       {"--token-auth-file", path("tokens.csv"), "--service-account-token",
                                        "cvc-system/reader=" + path("reader.token")}),
             qPrintable(error));
    QVERIFY(!CvcFixtures::create(m_sandbox, "x").isEmpty());
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "cvc-system"));
    adminCreate("/api/v1/namespaces/cvc-system/serviceaccounts", R"({"metadata":{"name":"reader"}})");
}

void TestRbac::cleanupTestCase()
{
    if (m_sandbox.isRunning())
        QCOMPARE(m_sandbox.stop(), 0);
}

HttpReply TestRbac::as(const QByteArray &token, const QByteArray &method, const QString &path, const QByteArray &body,
                       const QByteArray &contentType)
{
    return m_sandbox.request(method, path, body, body.isEmpty() ? QByteArray() : contentType, kJson,
                             {{"Authorization", "Bearer " + token}}, false);
}

void TestRbac::adminCreate(const QString &path, const char *json)
{
    const HttpReply reply = m_sandbox.request("POST", path, json, kJson);
    QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
}

QString TestRbac::kubeconfigFor(const QString &name, const QByteArray &token)
{
    TempKubeconfig config = TempKubeconfig::forSandbox(m_sandbox);
    config.setToken(token);
    const QString file = path(name + QStringLiteral(".kubeconfig"));
    return config.writeTo(file) ? file : QString();
}

// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#request-verbs: a request
// no rule allows gets 403 naming the user, the verb, the resource (with its subresource), the
// group and the namespace, or the path of a non-resource request.
void TestRbac::forbiddenMessages()
{
    HttpReply reply = as(m_alice, "GET", CvcFixtures::collection());
    CVC_VERIFY_STATUS(reply, 403, "Forbidden");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(cryptovaluecalculators.crypto.tools is forbidden: User "alice" cannot list resource "cryptovaluecalculators" in API group "crypto.tools" in the namespace "default")"));
    QCOMPARE(reply.json().value("details").toObject(), (QJsonObject{{"group", "crypto.tools"}, {"kind", "cryptovaluecalculators"}}));

    reply = as(m_alice, "PATCH", CvcFixtures::object("x") + "/status", R"({"status":{}})", "application/merge-patch+json");
    CVC_VERIFY_STATUS(reply, 403, "Forbidden");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(cryptovaluecalculators.crypto.tools "x" is forbidden: User "alice" cannot patch resource "cryptovaluecalculators/status" in API group "crypto.tools" in the namespace "default")"));
    QCOMPARE(reply.json().value("details").toObject(),
             (QJsonObject{{"name", "x"}, {"group", "crypto.tools"}, {"kind", "cryptovaluecalculators"}}));

    reply = as(m_alice, "GET", "/apis/crypto.tools/v1/cryptovaluecalculators");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(cryptovaluecalculators.crypto.tools is forbidden: User "alice" cannot list resource "cryptovaluecalculators" in API group "crypto.tools" at the cluster scope)"));
    reply = as(m_alice, "DELETE", "/api/v1/namespaces/cvc-system");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(namespaces "cvc-system" is forbidden: User "alice" cannot delete resource "namespaces" in API group "" in the namespace "cvc-system")"));
    reply = as(m_alice, "GET", "/logs/");
    CVC_VERIFY_STATUS(reply, 403, "Forbidden");
    QCOMPARE(reply.json().value("message").toString(), QStringLiteral(R"(forbidden: User "alice" cannot get path "/logs/")"));
    // Discovery is open to every authenticated user (system:discovery), /version to anyone.
    QCOMPARE(as(m_alice, "GET", "/apis/crypto.tools/v1").status, 200);
    QCOMPARE(m_sandbox.request("GET", "/version", {}, {}, kJson, {}, false).status, 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#authorization-in-kubernetes:
// authorization happens on the request's attributes, before admission and before the body is read.
void TestRbac::authorizedBeforeTheBody()
{
    CVC_VERIFY_STATUS(as(m_alice, "POST", CvcFixtures::collection(), "{not json"), 403, "Forbidden");
    CVC_VERIFY_STATUS(as(m_alice, "PUT", CvcFixtures::object("x"), "{not json"), 403, "Forbidden");
    const HttpReply watch = as(m_alice, "GET", CvcFixtures::collection() + "?watch=true&timeoutSeconds=1");
    CVC_VERIFY_STATUS(watch, 403, "Forbidden");
    QVERIFY(watch.json().value("message").toString().contains(R"(cannot watch resource "cryptovaluecalculators")"));
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-example: a RoleBinding
// grants its role's rules in the binding's namespace only, also when it refers to a ClusterRole.
void TestRbac::roleBindingGrantsInItsNamespaceOnly()
{
    adminCreate(kRbac + "/clusterroles", R"({"metadata":{"name":"cvc-reader"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list","watch"]}]})");
    adminCreate(kRbac + "/namespaces/default/rolebindings", R"({"metadata":{"name":"devs-read"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cvc-reader"},"subjects":[{"kind":"Group","name":"devs"}]})");
    QCOMPARE(as(m_alice, "GET", CvcFixtures::collection()).status, 200);
    QCOMPARE(as(m_alice, "GET", CvcFixtures::object("x")).status, 200);
    CVC_VERIFY_STATUS(as(m_alice, "GET", CvcFixtures::collection("cvc-system")), 403, "Forbidden");
    CVC_VERIFY_STATUS(as(m_alice, "GET", "/apis/crypto.tools/v1/cryptovaluecalculators"), 403, "Forbidden");
    CVC_VERIFY_STATUS(as(m_alice, "DELETE", CvcFixtures::object("x")), 403, "Forbidden");
    QCOMPARE(as(m_alice, "DELETE", kRbac + "/namespaces/default/rolebindings/devs-read").status, 403);
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/namespaces/default/rolebindings/devs-read").status, 200);
    CVC_VERIFY_STATUS(as(m_alice, "GET", CvcFixtures::collection()), 403, "Forbidden");
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources: a
// subresource is named "resource/subresource"; resourceNames limit a rule to those objects.
void TestRbac::subresourcesAndResourceNames()
{
    adminCreate(kRbac + "/namespaces/default/roles", R"({"metadata":{"name":"x-status"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators/status"],"resourceNames":["x"],"verbs":["patch","get"]},)"
                                                     R"({"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"resourceNames":["x"],"verbs":["list","watch"]}]})");
    adminCreate(kRbac + "/namespaces/default/rolebindings", R"({"metadata":{"name":"alice-x-status"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"x-status"},"subjects":[{"kind":"User","name":"alice"}]})");
    QCOMPARE(as(m_alice, "PATCH", CvcFixtures::object("x") + "/status", R"({"status":{"message":"rbac"}})", "application/merge-patch+json").status, 200);
    QCOMPARE(as(m_alice, "GET", CvcFixtures::object("x") + "/status").status, 200);
    CVC_VERIFY_STATUS(as(m_alice, "PATCH", CvcFixtures::object("x"), R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json"), 403, "Forbidden");
    CVC_VERIFY_STATUS(as(m_alice, "PATCH", CvcFixtures::object("y") + "/status", R"({"status":{}})", "application/merge-patch+json"), 403, "Forbidden");
    // A list or watch whose field selector requires the name is a request for that name.
    QCOMPARE(as(m_alice, "GET", CvcFixtures::collection() + "?fieldSelector=metadata.name%3Dx").status, 200);
    QCOMPARE(as(m_alice, "GET", CvcFixtures::collection() + "?fieldSelector=metadata.name%3Dx&watch=true&timeoutSeconds=1").status, 200);
    CVC_VERIFY_STATUS(as(m_alice, "GET", CvcFixtures::collection() + "?fieldSelector=metadata.name%3Dy"), 403, "Forbidden");
    CVC_VERIFY_STATUS(as(m_alice, "GET", CvcFixtures::collection()), 403, "Forbidden");
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/namespaces/default/rolebindings/alice-x-status").status, 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects: a
// ServiceAccount authenticates as system:serviceaccount:NS:NAME, in the groups
// system:serviceaccounts and system:serviceaccounts:NS.
void TestRbac::serviceAccountTokens()
{
    QFile file(path("reader.token"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    const QByteArray token = file.readAll().trimmed();
    QVERIFY(!token.isEmpty());
    QVERIFY2(!m_sandbox.standardError().contains(token) && !m_sandbox.standardOutput().contains(token), "the token was logged");
    HttpReply reply = as(token, "GET", CvcFixtures::collection("cvc-system"));
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(cryptovaluecalculators.crypto.tools is forbidden: User "system:serviceaccount:cvc-system:reader" cannot list resource "cryptovaluecalculators" in API group "crypto.tools" in the namespace "cvc-system")"));
    adminCreate(kRbac + "/namespaces/cvc-system/rolebindings", R"({"metadata":{"name":"reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cvc-reader"},"subjects":[{"kind":"ServiceAccount","name":"reader"}]})");
    QCOMPARE(as(token, "GET", CvcFixtures::collection("cvc-system")).status, 200);
    CVC_VERIFY_STATUS(as(token, "GET", CvcFixtures::collection()), 403, "Forbidden");
    adminCreate(kRbac + "/clusterrolebindings", R"({"metadata":{"name":"all-service-accounts-of-cvc-system"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cvc-reader"},"subjects":[{"kind":"Group","name":"system:serviceaccounts:cvc-system"}]})");
    QCOMPARE(as(token, "GET", CvcFixtures::collection()).status, 200);
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/clusterrolebindings/all-service-accounts-of-cvc-system").status, 200);
    // A ServiceAccount's token authenticates only while the ServiceAccount exists.
    QCOMPARE(m_sandbox.request("DELETE", "/api/v1/namespaces/cvc-system/serviceaccounts/reader").status, 200);
    CVC_VERIFY_STATUS(as(token, "GET", CvcFixtures::collection("cvc-system")), 401, "Unauthorized");
    adminCreate("/api/v1/namespaces/cvc-system/serviceaccounts", R"({"metadata":{"name":"reader"}})");
    QCOMPARE(as(token, "GET", CvcFixtures::collection("cvc-system")).status, 200);
}

// https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/ and
// https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#bound-service-account-tokens:
// POST serviceaccounts/NAME/token (what `kubectl create token` sends) returns a token for that
// ServiceAccount; asking needs create on serviceaccounts/token.
void TestRbac::tokenRequest()
{
    adminCreate("/api/v1/namespaces/default/serviceaccounts", R"({"metadata":{"name":"bot"}})");
    HttpReply reply = m_sandbox.request("POST", "/api/v1/namespaces/default/serviceaccounts/bot/token",
                                        R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":1200}})", kJson);
    QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value("kind").toString(), QStringLiteral("TokenRequest"));
    QCOMPARE(reply.json().value("spec").toObject().value("expirationSeconds").toInt(), 1200);
    const QDateTime expires = QDateTime::fromString(reply.json().value("status").toObject().value("expirationTimestamp").toString(), Qt::ISODate);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(expires) - 1200) < 30);
    const QByteArray token = reply.json().value("status").toObject().value("token").toString().toUtf8();
    QVERIFY(!token.isEmpty());
    QCOMPARE(as(token, "GET", CvcFixtures::collection()).json().value("message").toString(),
             QStringLiteral(R"(cryptovaluecalculators.crypto.tools is forbidden: User "system:serviceaccount:default:bot" cannot list resource "cryptovaluecalculators" in API group "crypto.tools" in the namespace "default")"));

    reply = m_sandbox.request("POST", "/api/v1/namespaces/default/serviceaccounts/bot/token", R"({"spec":{"expirationSeconds":60}})", kJson);
    CVC_VERIFY_STATUS(reply, 422, "Invalid");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(TokenRequest.authentication.k8s.io "bot" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes)"));
    CVC_VERIFY_STATUS(m_sandbox.request("POST", "/api/v1/namespaces/default/serviceaccounts/nobody/token", "{}", kJson), 404, "NotFound");
    reply = as(m_dave, "POST", "/api/v1/namespaces/default/serviceaccounts/bot/token", "{}");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral(R"(serviceaccounts "bot" is forbidden: User "dave" cannot create resource "serviceaccounts/token" in API group "" in the namespace "default")"));

    if (KubectlRunner::clientVersion() >= QVersionNumber(1, 24)) {
        const KubectlResult created = KubectlRunner(m_sandbox).run({"create", "token", "bot"});
        QVERIFY2(created.succeeded(), qPrintable(created.describe()));
        KubectlRunner bot(kubeconfigFor("bot", created.standardOutput.trimmed().toUtf8()));
        QCOMPARE(bot.run({"auth", "can-i", "list", "configmaps"}).standardOutput.trimmed(), QStringLiteral("no"));
        QCOMPARE(bot.run({"auth", "can-i", "create", "selfsubjectrulesreviews.authorization.k8s.io"}).standardOutput.trimmed(),
                 QStringLiteral("yes"));
    }
    // Bound to the ServiceAccount: gone with it (kubectl create token came in kubectl 1.24).
    QCOMPARE(m_sandbox.request("DELETE", "/api/v1/namespaces/default/serviceaccounts/bot").status, 200);
    CVC_VERIFY_STATUS(as(token, "GET", CvcFixtures::collection()), 401, "Unauthorized");
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles and
// #user-facing-roles: view gathers every ClusterRole labelled aggregate-to-view, as a CRD's
// roles add themselves; edit holds view's rules, admin edit's.
void TestRbac::aggregatedClusterRoles()
{
    adminCreate(kRbac + "/clusterrolebindings", R"({"metadata":{"name":"alice-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"alice"}]})");
    QCOMPARE(as(m_alice, "GET", "/api/v1/namespaces/default/configmaps").status, 200);
    CVC_VERIFY_STATUS(as(m_alice, "GET", CvcFixtures::collection()), 403, "Forbidden");
    adminCreate(kRbac + "/clusterroles", R"({"metadata":{"name":"cvc-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list","watch"]}]})");
    QTRY_COMPARE_WITH_TIMEOUT(as(m_alice, "GET", CvcFixtures::collection()).status, 200, 5000);
    for (const char *role : {"view", "edit", "admin"}) {
        const QJsonArray rules = m_sandbox.request("GET", kRbac + "/clusterroles/" + role).json().value("rules").toArray();
        QVERIFY2(QJsonDocument(rules).toJson().contains("cryptovaluecalculators"), role);
    }
    CVC_VERIFY_STATUS(as(m_alice, "GET", "/api/v1/namespaces/default/secrets"), 403, "Forbidden");
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/clusterroles/cvc-view").status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(as(m_alice, "GET", CvcFixtures::collection()).status, 403, 5000);
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/clusterrolebindings/alice-view").status, 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update:
// a user may write a Role only with rules they hold, unless allowed to escalate.
void TestRbac::escalationPrevented()
{
    adminCreate(kRbac + "/namespaces/default/roles", R"({"metadata":{"name":"role-writer"},"rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","rolebindings"],"verbs":["create","get","update","patch"]},{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["get","list"]}]})");
    adminCreate(kRbac + "/namespaces/default/rolebindings", R"({"metadata":{"name":"carol-role-writer"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"role-writer"},"subjects":[{"kind":"User","name":"carol"}]})");
    QCOMPARE(as(m_carol, "POST", kRbac + "/namespaces/default/roles",
                R"({"metadata":{"name":"held"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["list"]}]})").status,
             201);
    const HttpReply reply = as(m_carol, "POST", kRbac + "/namespaces/default/roles",
                               R"({"metadata":{"name":"more"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["list","delete"]}]})");
    CVC_VERIFY_STATUS(reply, 403, "Forbidden");
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral("roles.rbac.authorization.k8s.io \"more\" is forbidden: user \"carol\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                            "{APIGroups:[\"crypto.tools\"], Resources:[\"cryptovaluecalculators\"], Verbs:[\"delete\"]}"));
    QCOMPARE(m_sandbox.request("GET", kRbac + "/namespaces/default/roles/more").status, 404);
    // Raising a held role by update is refused the same way.
    CVC_VERIFY_STATUS(as(m_carol, "PATCH", kRbac + "/namespaces/default/roles/held", R"({"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]})",
                         "application/merge-patch+json"),
                      403, "Forbidden");
    // escalate on roles lets carol write any rules.
    adminCreate(kRbac + "/namespaces/default/roles", R"({"metadata":{"name":"escalator"},"rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"],"verbs":["escalate"]}]})");
    adminCreate(kRbac + "/namespaces/default/rolebindings", R"({"metadata":{"name":"carol-escalator"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"escalator"},"subjects":[{"kind":"User","name":"carol"}]})");
    QCOMPARE(as(m_carol, "POST", kRbac + "/namespaces/default/roles",
                R"({"metadata":{"name":"more"},"rules":[{"apiGroups":["crypto.tools"],"resources":["cryptovaluecalculators"],"verbs":["list","delete"]}]})").status,
             201);
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/namespaces/default/rolebindings/carol-escalator").status, 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update:
// a binding needs the role's rules held, or the bind verb on that role.
void TestRbac::bindNeedsTheRoleOrBind()
{
    QCOMPARE(as(m_carol, "POST", kRbac + "/namespaces/default/rolebindings",
                R"({"metadata":{"name":"dave-held"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"held"},"subjects":[{"kind":"User","name":"dave"}]})").status,
             201);
    const HttpReply reply = as(m_carol, "POST", kRbac + "/namespaces/default/rolebindings",
                               R"({"metadata":{"name":"dave-admin"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},"subjects":[{"kind":"User","name":"dave"}]})");
    CVC_VERIFY_STATUS(reply, 403, "Forbidden");
    QVERIFY2(reply.json().value("message").toString().startsWith(
                 R"(rolebindings.rbac.authorization.k8s.io "dave-admin" is forbidden: user "carol" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:)"),
             qPrintable(reply.describe()));
    adminCreate(kRbac + "/namespaces/default/roles", R"({"metadata":{"name":"binder"},"rules":[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"resourceNames":["edit"],"verbs":["bind"]}]})");
    adminCreate(kRbac + "/namespaces/default/rolebindings", R"({"metadata":{"name":"carol-binder"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"binder"},"subjects":[{"kind":"User","name":"carol"}]})");
    QCOMPARE(as(m_carol, "POST", kRbac + "/namespaces/default/rolebindings",
                R"({"metadata":{"name":"dave-edit"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},"subjects":[{"kind":"User","name":"dave"}]})").status,
             201);
    CVC_VERIFY_STATUS(as(m_carol, "POST", kRbac + "/namespaces/default/rolebindings",
                         R"({"metadata":{"name":"dave-admin"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},"subjects":[{"kind":"User","name":"dave"}]})"),
                      403, "Forbidden");
    QCOMPARE(m_sandbox.request("DELETE", kRbac + "/namespaces/default/rolebindings/dave-edit").status, 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access:
// `kubectl auth can-i` asks a SelfSubjectAccessReview, `--list` a SelfSubjectRulesReview.
void TestRbac::canIWithKubectl()
{
    const QString kubeconfig = kubeconfigFor("dave", m_dave);
    KubectlRunner kubectl(kubeconfig);
    KubectlResult result = kubectl.run({"auth", "can-i", "delete", "cryptovaluecalculators.crypto.tools"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("no"));
    QCOMPARE(result.exitCode, 1);
    result = kubectl.run({"auth", "can-i", "list", "cryptovaluecalculators.crypto.tools", "-n", "default"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("yes"));   // the Role "held" carol bound
    QCOMPARE(result.exitCode, 0);
    result = kubectl.run({"auth", "can-i", "list", "cryptovaluecalculators.crypto.tools", "-n", "kube-system"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("no"));
    result = kubectl.run({"auth", "can-i", "patch", "cryptovaluecalculators.crypto.tools/x", "--subresource", "status"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("no"));
    result = kubectl.run({"auth", "can-i", "get", "/apis"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("yes"));
    result = kubectl.run({"auth", "can-i", "get", "/logs"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("no"));
    result = kubectl.run({"auth", "can-i", "--list", "-n", "default"});
    QVERIFY2(result.succeeded(), qPrintable(result.describe()));
    QVERIFY2(result.standardOutput.contains(QRegularExpression(R"(cryptovaluecalculators\.crypto\.tools\s+\[\]\s+\[\]\s+\[list\])")),
             qPrintable(result.describe()));
    QVERIFY2(result.standardOutput.contains("selfsubjectaccessreviews.authorization.k8s.io"), qPrintable(result.describe()));
    QVERIFY2(!result.standardOutput.contains("*.*"), qPrintable(result.describe()));
}

// The 403 as kubectl prints it: `Error from server (Forbidden): <message>`.
void TestRbac::forbiddenSeenByKubectl()
{
    KubectlRunner kubectl(kubeconfigFor("dave", m_dave));
    KubectlResult result = kubectl.run({"delete", "cvc", "x"});
    QVERIFY(!result.succeeded());
    QVERIFY2(result.standardError.contains(
                 R"(Error from server (Forbidden): cryptovaluecalculators.crypto.tools "x" is forbidden: User "dave" cannot delete resource "cryptovaluecalculators" in API group "crypto.tools" in the namespace "default")"),
             qPrintable(result.describe()));
    result = kubectl.run({"get", "namespaces"});
    QVERIFY2(result.standardError.contains(
                 R"(Error from server (Forbidden): namespaces is forbidden: User "dave" cannot list resource "namespaces" in API group "" at the cluster scope)"),
             qPrintable(result.describe()));
    QVERIFY(m_sandbox.request("GET", CvcFixtures::object("x")).status == 200);
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles: system:masters
// is bound to cluster-admin; the sandbox's admin token is in that group.
void TestRbac::adminStaysSuperuser()
{
    KubectlRunner kubectl(m_sandbox);
    KubectlResult result = kubectl.run({"auth", "can-i", "*", "*"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("yes"));
    result = kubectl.run({"auth", "can-i", "escalate", "clusterroles.rbac.authorization.k8s.io"});
    QCOMPARE(result.standardOutput.trimmed(), QStringLiteral("yes"));
    result = kubectl.run({"get", "clusterrolebinding", "cluster-admin", "-o", "jsonpath={.subjects[0].name}"});
    QCOMPARE(result.standardOutput, QStringLiteral("system:masters"));
}

// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#auto-reconciliation: at each
// start the default roles and bindings get back what was removed from them, unless annotated
// rbac.authorization.kubernetes.io/autoupdate: "false".
void TestRbac::bootstrapPolicyReconciledAtStart()
{
    SandboxProcess sandbox;
    sandbox.setDataFile(sandbox.tempPath() + "/state.db");
    QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
    QCOMPARE(sandbox.request("PATCH", kRbac + "/clusterroles/system:discovery", R"({"rules":[{"nonResourceURLs":["/version"],"verbs":["get"]}]})",
                             "application/merge-patch+json").status,
             200);
    QCOMPARE(sandbox.request("PATCH", kRbac + "/clusterroles/system:basic-user",
                             R"({"metadata":{"annotations":{"rbac.authorization.kubernetes.io/autoupdate":"false"}},"rules":[]})",
                             "application/merge-patch+json").status,
             200);
    QVERIFY2(sandbox.restart(), qPrintable(sandbox.errorString()));
    const QJsonArray discovery = sandbox.request("GET", kRbac + "/clusterroles/system:discovery").json().value("rules").toArray();
    QVERIFY2(QJsonDocument(discovery).toJson(QJsonDocument::Compact).contains("\"/apis/\x2a\""), QJsonDocument(discovery).toJson().constData());
    QCOMPARE(sandbox.request("GET", kRbac + "/clusterroles/system:basic-user").json().value("rules").toArray(), QJsonArray());
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestRbac)
#include "tst_rbacfidelity.moc"
