// Fidelity checks 13–25, 27 and 28 of kube-api.md §7: validation, pruning, defaulting, the status
// subresource, generation and resourceVersion rules, optimistic concurrency, patch types, dryRun and
// finalizers, over direct HTTPS with exact Status bodies.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "sandboxprocess.h"
#include "watchstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
const QString kWidgets = QStringLiteral("/apis/example.test/v1/namespaces/default/widgets");

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}

qint64 generationOf(const QJsonObject &object)
{
    return metadataOf(object).value(QLatin1String("generation")).toInteger();
}

QJsonObject causeFor(const QJsonObject &status, const QString &field)
{
    for (const QJsonValue &cause : status.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray()) {
        if (cause.toObject().value(QLatin1String("field")).toString() == field)
            return cause.toObject();
    }
    return {};
}

// A throw-away CRD whose spec does not preserve unknown fields and has a defaulted field (checks 15, 16).
QJsonObject widgetCrd()
{
    const QJsonObject specSchema{
        {"type", "object"},
        {"properties", QJsonObject{{"size", QJsonObject{{"type", "integer"}}},
                                   {"currency", QJsonObject{{"type", "string"}, {"default", "USD"}}}}}};
    const QJsonObject schema{{"type", "object"}, {"properties", QJsonObject{{"spec", specSchema}}}};
    return {{"apiVersion", "apiextensions.k8s.io/v1"},
            {"kind", "CustomResourceDefinition"},
            {"metadata", QJsonObject{{"name", "widgets.example.test"}}},
            {"spec", QJsonObject{{"group", "example.test"},
                                 {"scope", "Namespaced"},
                                 {"names", QJsonObject{{"kind", "Widget"}, {"plural", "widgets"}, {"singular", "widget"}}},
                                 {"versions", QJsonArray{QJsonObject{{"name", "v1"},
                                                                     {"served", true},
                                                                     {"storage", true},
                                                                     {"schema", QJsonObject{{"openAPIV3Schema", schema}}}}}}}}};
}

QJsonObject widget(const QString &name, const QJsonObject &spec)
{
    return {{"apiVersion", "example.test/v1"}, {"kind", "Widget"}, {"metadata", QJsonObject{{"name", name}}}, {"spec", spec}};
}
} // namespace

class TestWrites : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void invalidEnumAndRequired();
    void invalidType();
    void unknownFieldsOnClosedSchema();
    void unknownFieldsOnCvc();
    void defaulting();
    void statusIgnoredOnMainResource();
    void statusSubresource();
    void labelOnlyPatch();
    void replaceConcurrency();
    void strategicMergePatchRejected();
    void jsonPatchTest();
    void mergePatchStaleResourceVersion();
    void applyPatch();
    void alreadyExists();
    void dryRun();
    void finalizers();
    void createEdgeCases();
    void updateEdgeCases();
    void noOpUpdateEmitsNothing();
    void deleteEdgeCases();
    void listEdgeCases();
    void crdDeletionCascades();
    void crdDeletionWithoutInstances();
    void exactListsAndCollections();
    void statusReplace();

private:
    QJsonObject get(const QString &name);
    SandboxProcess m_sandbox;
};

void TestWrites::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    const HttpReply crd = m_sandbox.requestJson("POST", QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"), widgetCrd());
    CVC_VERIFY_HTTP(crd, 201);
}

void TestWrites::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QJsonObject TestWrites::get(const QString &name)
{
    const HttpReply reply = m_sandbox.request("GET", CvcFixtures::object(name));
    return reply.status == 200 ? reply.json() : QJsonObject();
}

