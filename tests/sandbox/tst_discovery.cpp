// Fidelity checks 1–5, 10, 11, 26 and 35 of kube-api.md §7: version, discovery, OpenAPI v3, Table
// responses and the read-side Status bodies, over direct HTTPS.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "sandboxprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
const QByteArray kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const QByteArray kAggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

QJsonObject findByKey(const QJsonArray &array, const QString &key, const QString &value)
{
    for (const QJsonValue &entry : array) {
        if (entry.toObject().value(key).toString() == value)
            return entry.toObject();
    }
    return {};
}

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    for (const QJsonValue &entry : value.toArray())
        result.append(entry.toString());
    return result;
}
} // namespace

class TestDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void version();
    void groupListLegacy();
    void groupListAggregated();
    void resourceList();
    void openApiV3();
    void tableList();
    void tableIncludeObject();
    void notFound();
    void resourceVersionTooLarge();

private:
    SandboxProcess m_sandbox;
};

void TestDiscovery::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("my-btc"), QStringLiteral("bitcoin"), 0.5).isEmpty());
    QVERIFY(!CvcFixtures::create(m_sandbox, QStringLiteral("my-eth"), QStringLiteral("ethereum"), 1.5).isEmpty());
}

void TestDiscovery::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

// Check 1; python3-kubernetes asks for /version/ and needs all nine keys.
void TestDiscovery::version()
{
    for (const QString &path : {QStringLiteral("/version"), QStringLiteral("/version/"), QStringLiteral("/version?timeout=5s")}) {
        const HttpReply reply = m_sandbox.request("GET", path);
        QVERIFY2(reply.status == 200, qPrintable(path + QStringLiteral(": ") + reply.describe()));
        const QJsonObject body = reply.json();
        QCOMPARE(body.value("major").toString(), QStringLiteral("1"));
        QCOMPARE(body.value("minor").toString(), QStringLiteral("32"));
        QVERIFY2(body.value("gitVersion").toString().startsWith("v1.32."), reply.body.constData());
        for (const char *key : {"gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"})
            QVERIFY2(body.contains(QLatin1String(key)), key);
    }
}

// Check 2.
void TestDiscovery::groupListLegacy()
{
    const HttpReply reply = m_sandbox.request("GET", QStringLiteral("/apis"));
    CVC_VERIFY_HTTP(reply, 200);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("kind").toString(), QStringLiteral("APIGroupList"));
    const QJsonObject group = findByKey(body.value("groups").toArray(), QStringLiteral("name"), QStringLiteral("crypto.tools"));
    QVERIFY2(!group.isEmpty(), reply.body.constData());
    QCOMPARE(group.value("preferredVersion").toObject().value("groupVersion").toString(), QStringLiteral("crypto.tools/v1"));
    QCOMPARE(group.value("preferredVersion").toObject().value("version").toString(), QStringLiteral("v1"));

    const HttpReply core = m_sandbox.request("GET", QStringLiteral("/api"));
    CVC_VERIFY_HTTP(core, 200);
    QCOMPARE(core.json().value("kind").toString(), QStringLiteral("APIVersions"));
    QCOMPARE(strings(core.json().value("versions")), QStringList{QStringLiteral("v1")});
}

