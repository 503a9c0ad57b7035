// Fidelity checks 37 and 39 of kube-api.md §7: coordination.k8s.io/v1 Leases (optimistic concurrency,
// validation, MicroTime round trip) and core/v1 Events (validation, the field selectors kubectl uses,
// `kubectl get events`, `kubectl events --for`, `kubectl describe`).
#include "cvcfixtures.h"
#include "httpreply.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QJsonArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QVersionNumber>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
const QString kLeases = QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases");
const QString kEvents = QStringLiteral("/api/v1/namespaces/default/events");

QJsonObject lease(const QString &holder, int duration, const QString &renewTime)
{
    return {{"apiVersion", "coordination.k8s.io/v1"},
            {"kind", "Lease"},
            {"metadata", QJsonObject{{"name", "cvc-operator"}}},
            {"spec", QJsonObject{{"holderIdentity", holder},
                                 {"leaseDurationSeconds", duration},
                                 {"acquireTime", "2026-11-24T00:00:00.000000Z"},
                                 {"renewTime", renewTime},
                                 {"leaseTransitions", 0}}}};
}

QJsonObject withSpec(QJsonObject object, const QString &key, const QJsonValue &value)
{
    QJsonObject spec = object.value("spec").toObject();
    spec.insert(key, value);
    object.insert("spec", spec);
    return object;
}

QJsonObject coreEvent(const QString &name, const QJsonObject &involved, const QString &reason, const QString &message)
{
    return {{"apiVersion", "v1"},
            {"kind", "Event"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", "default"}}},
            {"involvedObject", involved},
            {"reason", reason},
            {"message", message},
            {"type", "Normal"},
            {"source", QJsonObject{{"component", "crypto.tools/cvc-operator"}}},
            {"reportingComponent", "crypto.tools/cvc-operator"},
            {"reportingInstance", "test-host"},
            {"firstTimestamp", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            {"lastTimestamp", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
            {"count", 1}};
}
} // namespace

class TestLeasesEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void leaseConcurrency();
    void eventValidation();
    void eventsForObject();

private:
    SandboxProcess m_sandbox;
    QJsonObject m_btc;
};

void TestLeasesEvents::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    m_btc = CvcFixtures::create(m_sandbox, QStringLiteral("my-btc"));
    QVERIFY(!m_btc.isEmpty());
}

void TestLeasesEvents::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

// Check 37.
void TestLeasesEvents::leaseConcurrency()
{
    const HttpReply created = m_sandbox.requestJson("POST", kLeases, lease("host_a", 15, "2026-11-24T00:00:00.000000Z"));
    CVC_VERIFY_HTTP(created, 201);
    const QString renewTime = QStringLiteral("2026-11-24T00:00:08.123456Z");
    const HttpReply renewed = m_sandbox.requestJson("PUT", kLeases + "/cvc-operator", withSpec(created.json(), "renewTime", renewTime));
    CVC_VERIFY_HTTP(renewed, 200);
    QCOMPARE(renewed.json().value("spec").toObject().value("renewTime").toString(), renewTime);
    const HttpReply read = m_sandbox.request("GET", kLeases + "/cvc-operator");
    QCOMPARE(read.json().value("spec").toObject().value("renewTime").toString(), renewTime);
    QCOMPARE(read.json().value("spec").toObject().value("acquireTime").toString(), QStringLiteral("2026-11-24T00:00:00.000000Z"));

    // A second candidate still holding the creation RV loses.
    const HttpReply stale = m_sandbox.requestJson("PUT", kLeases + "/cvc-operator", withSpec(created.json(), "holderIdentity", "host_b"));
    CVC_VERIFY_STATUS(stale, 409, QStringLiteral("Conflict"));
    QVERIFY2(stale.json().value("message").toString().contains("the object has been modified"), stale.body.constData());

    const HttpReply zero = m_sandbox.requestJson("PUT", kLeases + "/cvc-operator", withSpec(renewed.json(), "leaseDurationSeconds", 0));
    CVC_VERIFY_STATUS(zero, 422, QStringLiteral("Invalid"));
    QVERIFY2(zero.json().value("message").toString().contains("must be greater than 0"), zero.body.constData());

    QJsonObject noRv = renewed.json();
    QJsonObject metadata = noRv.value("metadata").toObject();
    metadata.remove("resourceVersion");
    noRv.insert("metadata", metadata);
    const HttpReply missingRv = m_sandbox.requestJson("PUT", kLeases + "/cvc-operator", noRv);
    CVC_VERIFY_STATUS(missingRv, 422, QStringLiteral("Invalid"));

    // Built-ins take strategic merge patches (what `kubectl patch lease` sends by default).
    const HttpReply smp = m_sandbox.request("PATCH", kLeases + "/cvc-operator", R"({"spec":{"holderIdentity":""}})",
                                            "application/strategic-merge-patch+json");
    CVC_VERIFY_HTTP(smp, 200);
    QCOMPARE(smp.json().value("spec").toObject().value("holderIdentity").toString(), QString());
}