// Check 13.
void TestWrites::invalidEnumAndRequired()
{
    QJsonObject bad = CvcFixtures::cvc(QStringLiteral("bad"));
    bad.insert("spec", QJsonObject{{"coin", "litecoin"}});
    const HttpReply reply = m_sandbox.requestJson("POST", CvcFixtures::collection(), bad);
    CVC_VERIFY_STATUS(reply, 422, QStringLiteral("Invalid"));
    const QJsonObject status = reply.json();
    QCOMPARE(status.value("details").toObject().value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
    QCOMPARE(status.value("details").toObject().value("group").toString(), QStringLiteral("crypto.tools"));
    QCOMPARE(status.value("details").toObject().value("name").toString(), QStringLiteral("bad"));
    const QString unsupported = QStringLiteral("Unsupported value: \"litecoin\": supported values: \"bitcoin\", \"ethereum\", \"dogecoin\", \"shiba-inu\"");
    const QJsonObject coin = causeFor(status, QStringLiteral("spec.coin"));
    QCOMPARE(coin.value("reason").toString(), QStringLiteral("FieldValueNotSupported"));
    QCOMPARE(coin.value("message").toString(), unsupported);
    const QJsonObject amount = causeFor(status, QStringLiteral("spec.amount"));
    QCOMPARE(amount.value("reason").toString(), QStringLiteral("FieldValueRequired"));
    QCOMPARE(amount.value("message").toString(), QStringLiteral("Required value"));
    QVERIFY2(status.value("message").toString().startsWith(QStringLiteral("CryptoValueCalculator.crypto.tools \"bad\" is invalid: ")),
             reply.body.constData());
    // kube-api.md §4.5, as observed from kubectl against a real server.
    QCOMPARE(status.value("message").toString(),
             QStringLiteral("CryptoValueCalculator.crypto.tools \"bad\" is invalid: [spec.coin: ") + unsupported
                 + QStringLiteral(", spec.amount: Required value]"));
    CVC_VERIFY_STATUS(m_sandbox.request("GET", CvcFixtures::object("bad")), 404, QStringLiteral("NotFound"));
}

// Check 14.
void TestWrites::invalidType()
{
    QJsonObject bad = CvcFixtures::cvc(QStringLiteral("lots"));
    bad.insert("spec", QJsonObject{{"coin", "bitcoin"}, {"amount", "lots"}});
    const HttpReply reply = m_sandbox.requestJson("POST", CvcFixtures::collection(), bad);
    CVC_VERIFY_STATUS(reply, 422, QStringLiteral("Invalid"));
    const QJsonObject amount = causeFor(reply.json(), QStringLiteral("spec.amount"));
    QCOMPARE(amount.value("reason").toString(), QStringLiteral("FieldValueTypeInvalid"));
    QVERIFY2(amount.value("message").toString().contains(QStringLiteral("must be of type number")), reply.body.constData());
}

// Check 15, on a CRD whose spec prunes unknown fields.
void TestWrites::unknownFieldsOnClosedSchema()
{
    const QJsonObject body = widget(QStringLiteral("w-strict"), QJsonObject{{"size", 1}, {"foo", 1}});
    const HttpReply strict = m_sandbox.requestJson("POST", kWidgets + QStringLiteral("?fieldValidation=Strict"), body);
    CVC_VERIFY_STATUS(strict, 400, QStringLiteral("BadRequest"));
    QVERIFY2(strict.json().value("message").toString().contains(QStringLiteral("strict decoding error: unknown field \"spec.foo\"")),
             strict.body.constData());

    const HttpReply warn = m_sandbox.requestJson("POST", kWidgets, body);
    CVC_VERIFY_HTTP(warn, 201);
    QVERIFY2(!warn.json().value("spec").toObject().contains("foo"), warn.body.constData());
    QVERIFY2(warn.header("Warning") == QByteArray("299 - \"unknown field \\\"spec.foo\\\"\""),
             qPrintable(QStringLiteral("Warning header: ") + QString::fromUtf8(warn.header("Warning"))));
}

// Check 15, on the CVC CRD: spec preserves unknown fields, the root does not.
void TestWrites::unknownFieldsOnCvc()
{
    // spec is closed in the project CRD (the original CRD's open spec: tst_openapiv2).
    QJsonObject body = CvcFixtures::cvc(QStringLiteral("closed-spec"));
    QJsonObject spec = body.value("spec").toObject();
    spec.insert("foo", 1);
    body.insert("spec", spec);
    const HttpReply refused = m_sandbox.requestJson("POST", CvcFixtures::collection() + QStringLiteral("?fieldValidation=Strict"), body);
    CVC_VERIFY_STATUS(refused, 400, QStringLiteral("BadRequest"));
    QVERIFY2(refused.json().value("message").toString().contains(QStringLiteral("unknown field \"spec.foo\"")), refused.body.constData());
    const HttpReply prunedSpec = m_sandbox.requestJson("POST", CvcFixtures::collection(), body);
    CVC_VERIFY_HTTP(prunedSpec, 201);
    QVERIFY2(!prunedSpec.json().value("spec").toObject().contains("foo"), prunedSpec.body.constData());

    QJsonObject topLevel = CvcFixtures::cvc(QStringLiteral("top-level"));
    topLevel.insert("foo", 1);
    const HttpReply strict = m_sandbox.requestJson("POST", CvcFixtures::collection() + QStringLiteral("?fieldValidation=Strict"), topLevel);
    CVC_VERIFY_STATUS(strict, 400, QStringLiteral("BadRequest"));
    QVERIFY2(strict.json().value("message").toString().contains(QStringLiteral("unknown field \"foo\"")), strict.body.constData());
    const HttpReply pruned = m_sandbox.requestJson("POST", CvcFixtures::collection(), topLevel);
    CVC_VERIFY_HTTP(pruned, 201);
    QVERIFY2(!pruned.json().contains("foo"), pruned.body.constData());
}

// Check 16.
void TestWrites::defaulting()
{
    const HttpReply created = m_sandbox.requestJson("POST", kWidgets, widget(QStringLiteral("w-default"), QJsonObject{{"size", 2}}));
    CVC_VERIFY_HTTP(created, 201);
    QCOMPARE(created.json().value("spec").toObject().value("currency").toString(), QStringLiteral("USD"));
    const HttpReply read = m_sandbox.request("GET", kWidgets + QStringLiteral("/w-default"));
    CVC_VERIFY_HTTP(read, 200);
    QCOMPARE(read.json().value("spec").toObject().value("currency").toString(), QStringLiteral("USD"));
}

// Check 17.
void TestWrites::statusIgnoredOnMainResource()
{
    QJsonObject body = CvcFixtures::cvc(QStringLiteral("no-status"));
    body.insert("status", QJsonObject{{"change", "+5%"}});
    const HttpReply created = m_sandbox.requestJson("POST", CvcFixtures::collection(), body);
    CVC_VERIFY_HTTP(created, 201);
    QVERIFY2(!created.json().contains("status"), created.body.constData());
    QVERIFY(!get("no-status").contains("status"));

    QJsonObject replace = created.json();
    replace.insert("status", QJsonObject{{"change", "+6%"}});
    const HttpReply put = m_sandbox.requestJson("PUT", CvcFixtures::object("no-status"), replace);
    CVC_VERIFY_HTTP(put, 200);
    QVERIFY2(!put.json().contains("status"), put.body.constData());

    const HttpReply patch = m_sandbox.request("PATCH", CvcFixtures::object("no-status"), R"({"status":{"change":"+7%"}})",
                                              "application/merge-patch+json");
    CVC_VERIFY_HTTP(patch, 200);
    QVERIFY2(!get("no-status").contains("status"), "a merge patch on the main resource changed status");
}

// Check 18.
void TestWrites::statusSubresource()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("with-status"));
    QVERIFY(!created.isEmpty());
    const QByteArray patch = R"({"metadata":{"labels":{"app":"x"}},"status":{"change":"+1.0%","price":123.4,"anything":{"x":1}}})";
    const HttpReply reply = m_sandbox.request("PATCH", CvcFixtures::object("with-status") + QStringLiteral("/status"), patch,
                                              "application/merge-patch+json");
    CVC_VERIFY_HTTP(reply, 200);
    const QJsonObject stored = get("with-status");
    const QJsonObject status = stored.value("status").toObject();
    QCOMPARE(status.value("change").toString(), QStringLiteral("+1.0%"));
    QCOMPARE(status.value("price").toDouble(), 123.4);
    QCOMPARE(status.value("anything").toObject().value("x").toInt(), 1);
    QVERIFY2(!metadataOf(stored).value("labels").toObject().contains("app"), "a /status patch changed labels");
    QCOMPARE(generationOf(stored), generationOf(created));
    QVERIFY(CvcFixtures::resourceVersionNumber(stored) > CvcFixtures::resourceVersionNumber(created));

    const HttpReply statusGet = m_sandbox.request("GET", CvcFixtures::object("with-status") + QStringLiteral("/status"));
    CVC_VERIFY_HTTP(statusGet, 200);
    QCOMPARE(statusGet.json().value("status").toObject().value("change").toString(), QStringLiteral("+1.0%"));
}