// Check 3: aggregated or legacy are both acceptable; record which.
void TestDiscovery::groupListAggregated()
{
    const HttpReply reply = m_sandbox.request("GET", QStringLiteral("/apis"), {}, {}, kAggregatedAccept);
    CVC_VERIFY_HTTP(reply, 200);
    const QByteArray contentType = reply.header("Content-Type");
    const QByteArrayList params = contentType.split(';');
    const auto hasParam = [&](const QByteArray &param) {
        return std::any_of(params.cbegin(), params.cend(), [&](const QByteArray &p) { return p.trimmed() == param; });
    };
    const bool aggregated = hasParam("g=apidiscovery.k8s.io") && hasParam("v=v2") && hasParam("as=APIGroupDiscoveryList");
    if (!aggregated) {
        qInfo("check 3: the sandbox answers aggregated discovery with legacy JSON (Content-Type %s)", contentType.constData());
        QCOMPARE(reply.json().value("kind").toString(), QStringLiteral("APIGroupList"));
        return;
    }
    qInfo("check 3: the sandbox serves aggregated discovery v2");
    QCOMPARE(params.first().trimmed(), QByteArray("application/json"));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("kind").toString(), QStringLiteral("APIGroupDiscoveryList"));
    QJsonObject group;
    for (const QJsonValue &item : body.value("items").toArray()) {
        if (item.toObject().value("metadata").toObject().value("name").toString() == QLatin1String("crypto.tools"))
            group = item.toObject();
    }
    QVERIFY2(!group.isEmpty(), reply.body.left(2000).constData());
    const QJsonObject version = findByKey(group.value("versions").toArray(), QStringLiteral("version"), QStringLiteral("v1"));
    const QJsonObject resource = findByKey(version.value("resources").toArray(), QStringLiteral("resource"),
                                           QStringLiteral("cryptovaluecalculators"));
    QVERIFY2(!resource.isEmpty(), reply.body.left(2000).constData());
    QCOMPARE(resource.value("scope").toString(), QStringLiteral("Namespaced"));
    QCOMPARE(strings(resource.value("shortNames")), (QStringList{QStringLiteral("cvc"), QStringLiteral("cvcs")}));
    QVERIFY(!findByKey(resource.value("subresources").toArray(), QStringLiteral("subresource"), QStringLiteral("status")).isEmpty());

    // The same request on /api answers with one item named "".
    const HttpReply core = m_sandbox.request("GET", QStringLiteral("/api"), {}, {}, kAggregatedAccept);
    CVC_VERIFY_HTTP(core, 200);
    QVERIFY2(core.header("Content-Type").contains("as=APIGroupDiscoveryList"),
             "the sandbox aggregates /apis but not /api: client-go then falls back to legacy discovery");
    const QJsonArray coreItems = core.json().value("items").toArray();
    QCOMPARE(coreItems.size(), 1);
    QCOMPARE(coreItems.at(0).toObject().value("metadata").toObject().value("name").toString(), QString());
}

// Check 4.
void TestDiscovery::resourceList()
{
    const HttpReply reply = m_sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v1?timeout=32s"));
    CVC_VERIFY_HTTP(reply, 200);
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("kind").toString(), QStringLiteral("APIResourceList"));
    QCOMPARE(body.value("groupVersion").toString(), QStringLiteral("crypto.tools/v1"));
    const QJsonArray resources = body.value("resources").toArray();
    const QJsonObject cvc = findByKey(resources, QStringLiteral("name"), QStringLiteral("cryptovaluecalculators"));
    QVERIFY2(!cvc.isEmpty(), reply.body.constData());
    QCOMPARE(cvc.value("namespaced").toBool(), true);
    QCOMPARE(cvc.value("kind").toString(), QStringLiteral("CryptoValueCalculator"));
    QCOMPARE(cvc.value("singularName").toString(), QStringLiteral("cryptovaluecalculator"));
    const QStringList verbs = strings(cvc.value("verbs"));
    for (const char *verb : {"get", "list", "watch", "create", "update", "patch", "delete"})
        QVERIFY2(verbs.contains(QLatin1String(verb)), verb);
    QCOMPARE(strings(cvc.value("shortNames")), (QStringList{QStringLiteral("cvc"), QStringLiteral("cvcs")}));
    const QJsonObject status = findByKey(resources, QStringLiteral("name"), QStringLiteral("cryptovaluecalculators/status"));
    QVERIFY2(!status.isEmpty(), reply.body.constData());

    // The built-ins the operator and kubectl need.
    for (const auto &[groupVersion, resource] : {std::pair{"/api/v1", "namespaces"}, {"/api/v1", "events"},
                                                 {"/apis/coordination.k8s.io/v1", "leases"},
                                                 {"/apis/apiextensions.k8s.io/v1", "customresourcedefinitions"}}) {
        const HttpReply list = m_sandbox.request("GET", QLatin1String(groupVersion));
        CVC_VERIFY_HTTP(list, 200);
        const QJsonObject entry = findByKey(list.json().value("resources").toArray(), QStringLiteral("name"), QLatin1String(resource));
        QVERIFY2(strings(entry.value("verbs")).contains("watch"), qPrintable(QLatin1String(groupVersion) + QLatin1Char(' ') + QLatin1String(resource)));
    }

    const HttpReply unknown = m_sandbox.request("GET", QStringLiteral("/apis/crypto.tools/v9"));
    CVC_VERIFY_STATUS(unknown, 404, QStringLiteral("NotFound"));
}