// Check 39, the validation part.
void TestLeasesEvents::eventValidation()
{
    const QJsonObject elsewhere{{"apiVersion", "crypto.tools/v1"}, {"kind", "CryptoValueCalculator"}, {"name", "my-btc"}, {"namespace", "kube-system"}};
    const HttpReply wrongNamespace = m_sandbox.requestJson("POST", kEvents, coreEvent("my-btc.1", elsewhere, "Valued", "valued at $1.0000"));
    CVC_VERIFY_STATUS(wrongNamespace, 422, QStringLiteral("Invalid"));
}

// Check 39, the kubectl part: the event appears where a person looks for it.
void TestLeasesEvents::eventsForObject()
{
    const QJsonObject metadata = m_btc.value("metadata").toObject();
    const QJsonObject involved{{"apiVersion", "crypto.tools/v1"},
                               {"kind", "CryptoValueCalculator"},
                               {"name", "my-btc"},
                               {"namespace", "default"},
                               {"uid", metadata.value("uid")}};
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", kEvents, coreEvent("my-btc.17a0", involved, "FirstValuation", "valued at $94.8106")), 201);
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", kEvents,
                                          coreEvent("other.17a1", QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"name", "default"}},
                                                "Other", "not about my-btc")),
                    201);

    // The selectors kubectl describe sends.
    const QString selector = QStringLiteral("involvedObject.name%3Dmy-btc,involvedObject.namespace%3Ddefault,"
                                            "involvedObject.kind%3DCryptoValueCalculator,involvedObject.uid%3D")
        + metadata.value("uid").toString();
    const HttpReply selected = m_sandbox.request("GET", kEvents + "?fieldSelector=" + selector);
    CVC_VERIFY_HTTP(selected, 200);
    QCOMPARE(selected.json().value("items").toArray().size(), 1);

    // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    KubectlRunner kubectl(m_sandbox);
    const KubectlResult list = kubectl.run({"get", "events"});
    QVERIFY2(list.succeeded(), qPrintable(list.describe()));
    // The server's event printer: lower-case kind in OBJECT (kubernetes pkg/printers printEvent).
    QCOMPARE(list.tableLines().value(0), QStringLiteral("LAST SEEN TYPE REASON OBJECT MESSAGE"));
    QVERIFY2(list.tableLines().filter(QRegularExpression("^\\S+ Normal FirstValuation cryptovaluecalculator/my-btc valued at \\$94\\.8106$")).size() == 1,
             qPrintable(list.describe()));
    const KubectlResult bySelector = kubectl.run({"get", "events", "--field-selector", "involvedObject.name=my-btc", "-o", "name"});
    QVERIFY2(bySelector.succeeded(), qPrintable(bySelector.describe()));
    QCOMPARE(bySelector.standardOutput.trimmed(), QStringLiteral("event/my-btc.17a0"));

    const KubectlResult describe = kubectl.run({"describe", "cvc", "my-btc"});
    QVERIFY2(describe.succeeded(), qPrintable(describe.describe()));
    QVERIFY2(describe.standardOutput.contains(QRegularExpression("Normal\\s+FirstValuation\\s+.*valued at \\$94\\.8106")), qPrintable(describe.describe()));
    QVERIFY2(!describe.standardOutput.contains("not about my-btc"), qPrintable(describe.describe()));

    // `kubectl events` came in 1.26; Debian's 1.20 has `get events` and describe, checked above.
    const QVersionNumber version = KubectlRunner::clientVersion();
    QVERIFY2(!version.isNull(), qPrintable(KubectlRunner::kubectlPath() + QStringLiteral(" version --client failed")));
    if (version < QVersionNumber(1, 26))
        return;
    const KubectlResult forObject = kubectl.run({"events", "--for", "cryptovaluecalculator/my-btc"});
    QVERIFY2(forObject.succeeded(), qPrintable(forObject.describe()));
    QCOMPARE(forObject.tableLines().value(0), QStringLiteral("LAST SEEN TYPE REASON OBJECT MESSAGE"));
    QCOMPARE(forObject.tableLines().size(), 2);
    QVERIFY2(forObject.tableLines().value(1).endsWith("Normal FirstValuation CryptoValueCalculator/my-btc valued at $94.8106"),
             qPrintable(forObject.describe()));
}

QTEST_GUILESS_MAIN(TestLeasesEvents)
#include "tst_leasesevents.moc"