// Check 19, and generation +1 on a spec change (3.5).
void TestWrites::labelOnlyPatch()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("labelled"));
    QVERIFY(!created.isEmpty());
    QCOMPARE(generationOf(created), 1);
    const HttpReply label = m_sandbox.request("PATCH", CvcFixtures::object("labelled"), R"({"metadata":{"labels":{"app":"x"}}})",
                                              "application/merge-patch+json");
    CVC_VERIFY_HTTP(label, 200);
    QCOMPARE(generationOf(label.json()), 1);
    QVERIFY(CvcFixtures::resourceVersionNumber(label.json()) > CvcFixtures::resourceVersionNumber(created));
    QCOMPARE(metadataOf(label.json()).value("labels").toObject().value("app").toString(), QStringLiteral("x"));

    const HttpReply spec = m_sandbox.request("PATCH", CvcFixtures::object("labelled"), R"({"spec":{"amount":2}})",
                                             "application/merge-patch+json");
    CVC_VERIFY_HTTP(spec, 200);
    QCOMPARE(generationOf(spec.json()), 2);

    // A no-op write keeps the resourceVersion (3.2).
    const HttpReply same = m_sandbox.request("PATCH", CvcFixtures::object("labelled"), R"({"spec":{"amount":2}})",
                                             "application/merge-patch+json");
    CVC_VERIFY_HTTP(same, 200);
    QCOMPARE(CvcFixtures::resourceVersion(same.json()), CvcFixtures::resourceVersion(spec.json()));
}

// Check 20.
void TestWrites::replaceConcurrency()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("replaced"));
    QVERIFY(!created.isEmpty());
    QJsonObject first = created;
    QJsonObject spec = first.value("spec").toObject();
    spec.insert("amount", 3);
    first.insert("spec", spec);
    const HttpReply ok = m_sandbox.requestJson("PUT", CvcFixtures::object("replaced"), first);
    CVC_VERIFY_HTTP(ok, 200);
    QCOMPARE(generationOf(ok.json()), 2);

    // `first` still carries the creation resourceVersion: stale now.
    spec.insert("amount", 4);
    first.insert("spec", spec);
    const HttpReply stale = m_sandbox.requestJson("PUT", CvcFixtures::object("replaced"), first);
    CVC_VERIFY_STATUS(stale, 409, QStringLiteral("Conflict"));
    QCOMPARE(stale.json().value("message").toString(),
             QStringLiteral("Operation cannot be fulfilled on cryptovaluecalculators.crypto.tools \"replaced\": the object has been "
                            "modified; please apply your changes to the latest version and try again"));

    QJsonObject noRv = ok.json();
    QJsonObject metadata = metadataOf(noRv);
    metadata.remove("resourceVersion");
    noRv.insert("metadata", metadata);
    const HttpReply missing = m_sandbox.requestJson("PUT", CvcFixtures::object("replaced"), noRv);
    CVC_VERIFY_STATUS(missing, 422, QStringLiteral("Invalid"));
    QVERIFY2(missing.json().value("message").toString().contains(QStringLiteral("must be specified for an update")), missing.body.constData());

    const HttpReply wrongName = m_sandbox.requestJson("PUT", CvcFixtures::object("other-name"), ok.json());
    QVERIFY2(wrongName.status == 400 || wrongName.status == 404, qPrintable(wrongName.describe()));
}