// Check 5: what plain `kubectl apply` looks for (patch op with GVK and its own fieldValidation param).
void TestDiscovery::openApiV3()
{
    const HttpReply root = m_sandbox.request("GET", QStringLiteral("/openapi/v3"));
    CVC_VERIFY_HTTP(root, 200);
    const QString relative = root.json().value("paths").toObject().value("apis/crypto.tools/v1").toObject()
                                 .value("serverRelativeURL").toString();
    QVERIFY2(relative.startsWith(QLatin1String("/openapi/v3/apis/crypto.tools/v1")), root.body.left(1000).constData());

    const HttpReply doc = m_sandbox.request("GET", relative);
    CVC_VERIFY_HTTP(doc, 200);
    const QJsonObject paths = doc.json().value("paths").toObject();
    bool found = false;
    for (auto it = paths.constBegin(); it != paths.constEnd() && !found; ++it) {
        const QJsonObject patch = it.value().toObject().value("patch").toObject();
        const QJsonObject gvk = patch.value("x-kubernetes-group-version-kind").toObject();
        if (gvk.value("group").toString() != QLatin1String("crypto.tools") || gvk.value("version").toString() != QLatin1String("v1")
            || gvk.value("kind").toString() != QLatin1String("CryptoValueCalculator"))
            continue;
        for (const QJsonValue &param : patch.value("parameters").toArray()) {
            QJsonObject p = param.toObject();
            const QString ref = p.value("$ref").toString();
            if (ref.startsWith(QLatin1String("#/parameters/")))
                p = doc.json().value("parameters").toObject().value(ref.mid(13)).toObject();
            if (p.value("name").toString() == QLatin1String("fieldValidation") && p.value("in").toString() == QLatin1String("query"))
                found = true;
        }
        // kubectl would compute strategic patches from a stub schema if this type were offered.
        QVERIFY2(!patch.value("requestBody").toObject().value("content").toObject().contains("application/strategic-merge-patch+json"),
                 qPrintable(it.key()));
    }
    QVERIFY2(found, "no PATCH operation with x-kubernetes-group-version-kind crypto.tools/v1 CryptoValueCalculator and a "
                    "fieldValidation query parameter in its own parameters");
}

// Check 10.
void TestDiscovery::tableList()
{
    const HttpReply list = m_sandbox.request("GET", CvcFixtures::collection());
    CVC_VERIFY_HTTP(list, 200);
    const QString listRv = CvcFixtures::resourceVersion(list.json());

    const HttpReply reply = m_sandbox.request("GET", CvcFixtures::collection() + QStringLiteral("?limit=500"), {}, {}, kTableAccept);
    CVC_VERIFY_HTTP(reply, 200);
    QVERIFY2(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type").constData());
    const QJsonObject table = reply.json();
    QCOMPARE(table.value("kind").toString(), QStringLiteral("Table"));
    QCOMPARE(table.value("apiVersion").toString(), QStringLiteral("meta.k8s.io/v1"));
    const QJsonArray columns = table.value("columnDefinitions").toArray();
    QVERIFY(!columns.isEmpty());
    QCOMPARE(columns.at(0).toObject().value("name").toString(), QStringLiteral("Name"));
    QCOMPARE(columns.at(0).toObject().value("format").toString(), QStringLiteral("name"));
    QStringList names;
    for (const QJsonValue &column : columns)
        names << column.toObject().value("name").toString();
    QCOMPARE(names, (QStringList{"Name", "Coin", "Amount", "Value", "Change", "Updated", "Price", "Source", "Ready", "P&L"}));
    QCOMPARE(columns.at(6).toObject().value("priority").toInt(), 1);
    QCOMPARE(columns.at(7).toObject().value("priority").toInt(), 1);
    QCOMPARE(columns.at(8).toObject().value("priority").toInt(), 1);
    const QJsonArray rows = table.value("rows").toArray();
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject().value("object").toObject();
        QCOMPARE(object.value("kind").toString(), QStringLiteral("PartialObjectMetadata"));
        QCOMPARE(object.value("apiVersion").toString(), QStringLiteral("meta.k8s.io/v1"));
        QCOMPARE(object.value("metadata").toObject().value("namespace").toString(), QStringLiteral("default"));
    }
    const QJsonArray first = rows.at(0).toObject().value("cells").toArray();
    QCOMPARE(first.at(0).toString(), QStringLiteral("my-btc"));
    QCOMPARE(first.at(1).toString(), QStringLiteral("bitcoin"));
    QCOMPARE(first.at(2).toDouble(), 0.5);
    QVERIFY2(first.at(3).isNull() && first.at(4).isNull() && first.at(5).isNull(), QJsonDocument(first).toJson().constData());
    QCOMPARE(table.value("metadata").toObject().value("resourceVersion").toString(), listRv);

    // A single object is a one-row Table.
    const HttpReply single = m_sandbox.request("GET", CvcFixtures::object("my-eth"), {}, {}, kTableAccept);
    CVC_VERIFY_HTTP(single, 200);
    QCOMPARE(single.json().value("rows").toArray().size(), 1);
}