// Check 21 (the kubectl half is in tst_kubectl).
void TestWrites::strategicMergePatchRejected()
{
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("smp")).isEmpty());
    const HttpReply reply = m_sandbox.request("PATCH", CvcFixtures::object("smp"), R"({"spec":{"amount":1}})",
                                              "application/strategic-merge-patch+json");
    CVC_VERIFY_STATUS(reply, 415, QStringLiteral("UnsupportedMediaType"));
    QCOMPARE(reply.json().value("message").toString(),
             QStringLiteral("the body of the request was in an unknown format - accepted media types include: "
                            "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));
}

// Check 22.
void TestWrites::jsonPatchTest()
{
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("json-patched"), QStringLiteral("bitcoin"), 1).isEmpty());
    const HttpReply failed = m_sandbox.request("PATCH", CvcFixtures::object("json-patched"),
                                               R"([{"op":"test","path":"/spec/coin","value":"ethereum"}])", "application/json-patch+json");
    CVC_VERIFY_STATUS(failed, 422, QStringLiteral("Invalid"));
    // kube-apiserver's message; it drops json-patch's own text, the sandbox keeps it as the cause,
    // so the client learns which operation failed and why.
    QCOMPARE(failed.json().value("message").toString(), QStringLiteral("the server rejected our request due to an error in our request"));
    QCOMPARE(failed.json().value("details").toObject(),
             QJsonObject({{"causes", QJsonArray{QJsonObject{{"message", R"(test operation at "/spec/coin" failed: test failed)"}}}}}));
    const HttpReply missing = m_sandbox.request("PATCH", CvcFixtures::object("json-patched"),
                                                R"([{"op":"replace","path":"/spec/amount","value":2},{"op":"replace","path":"/spec/nothing/deeper","value":7}])",
                                                "application/json-patch+json");
    CVC_VERIFY_STATUS(missing, 422, QStringLiteral("Invalid"));
    QCOMPARE(missing.json().value("message").toString(), QStringLiteral("the server rejected our request due to an error in our request"));
    const QJsonArray causes = missing.json().value("details").toObject().value("causes").toArray();
    QCOMPARE(causes.size(), 1);
    QCOMPARE(causes.first().toObject().value("message").toString(),
             QStringLiteral(R"(replace operation at "/spec/nothing/deeper" failed: missing key "nothing")"));
    // Nothing of a failed patch is applied, not even the operations before the failing one.
    QCOMPARE(get(QStringLiteral("json-patched")).value("spec").toObject().value("amount").toDouble(), 1.0);
    const HttpReply ok = m_sandbox.request("PATCH", CvcFixtures::object("json-patched"),
                                           R"([{"op":"test","path":"/spec/coin","value":"bitcoin"},{"op":"replace","path":"/spec/amount","value":7}])",
                                           "application/json-patch+json");
    CVC_VERIFY_HTTP(ok, 200);
    QCOMPARE(ok.json().value("spec").toObject().value("amount").toDouble(), 7.0);
    const HttpReply garbage = m_sandbox.request("PATCH", CvcFixtures::object("json-patched"), "[{\"op\":", "application/json-patch+json");
    CVC_VERIFY_STATUS(garbage, 400, QStringLiteral("BadRequest"));
}

// Check 23.
void TestWrites::mergePatchStaleResourceVersion()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("merge-stale"));
    QVERIFY(!created.isEmpty());
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("merge-stale"), R"({"spec":{"amount":9}})", "application/merge-patch+json"), 200);
    const QByteArray patch = QByteArray(R"({"metadata":{"resourceVersion":")") + CvcFixtures::resourceVersion(created).toUtf8()
        + R"("},"spec":{"amount":10}})";
    const HttpReply reply = m_sandbox.request("PATCH", CvcFixtures::object("merge-stale"), patch, "application/merge-patch+json");
    CVC_VERIFY_STATUS(reply, 409, QStringLiteral("Conflict"));
    QCOMPARE(get("merge-stale").value("spec").toObject().value("amount").toDouble(), 9.0);
}

// Check 24.
void TestWrites::applyPatch()
{
    const QByteArray body = CvcFixtures::json(CvcFixtures::cvc(QStringLiteral("applied"), QStringLiteral("dogecoin"), 100));
    const HttpReply noManager = m_sandbox.request("PATCH", CvcFixtures::object("applied"), body, "application/apply-patch+yaml");
    CVC_VERIFY_STATUS(noManager, 422, QStringLiteral("Invalid"));
    QVERIFY2(noManager.json().value("message").toString().contains(QStringLiteral("fieldManager: Required value")), noManager.body.constData());

    const HttpReply created = m_sandbox.request("PATCH", CvcFixtures::object("applied") + QStringLiteral("?fieldManager=test&force=true"),
                                                body, "application/apply-patch+yaml");
    CVC_VERIFY_HTTP(created, 201);
    QCOMPARE(get("applied").value("spec").toObject().value("coin").toString(), QStringLiteral("dogecoin"));

    const HttpReply forced = m_sandbox.request("PATCH", CvcFixtures::object("applied") + QStringLiteral("?force=true"),
                                               R"({"spec":{"amount":1}})", "application/merge-patch+json");
    CVC_VERIFY_STATUS(forced, 422, QStringLiteral("Invalid"));
}

// Check 25.
void TestWrites::alreadyExists()
{
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("twice")).isEmpty());
    const HttpReply again = m_sandbox.requestJson("POST", CvcFixtures::collection(), CvcFixtures::cvc(QStringLiteral("twice")));
    CVC_VERIFY_STATUS(again, 409, QStringLiteral("AlreadyExists"));
    QCOMPARE(again.json().value("message").toString(), QStringLiteral("cryptovaluecalculators.crypto.tools \"twice\" already exists"));
}

// Check 27: dry-run writes store nothing and emit no watch event.
void TestWrites::dryRun()
{
    const QString rv = CvcFixtures::resourceVersion(m_sandbox.request("GET", CvcFixtures::collection()).json());
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection() + QStringLiteral("?watch=1&resourceVersion=") + rv), qPrintable(watch.describe()));

    const HttpReply dry = m_sandbox.requestJson("POST", CvcFixtures::collection() + QStringLiteral("?dryRun=All"), CvcFixtures::cvc(QStringLiteral("dry")));
    CVC_VERIFY_HTTP(dry, 201);
    QCOMPARE(metadataOf(dry.json()).value("name").toString(), QStringLiteral("dry"));
    QVERIFY2(!metadataOf(dry.json()).value("uid").toString().isEmpty(), dry.body.constData());
    CVC_VERIFY_STATUS(m_sandbox.request("GET", CvcFixtures::object("dry")), 404, QStringLiteral("NotFound"));

    // A real write after the dry run: it must be the first event the watch sees.
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("wet")).isEmpty());
    QVERIFY2(watch.waitForEvents(1), qPrintable(watch.describe()));
    QCOMPARE(metadataOf(watch.events().at(0).value("object").toObject()).value("name").toString(), QStringLiteral("wet"));

    const HttpReply dryDelete = m_sandbox.request("DELETE", CvcFixtures::object("wet"), R"({"dryRun":["All"]})", "application/json");
    CVC_VERIFY_HTTP(dryDelete, 200);
    CVC_VERIFY_HTTP(m_sandbox.request("GET", CvcFixtures::object("wet")), 200);

    const HttpReply badValue = m_sandbox.requestJson("POST", CvcFixtures::collection() + QStringLiteral("?dryRun=Some"), CvcFixtures::cvc(QStringLiteral("dry2")));
    CVC_VERIFY_STATUS(badValue, 422, QStringLiteral("Invalid"));
}

// Check 28.
void TestWrites::finalizers()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("finalized"));
    QVERIFY(!created.isEmpty());
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection() + QStringLiteral("?watch=1&fieldSelector=metadata.name%3Dfinalized&resourceVersion=")
                        + CvcFixtures::resourceVersion(created)),
             qPrintable(watch.describe()));

    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("finalized"), R"({"metadata":{"finalizers":["crypto.tools/cleanup"]}})",
                                      "application/merge-patch+json"),
                    200);
    const HttpReply deleted = m_sandbox.request("DELETE", CvcFixtures::object("finalized"), R"({"propagationPolicy":"Background"})",
                                                "application/json");
    CVC_VERIFY_HTTP(deleted, 200);
    const QJsonObject terminating = get("finalized");
    QVERIFY2(!terminating.isEmpty(), "the object vanished although it has a finalizer");
    QVERIFY(!metadataOf(terminating).value("deletionTimestamp").toString().isEmpty());
    QCOMPARE(metadataOf(terminating).value("deletionGracePeriodSeconds").toInt(-1), 0);
    QCOMPARE(generationOf(terminating), generationOf(created) + 1);
    QVERIFY2(watch.waitForEvents(2), qPrintable(watch.describe()));
    QCOMPARE(watch.events().at(1).value("type").toString(), QStringLiteral("MODIFIED"));

    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("finalized"), R"({"metadata":{"finalizers":null}})",
                                      "application/merge-patch+json"),
                    200);
    QVERIFY2(watch.waitForEvents(3), qPrintable(watch.describe()));
    QCOMPARE(watch.events().at(2).value("type").toString(), QStringLiteral("DELETED"));
    CVC_VERIFY_STATUS(m_sandbox.request("GET", CvcFixtures::object("finalized")), 404, QStringLiteral("NotFound"));
}