// Check 11.
void TestDiscovery::tableIncludeObject()
{
    const HttpReply full = m_sandbox.request("GET", CvcFixtures::collection() + QStringLiteral("?includeObject=Object"), {}, {}, kTableAccept);
    CVC_VERIFY_HTTP(full, 200);
    for (const QJsonValue &row : full.json().value("rows").toArray())
        QCOMPARE(row.toObject().value("object").toObject().value("kind").toString(), QStringLiteral("CryptoValueCalculator"));

    const HttpReply none = m_sandbox.request("GET", CvcFixtures::collection() + QStringLiteral("?includeObject=None"), {}, {}, kTableAccept);
    CVC_VERIFY_HTTP(none, 200);
    QVERIFY(!none.json().value("rows").toArray().isEmpty());
    for (const QJsonValue &row : none.json().value("rows").toArray())
        QVERIFY2(!row.toObject().contains("object") || row.toObject().value("object").isNull(), none.body.left(800).constData());

    const HttpReply bad = m_sandbox.request("GET", CvcFixtures::collection() + QStringLiteral("?includeObject=Everything"), {}, {}, kTableAccept);
    QCOMPARE(bad.status, 400);
}

// Check 26.
void TestDiscovery::notFound()
{
    const HttpReply reply = m_sandbox.request("GET", CvcFixtures::object("nope"));
    CVC_VERIFY_STATUS(reply, 404, QStringLiteral("NotFound"));
    const QJsonObject body = reply.json();
    QCOMPARE(body.value("message").toString(), QStringLiteral("cryptovaluecalculators.crypto.tools \"nope\" not found"));
    QCOMPARE(body.value("details").toObject().value("kind").toString(), QStringLiteral("cryptovaluecalculators"));
    QCOMPARE(body.value("details").toObject().value("group").toString(), QStringLiteral("crypto.tools"));
    QCOMPARE(body.value("details").toObject().value("name").toString(), QStringLiteral("nope"));
}

// Check 35.
void TestDiscovery::resourceVersionTooLarge()
{
    const HttpReply list = m_sandbox.request("GET", CvcFixtures::collection());
    const qint64 current = CvcFixtures::resourceVersionNumber(list.json());
    QElapsedTimer timer;
    timer.start();
    const HttpReply reply = m_sandbox.request("GET", CvcFixtures::collection() + QStringLiteral("?resourceVersion=%1").arg(current + 1000000));
    CVC_VERIFY_STATUS(reply, 504, QStringLiteral("Timeout"));
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    const QJsonObject details = reply.json().value("details").toObject();
    QCOMPARE(details.value("causes").toArray().at(0).toObject().value("reason").toString(), QStringLiteral("ResourceVersionTooLarge"));
    // apimachinery's NewTimeoutError prefixes "Timeout: ".
    QVERIFY2(reply.json().value("message").toString().contains(QStringLiteral("Too large resource version: %1, current: ").arg(current + 1000000)),
             reply.body.constData());
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