// §3.1: what a create is checked for before anything is stored.
void TestWrites::createEdgeCases()
{
    QJsonObject otherNamespace = CvcFixtures::cvc(QStringLiteral("elsewhere"));
    QJsonObject metadata = otherNamespace.value("metadata").toObject();
    metadata.insert("namespace", "kube-system");
    otherNamespace.insert("metadata", metadata);
    const HttpReply mismatch = m_sandbox.requestJson("POST", CvcFixtures::collection(), otherNamespace);
    CVC_VERIFY_STATUS(mismatch, 400, QStringLiteral("BadRequest"));
    QCOMPARE(mismatch.json().value("message").toString(),
             QStringLiteral("the namespace of the provided object does not match the namespace sent on the request"));

    const HttpReply noNamespace = m_sandbox.requestJson("POST", CvcFixtures::collection("nowhere"), CvcFixtures::cvc(QStringLiteral("x")));
    CVC_VERIFY_STATUS(noNamespace, 404, QStringLiteral("NotFound"));
    QCOMPARE(noNamespace.json().value("message").toString(), QStringLiteral("namespaces \"nowhere\" not found"));

    const HttpReply badName = m_sandbox.requestJson("POST", CvcFixtures::collection(), CvcFixtures::cvc(QStringLiteral("My_BTC")));
    CVC_VERIFY_STATUS(badName, 422, QStringLiteral("Invalid"));
    QVERIFY2(badName.json().value("message").toString().contains(
                 QStringLiteral("metadata.name: Invalid value: \"My_BTC\": a lowercase RFC 1123 subdomain must consist of")),
             badName.body.constData());

    QJsonObject withRv = CvcFixtures::cvc(QStringLiteral("with-rv"));
    metadata = withRv.value("metadata").toObject();
    metadata.insert("resourceVersion", "5");
    withRv.insert("metadata", metadata);
    const HttpReply rvSet = m_sandbox.requestJson("POST", CvcFixtures::collection(), withRv);
    QCOMPARE(rvSet.status, 500);
    QCOMPARE(rvSet.json().value("message").toString(), QStringLiteral("resourceVersion should not be set on objects to be created"));

    QJsonObject wrongVersion = CvcFixtures::cvc(QStringLiteral("wrong-version"));
    wrongVersion.insert("apiVersion", "crypto.tools/v2");
    const HttpReply version = m_sandbox.requestJson("POST", CvcFixtures::collection(), wrongVersion);
    CVC_VERIFY_STATUS(version, 400, QStringLiteral("BadRequest"));
    QCOMPARE(version.json().value("message").toString(),
             QStringLiteral("the API version in the data (crypto.tools/v2) does not match the expected API version (crypto.tools/v1)"));

    QJsonObject wrongKind = CvcFixtures::cvc(QStringLiteral("wrong-kind"));
    wrongKind.insert("kind", "Foo");
    const HttpReply kind = m_sandbox.requestJson("POST", CvcFixtures::collection(), wrongKind);
    QVERIFY2(kind.status == 400 || kind.status == 422, qPrintable(kind.describe()));

    QJsonObject generated = CvcFixtures::cvc(QString());
    generated.insert("metadata", QJsonObject{{"generateName", "btc-"}});
    const HttpReply generatedReply = m_sandbox.requestJson("POST", CvcFixtures::collection(), generated);
    CVC_VERIFY_HTTP(generatedReply, 201);
    QVERIFY2(QRegularExpression("^btc-[a-z0-9]{5}$").match(generatedReply.json().value("metadata").toObject().value("name").toString()).hasMatch(),
             generatedReply.body.constData());

    const HttpReply dry = m_sandbox.requestJson("POST", CvcFixtures::collection() + "?dryRun=All", CvcFixtures::cvc(QStringLiteral("dry-rv")));
    CVC_VERIFY_HTTP(dry, 201);
    QVERIFY2(CvcFixtures::resourceVersion(dry.json()).isEmpty(), "a dry-run create answered with a resourceVersion");
    QVERIFY(!dry.json().value("metadata").toObject().value("creationTimestamp").toString().isEmpty());

    // §4.5: `type: number` accepts integers.
    const HttpReply integral = m_sandbox.request("POST", CvcFixtures::collection(),
                                                 R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":"integral"},"spec":{"coin":"dogecoin","amount":1200}})",
                                                 "application/json");
    CVC_VERIFY_HTTP(integral, 201);
    QVERIFY2(integral.body.contains("\"amount\":1200"), integral.body.constData());

    // YAML bodies are accepted for create.
    const HttpReply yaml = m_sandbox.request("POST", CvcFixtures::collection(),
                                             "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: from-yaml\nspec:\n  coin: ethereum\n  amount: 1.47\n",
                                             "application/yaml");
    CVC_VERIFY_HTTP(yaml, 201);
    QCOMPARE(yaml.json().value("spec").toObject().value("amount").toDouble(), 1.47);
}

// §3.2 and §3.3: a PUT must name the object it goes to; force only with apply.
void TestWrites::updateEdgeCases()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("update-edges"));
    QVERIFY(!created.isEmpty());
    const HttpReply wrongName = m_sandbox.requestJson("PUT", CvcFixtures::object("update-other"), created);
    CVC_VERIFY_STATUS(wrongName, 400, QStringLiteral("BadRequest"));
    QCOMPARE(wrongName.json().value("message").toString(),
             QStringLiteral("the name of the object (update-edges) does not match the name on the URL (update-other)"));

    QJsonObject bad = created;
    QJsonObject spec = bad.value("spec").toObject();
    spec.insert("coin", "litecoin");
    bad.insert("spec", spec);
    const HttpReply invalid = m_sandbox.requestJson("PUT", CvcFixtures::object("update-edges"), bad);
    CVC_VERIFY_STATUS(invalid, 422, QStringLiteral("Invalid"));

    const HttpReply invalidPatch = m_sandbox.request("PATCH", CvcFixtures::object("update-edges"), R"({"spec":{"amount":"lots"}})",
                                                     "application/merge-patch+json");
    CVC_VERIFY_STATUS(invalidPatch, 422, QStringLiteral("Invalid"));

    const HttpReply forced = m_sandbox.request("PATCH", CvcFixtures::object("update-edges") + "?force=true", R"({"spec":{"amount":1}})",
                                               "application/merge-patch+json");
    CVC_VERIFY_STATUS(forced, 422, QStringLiteral("Invalid"));
    QVERIFY2(forced.json().value("message").toString().contains(QStringLiteral("force: Forbidden: may not be specified for non-apply patch")),
             forced.body.constData());

    const HttpReply missing = m_sandbox.request("PATCH", CvcFixtures::object("never-created"), R"({"spec":{"amount":1}})",
                                                "application/merge-patch+json");
    CVC_VERIFY_STATUS(missing, 404, QStringLiteral("NotFound"));
}

// §3.2 / §3.5: a write that changes nothing keeps the RV and emits no watch event.
void TestWrites::noOpUpdateEmitsNothing()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("no-op"));
    QVERIFY(!created.isEmpty());
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection() + "?watch=1&fieldSelector=metadata.name%3Dno-op&resourceVersion="
                        + CvcFixtures::resourceVersion(created)),
             qPrintable(watch.describe()));
    const HttpReply put = m_sandbox.requestJson("PUT", CvcFixtures::object("no-op"), created);
    CVC_VERIFY_HTTP(put, 200);
    QCOMPARE(CvcFixtures::resourceVersion(put.json()), CvcFixtures::resourceVersion(created));
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("no-op"), R"({"metadata":{"labels":{"changed":"yes"}}})",
                                      "application/merge-patch+json"),
                    200);
    QVERIFY2(watch.waitForEvents(1), qPrintable(watch.describe()));
    QCOMPARE(watch.events().size(), 1);
    QCOMPARE(watch.events().first().value("object").toObject().value("metadata").toObject().value("labels").toObject().value("changed").toString(),
             QStringLiteral("yes"));
}

// §3.7: preconditions, and no new finalizers on an object being deleted.
void TestWrites::deleteEdgeCases()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("precondition"));
    QVERIFY(!created.isEmpty());
    const HttpReply wrongRv = m_sandbox.request("DELETE", CvcFixtures::object("precondition"), R"({"preconditions":{"resourceVersion":"1"}})",
                                                "application/json");
    CVC_VERIFY_STATUS(wrongRv, 409, QStringLiteral("Conflict"));
    const HttpReply deleted = m_sandbox.request("DELETE", CvcFixtures::object("precondition"));
    CVC_VERIFY_HTTP(deleted, 200);
    QCOMPARE(deleted.json().value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
    CVC_VERIFY_STATUS(m_sandbox.request("DELETE", CvcFixtures::object("precondition")), 404, QStringLiteral("NotFound"));

    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("closing")).isEmpty());
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("closing"), R"({"metadata":{"finalizers":["a.example/one"]}})",
                                      "application/merge-patch+json"),
                    200);
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object("closing")), 200);
    const QJsonObject terminating = get("closing");
    const HttpReply again = m_sandbox.request("DELETE", CvcFixtures::object("closing"));
    CVC_VERIFY_HTTP(again, 200);
    QCOMPARE(CvcFixtures::resourceVersion(get("closing")), CvcFixtures::resourceVersion(terminating));
    const HttpReply more = m_sandbox.request("PATCH", CvcFixtures::object("closing"),
                                             R"({"metadata":{"finalizers":["a.example/one","b.example/two"]}})", "application/merge-patch+json");
    CVC_VERIFY_STATUS(more, 422, QStringLiteral("Invalid"));
    QVERIFY2(more.json().value("message").toString().contains(QStringLiteral("no new finalizers can be added if the object is being deleted")),
             more.body.constData());
    CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object("closing"), R"({"metadata":{"finalizers":[]}})", "application/merge-patch+json"), 200);
    CVC_VERIFY_STATUS(m_sandbox.request("GET", CvcFixtures::object("closing")), 404, QStringLiteral("NotFound"));
}

// §2.1: list rules.
void TestWrites::listEdgeCases()
{
    const HttpReply empty = m_sandbox.request("GET", CvcFixtures::collection("does-not-exist"));
    CVC_VERIFY_HTTP(empty, 200);
    QCOMPARE(empty.json().value("kind").toString(), QStringLiteral("CryptoValueCalculatorList"));
    QVERIFY(empty.json().value("items").toArray().isEmpty());

    const HttpReply matchWithoutRv = m_sandbox.request("GET", CvcFixtures::collection() + "?resourceVersionMatch=NotOlderThan");
    CVC_VERIFY_STATUS(matchWithoutRv, 422, QStringLiteral("Invalid"));
    const HttpReply exactZero = m_sandbox.request("GET", CvcFixtures::collection() + "?resourceVersionMatch=Exact&resourceVersion=0");
    CVC_VERIFY_STATUS(exactZero, 422, QStringLiteral("Invalid"));
    const HttpReply initialEvents = m_sandbox.request("GET", CvcFixtures::collection() + "?sendInitialEvents=true");
    CVC_VERIFY_STATUS(initialEvents, 422, QStringLiteral("Invalid"));

    const HttpReply all = m_sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1/cryptovaluecalculators"));
    CVC_VERIFY_HTTP(all, 200);
    const qint64 listRv = CvcFixtures::resourceVersionNumber(all.json());
    for (const QJsonValue &item : all.json().value("items").toArray()) {
        QCOMPARE(item.toObject().value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
        QVERIFY(CvcFixtures::resourceVersionNumber(item.toObject()) <= listRv);
    }

    const HttpReply notLabelled = m_sandbox.request("GET", CvcFixtures::collection() + "?labelSelector=app%20notin%20(x),!changed");
    CVC_VERIFY_HTTP(notLabelled, 200);
    for (const QJsonValue &item : notLabelled.json().value("items").toArray()) {
        const QJsonObject labels = item.toObject().value("metadata").toObject().value("labels").toObject();
        QVERIFY(labels.value("app").toString() != QLatin1String("x"));
        QVERIFY(!labels.contains("changed"));
    }
}

// §3.7: deleting a CRD removes its objects (DELETED events) and its API.
void TestWrites::crdDeletionCascades()
{
    QJsonObject crd = widgetCrd();
    crd.insert("metadata", QJsonObject{{"name", "gadgets.gadgets.test"}});
    QJsonObject spec = crd.value("spec").toObject();
    spec.insert("group", "gadgets.test");
    spec.insert("names", QJsonObject{{"kind", "Gadget"}, {"plural", "gadgets"}, {"singular", "gadget"}});
    crd.insert("spec", spec);
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd), 201);
    const QString gadgets = QStringLiteral("/apis/gadgets.test/v1/namespaces/default/gadgets");
    for (const char *name : {"g1", "g2"}) {
        QJsonObject gadget = widget(QLatin1String(name), QJsonObject{{"size", 1}});
        gadget.insert("apiVersion", "gadgets.test/v1");
        gadget.insert("kind", "Gadget");
        CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", gadgets, gadget), 201);
    }
    WatchStream watch(m_sandbox);
    QVERIFY2(watch.open(gadgets + "?watch=1&resourceVersion=" + CvcFixtures::resourceVersion(m_sandbox.request("GET", gadgets).json())),
             qPrintable(watch.describe()));
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.gadgets.test"), 200);
    QVERIFY2(watch.waitForEvents(2), qPrintable(watch.describe()));
    QStringList deleted = CvcFixtures::eventSummary(watch.events());
    deleted.sort();
    QCOMPARE(deleted, (QStringList{"DELETED g1", "DELETED g2"}));
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox.request("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.gadgets.test").status, 404, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox.request("GET", "/apis/gadgets.test/v1").status, 404, 10000);
    QVERIFY(!m_sandbox.request("GET", "/apis").body.contains("gadgets.test"));
}

// §3.7: with no custom resources left, the cleanup finalizer goes at once and so does the CRD.
void TestWrites::crdDeletionWithoutInstances()
{
    QJsonObject crd = widgetCrd();
    crd.insert("metadata", QJsonObject{{"name", "boxes.boxes.test"}});
    QJsonObject spec = crd.value("spec").toObject();
    spec.insert("group", "boxes.test");
    spec.insert("names", QJsonObject{{"kind", "Box"}, {"plural", "boxes"}, {"singular", "box"}});
    crd.insert("spec", spec);
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd), 201);
    CVC_VERIFY_HTTP(m_sandbox.request("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/boxes.boxes.test"), 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox.request("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/boxes.boxes.test").status, 404, 10000);
    QCOMPARE(m_sandbox.request("GET", "/apis/boxes.test/v1").status, 404);
}

// §2.1 resourceVersionMatch=Exact, cluster-wide lists with a namespace field selector, and
// deletecollection with a label selector.
void TestWrites::exactListsAndCollections()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, QStringLiteral("bulk")));
    for (int i = 0; i < 3; ++i) {
        QJsonObject body = CvcFixtures::cvc(QStringLiteral("bulk-%1").arg(i));
        body.insert("metadata", QJsonObject{{"name", QStringLiteral("bulk-%1").arg(i)}, {"labels", QJsonObject{{"batch", i < 2 ? "old" : "new"}}}});
        CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", CvcFixtures::collection("bulk"), body), 201);
    }
    const HttpReply list = m_sandbox.request("GET", CvcFixtures::collection("bulk"));
    const QString rv = CvcFixtures::resourceVersion(list.json());
    const HttpReply exact = m_sandbox.request("GET", CvcFixtures::collection("bulk") + "?resourceVersionMatch=Exact&resourceVersion=" + rv);
    CVC_VERIFY_HTTP(exact, 200);
    QCOMPARE(exact.json().value("items").toArray().size(), 3);

    const HttpReply inNamespace = m_sandbox.request("GET", "/apis/crypto.tools/v1/cryptovaluecalculators?fieldSelector=metadata.namespace%3Dbulk");
    CVC_VERIFY_HTTP(inNamespace, 200);
    QCOMPARE(inNamespace.json().value("items").toArray().size(), 3);

    const HttpReply removed = m_sandbox.request("DELETE", CvcFixtures::collection("bulk") + "?labelSelector=batch%3Dold");
    CVC_VERIFY_HTTP(removed, 200);
    const QJsonArray left = m_sandbox.request("GET", CvcFixtures::collection("bulk")).json().value("items").toArray();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).toObject().value("metadata").toObject().value("name").toString(), QStringLiteral("bulk-2"));

    // After a change, the old snapshot is no longer exact: 410 Expired (the sandbox keeps no snapshots,
    // kube-api.md §2.1) or, on a server that keeps them, the old three items.
    const HttpReply old = m_sandbox.request("GET", CvcFixtures::collection("bulk") + "?resourceVersionMatch=Exact&resourceVersion=" + rv);
    if (old.status == 200)
        QCOMPARE(old.json().value("items").toArray().size(), 3);
    else
        CVC_VERIFY_STATUS(old, 410, QStringLiteral("Expired"));
}

// §3.6: PUT /status takes only status and needs the current resourceVersion.
void TestWrites::statusReplace()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, QStringLiteral("status-put"));
    QVERIFY(!created.isEmpty());
    QJsonObject body = created;
    body.insert("status", QJsonObject{{"change", "+4.0%"}});
    QJsonObject spec = body.value("spec").toObject();
    spec.insert("amount", 99);
    body.insert("spec", spec);
    const HttpReply put = m_sandbox.requestJson("PUT", CvcFixtures::object("status-put") + "/status", body);
    CVC_VERIFY_HTTP(put, 200);
    QCOMPARE(put.json().value("status").toObject().value("change").toString(), QStringLiteral("+4.0%"));
    QCOMPARE(put.json().value("spec").toObject().value("amount").toDouble(), 0.5);
    QCOMPARE(put.json().value("metadata").toObject().value("generation").toInt(), 1);

    const HttpReply stale = m_sandbox.requestJson("PUT", CvcFixtures::object("status-put") + "/status", body);
    CVC_VERIFY_STATUS(stale, 409, QStringLiteral("Conflict"));
}

QTEST_GUILESS_MAIN(TestWrites)
#include "tst_writes.moc"
