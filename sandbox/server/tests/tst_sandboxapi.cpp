// The server's handlers over real HTTPS on 127.0.0.1, checked by what a client observes
// (kube-api.md §1–3, §7). The kubectl/python fidelity suite lives in tests/sandbox.

#include "serverthread.h"
#include "testclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

const QByteArray kCvcs = "/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators";
const QByteArray kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

QByteArray cvcBody(const QByteArray &name, const QByteArray &coin = "bitcoin", const QByteArray &amount = "0.5")
{
    return R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":")" + name
        + R"("},"spec":{"coin":")" + coin + R"(","amount":)" + amount + "}}";
}

QString rvOf(const QJsonObject &object)
{
    return object["metadata"].toObject()["resourceVersion"].toString();
}

} // namespace

class TestSandboxApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ServerThread> m_server;

    TestResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                      const QByteArray &contentType = {}, const QByteArray &accept = {}, const QByteArray &token = "admin",
                      const QList<std::pair<QByteArray, QByteArray>> &extra = {})
    {
        TestConnection connection(m_server->port(), m_server->caPem());
        if (!connection.waitEncrypted())
            return {};
        connection.send(method, target, token == "admin" ? m_server->token() : token, body,
                        contentType.isEmpty() && !body.isEmpty() ? QByteArray("application/json") : contentType, accept, extra);
        return connection.readResponse();
    }

    std::unique_ptr<TestConnection> openWatch(const QByteArray &target, const QByteArray &accept = {})
    {
        auto connection = std::make_unique<TestConnection>(m_server->port(), m_server->caPem());
        if (!connection->waitEncrypted())
            return nullptr;
        connection->send("GET", target, m_server->token(), {}, {}, accept);
        const TestResponse head = connection->readHead();
        if (head.status != 200)
            return nullptr;
        return connection;
    }

private Q_SLOTS:
    void initTestCase()
    {
        cvc::sandbox::SandboxServer::Config config;
        config.watchHistory = 1000;
        config.defaultWatchTimeoutSeconds = 30;
        m_server = std::make_unique<ServerThread>(config);
        QVERIFY2(m_server->startServer(), qPrintable(m_server->error()));
        QFile crd(QStringLiteral(CVC_SOURCE_DIR "/crds/cryptovaluecalculators.yaml"));
        QVERIFY(crd.open(QIODevice::ReadOnly));
        const TestResponse created = call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions?fieldValidation=Strict",
                                          crd.readAll(), "application/yaml");
        QCOMPARE(created.status, 201);
        const QJsonArray conditions = created.json()["status"].toObject()["conditions"].toArray();
        bool established = false;
        for (const QJsonValue &c : conditions)
            established |= c["type"].toString() == QLatin1String("Established") && c["status"].toString() == QLatin1String("True");
        QVERIFY(established);
    }

    void cleanupTestCase() { m_server.reset(); }

    void versionAndDiscovery()
    {
        const QJsonObject version = call("GET", "/version/", {}, {}, {}, {}).json();
        QCOMPARE(version["major"].toString(), QStringLiteral("1"));
        QCOMPARE(version["minor"].toString(), QStringLiteral("32"));
        QCOMPARE(version.size(), 9);

        const TestResponse aggregated = call("GET", "/apis", {}, {},
                                             "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        QCOMPARE(aggregated.header("Content-Type"), QByteArray("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"));
        QVERIFY(aggregated.body.contains("\"cryptovaluecalculators\""));
        const TestResponse legacy = call("GET", "/apis", {}, {}, "application/json");
        QCOMPARE(legacy.json()["kind"].toString(), QStringLiteral("APIGroupList"));

        const QJsonArray resources = call("GET", "/apis/crypto.tools/v1").json()["resources"].toArray();
        QStringList names;
        for (const QJsonValue &r : resources)
            names.append(r["name"].toString());
        QVERIFY(names.contains(QStringLiteral("cryptovaluecalculators")));
        QVERIFY(names.contains(QStringLiteral("cryptovaluecalculators/status")));
        QCOMPARE(call("GET", "/apis/nope.example/v1").status, 404);

        const QJsonObject root = call("GET", "/openapi/v3").json();
        const QString url = root["paths"].toObject()["apis/crypto.tools/v1"].toObject()["serverRelativeURL"].toString();
        QVERIFY(url.startsWith(QStringLiteral("/openapi/v3/apis/crypto.tools/v1?hash=")));
        const QJsonObject doc = call("GET", url.toUtf8()).json();
        const QJsonObject patch = doc["paths"].toObject()["/apis/crypto.tools/v1/namespaces/{namespace}/cryptovaluecalculators/{name}"]
                                      .toObject()["patch"].toObject();
        QCOMPARE(patch["x-kubernetes-group-version-kind"].toObject()["kind"].toString(), QStringLiteral("CryptoValueCalculator"));
        bool fieldValidation = false;
        for (const QJsonValue &p : patch["parameters"].toArray())
            fieldValidation |= p["name"].toString() == QLatin1String("fieldValidation");
        QVERIFY(fieldValidation);
        QVERIFY(!patch["requestBody"].toObject()["content"].toObject().contains(QStringLiteral("application/strategic-merge-patch+json")));
    }

    void createRejectsInvalidObjects()
    {
        const TestResponse invalid = call("POST", kCvcs, R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":"bad"},"spec":{"coin":"litecoin"}})");
        QCOMPARE(invalid.status, 422);
        const QJsonObject status = invalid.json();
        QCOMPARE(status["reason"].toString(), QStringLiteral("Invalid"));
        QCOMPARE(status["details"].toObject()["kind"].toString(), QStringLiteral("CryptoValueCalculator"));
        const QJsonArray causes = status["details"].toObject()["causes"].toArray();
        QCOMPARE(causes.size(), 2);
        QCOMPARE(causes.at(0)["field"].toString(), QStringLiteral("spec.coin"));
        QCOMPARE(causes.at(0)["reason"].toString(), QStringLiteral("FieldValueNotSupported"));
        QCOMPARE(causes.at(1)["field"].toString(), QStringLiteral("spec.amount"));
        QCOMPARE(causes.at(1)["reason"].toString(), QStringLiteral("FieldValueRequired"));

        const TestResponse wrongType = call("POST", kCvcs, cvcBody("bad", "bitcoin", "\"lots\""));
        QCOMPARE(wrongType.status, 422);
        QVERIFY(wrongType.body.contains("must be of type number"));

        QCOMPARE(call("POST", kCvcs, cvcBody("dup")).status, 201);
        const TestResponse duplicate = call("POST", kCvcs, cvcBody("dup"));
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(duplicate.json()["reason"].toString(), QStringLiteral("AlreadyExists"));
        QCOMPARE(duplicate.json()["message"].toString(), QStringLiteral("cryptovaluecalculators.crypto.tools \"dup\" already exists"));

        const TestResponse missing = call("GET", kCvcs + "/nope");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json()["details"].toObject()["kind"].toString(), QStringLiteral("cryptovaluecalculators"));
        QCOMPARE(missing.json()["details"].toObject()["group"].toString(), QStringLiteral("crypto.tools"));

        const TestResponse noNamespace = call("POST", "/apis/crypto.tools/v1/namespaces/ghost/cryptovaluecalculators", cvcBody("x"));
        QCOMPARE(noNamespace.status, 404);
        QCOMPARE(noNamespace.json()["message"].toString(), QStringLiteral("namespaces \"ghost\" not found"));
    }

    void unknownFieldsFollowFieldValidation()
    {
        const QByteArray body = R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":"uf"},"spec":{"coin":"bitcoin","amount":1,"foo":1},"foo":2})";
        const TestResponse strict = call("POST", kCvcs + "?fieldValidation=Strict", body);
        QCOMPARE(strict.status, 400);
        QVERIFY(strict.json()["message"].toString().contains(QStringLiteral("strict decoding error: unknown field \"foo\"")));
        const TestResponse warn = call("POST", kCvcs, body);
        QCOMPARE(warn.status, 201);
        QVERIFY(warn.header("Warning").contains("unknown field \\\"foo\\\""));
        QVERIFY(!warn.json().contains(QStringLiteral("foo")));
        QVERIFY(!warn.json()["spec"].toObject().contains(QStringLiteral("foo"))); // spec is closed too
    }

    void replaceUsesOptimisticConcurrency()
    {
        const QJsonObject created = call("POST", kCvcs, cvcBody("occ")).json();
        QJsonObject updated = created;
        QJsonObject spec = updated["spec"].toObject();
        spec["amount"] = 2;
        updated["spec"] = spec;
        const TestResponse ok = call("PUT", kCvcs + "/occ", QJsonDocument(updated).toJson());
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json()["metadata"].toObject()["generation"].toInt(), 2);
        const TestResponse stale = call("PUT", kCvcs + "/occ", QJsonDocument(updated).toJson());
        QCOMPARE(stale.status, 409);
        QVERIFY(stale.json()["message"].toString().contains(QStringLiteral("the object has been modified")));
        QJsonObject metadata = updated["metadata"].toObject();
        metadata.remove(QStringLiteral("resourceVersion"));
        updated["metadata"] = metadata;
        const TestResponse noRv = call("PUT", kCvcs + "/occ", QJsonDocument(updated).toJson());
        QCOMPARE(noRv.status, 422);
        QVERIFY(noRv.json()["message"].toString().contains(QStringLiteral("must be specified for an update")));
    }

    void patchesFollowGenerationAndStatusRules()
    {
        const QJsonObject created = call("POST", kCvcs, cvcBody("pat")).json();
        const TestResponse label = call("PATCH", kCvcs + "/pat", R"({"metadata":{"labels":{"a":"b"}}})", "application/merge-patch+json");
        QCOMPARE(label.status, 200);
        QCOMPARE(label.json()["metadata"].toObject()["generation"].toInt(), 1);
        QVERIFY(rvOf(label.json()) != rvOf(created));

        const TestResponse status = call("PATCH", kCvcs + "/pat/status",
                                         R"({"metadata":{"labels":{"a":"c"}},"status":{"change":"+1.0%","anything":{"x":1}}})",
                                         "application/merge-patch+json");
        QCOMPARE(status.status, 200);
        QCOMPARE(status.json()["status"].toObject()["anything"].toObject()["x"].toInt(), 1);
        QCOMPARE(status.json()["metadata"].toObject()["labels"].toObject()["a"].toString(), QStringLiteral("b"));
        QCOMPARE(status.json()["metadata"].toObject()["generation"].toInt(), 1);

        const TestResponse mainStatus = call("PATCH", kCvcs + "/pat", R"({"status":{"change":"x"}})", "application/merge-patch+json");
        QCOMPARE(mainStatus.json()["status"].toObject()["change"].toString(), QStringLiteral("+1.0%"));

        const TestResponse strategic = call("PATCH", kCvcs + "/pat", R"({"spec":{"amount":3}})", "application/strategic-merge-patch+json");
        QCOMPARE(strategic.status, 415);
        QVERIFY(strategic.json()["message"].toString().contains(QStringLiteral("application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")));

        const TestResponse failedTest = call("PATCH", kCvcs + "/pat", R"([{"op":"test","path":"/spec/coin","value":"ethereum"}])",
                                             "application/json-patch+json");
        QCOMPARE(failedTest.status, 422);
        const TestResponse jsonPatch = call("PATCH", kCvcs + "/pat",
                                            R"([{"op":"test","path":"/spec/coin","value":"bitcoin"},{"op":"replace","path":"/spec/amount","value":4}])",
                                            "application/json-patch+json");
        QCOMPARE(jsonPatch.status, 200);
        QCOMPARE(jsonPatch.json()["metadata"].toObject()["generation"].toInt(), 2);

        const TestResponse staleRv = call("PATCH", kCvcs + "/pat", R"({"metadata":{"resourceVersion":"1"}})", "application/merge-patch+json");
        QCOMPARE(staleRv.status, 409);

        const TestResponse noManager = call("PATCH", kCvcs + "/pat", cvcBody("pat"), "application/apply-patch+yaml");
        QCOMPARE(noManager.status, 422);
        QVERIFY(noManager.json()["message"].toString().contains(QStringLiteral("fieldManager: Required value")));
        const TestResponse applyCreate = call("PATCH", kCvcs + "/applied?fieldManager=test&force=true", cvcBody("applied"),
                                              "application/apply-patch+yaml");
        QCOMPARE(applyCreate.status, 201);
        const TestResponse force = call("PATCH", kCvcs + "/pat?force=true", "{}", "application/merge-patch+json");
        QCOMPARE(force.status, 422);
    }

    void dryRunStoresNothing()
    {
        const TestResponse dry = call("POST", kCvcs + "?dryRun=All", cvcBody("dry"));
        QCOMPARE(dry.status, 201);
        QVERIFY(rvOf(dry.json()).isEmpty());
        QCOMPARE(call("GET", kCvcs + "/dry").status, 404);
        QCOMPARE(call("POST", kCvcs, cvcBody("dry")).status, 201);
        QCOMPARE(call("DELETE", kCvcs + "/dry", R"({"dryRun":["All"]})").status, 200);
        QCOMPARE(call("GET", kCvcs + "/dry").status, 200);
    }

    void finalizersDelayDeletion()
    {
        QCOMPARE(call("POST", kCvcs, cvcBody("fin")).status, 201);
        QCOMPARE(call("PATCH", kCvcs + "/fin", R"({"metadata":{"finalizers":["crypto.tools/cleanup"]}})", "application/merge-patch+json").status, 200);
        const TestResponse deleted = call("DELETE", kCvcs + "/fin", R"({"propagationPolicy":"Background"})");
        QCOMPARE(deleted.status, 200);
        const QJsonObject metadata = call("GET", kCvcs + "/fin").json()["metadata"].toObject();
        QVERIFY(metadata.contains(QStringLiteral("deletionTimestamp")));
        QCOMPARE(metadata["deletionGracePeriodSeconds"].toInt(), 0);
        QCOMPARE(metadata["generation"].toInt(), 2);
        QCOMPARE(call("PATCH", kCvcs + "/fin", R"({"metadata":{"finalizers":["crypto.tools/cleanup","other/x"]}})", "application/merge-patch+json").status, 422);
        QCOMPARE(call("PATCH", kCvcs + "/fin", R"({"metadata":{"finalizers":null}})", "application/merge-patch+json").status, 200);
        QCOMPARE(call("GET", kCvcs + "/fin").status, 404);
    }

    void watchDeliversChangesInOrder()
    {
        const QString listRv = call("GET", kCvcs).json()["metadata"].toObject()["resourceVersion"].toString();
        QCOMPARE(call("POST", kCvcs, cvcBody("w1")).status, 201);
        QCOMPARE(call("PATCH", kCvcs + "/w1", R"({"spec":{"amount":9}})", "application/merge-patch+json").status, 200);
        QCOMPARE(call("DELETE", kCvcs + "/w1").status, 200);
        auto watch = openWatch(kCvcs + "?watch=1&resourceVersion=" + listRv.toUtf8());
        QVERIFY(watch);
        const QList<QJsonObject> events = watch->readEvents(3);
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.at(0)["type"].toString(), QStringLiteral("ADDED"));
        QCOMPARE(events.at(1)["type"].toString(), QStringLiteral("MODIFIED"));
        QCOMPARE(events.at(2)["type"].toString(), QStringLiteral("DELETED"));
        QVERIFY(rvOf(events.at(0)["object"].toObject()).toLongLong() < rvOf(events.at(1)["object"].toObject()).toLongLong());
        QVERIFY(rvOf(events.at(1)["object"].toObject()).toLongLong() < rvOf(events.at(2)["object"].toObject()).toLongLong());

        // Live events arrive as they happen.
        QCOMPARE(call("POST", kCvcs, cvcBody("w2")).status, 201);
        const QList<QJsonObject> live = watch->readEvents(1);
        QCOMPARE(live.size(), 1);
        QCOMPARE(live.at(0)["object"].toObject()["metadata"].toObject()["name"].toString(), QStringLiteral("w2"));
    }

    void watchSelectorsAndInitialEvents()
    {
        QCOMPARE(call("POST", kCvcs, cvcBody("sel")).status, 201);
        auto watch = openWatch(kCvcs + "?watch=true&labelSelector=app%3Dx");
        QVERIFY(watch);
        QCOMPARE(call("PATCH", kCvcs + "/sel", R"({"metadata":{"labels":{"app":"x"}}})", "application/merge-patch+json").status, 200);
        QCOMPARE(call("PATCH", kCvcs + "/sel", R"({"metadata":{"labels":{"app":"y"}}})", "application/merge-patch+json").status, 200);
        const QList<QJsonObject> events = watch->readEvents(2);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0)["type"].toString(), QStringLiteral("ADDED"));
        QCOMPARE(events.at(1)["type"].toString(), QStringLiteral("DELETED"));

        QCOMPARE(call("GET", kCvcs + "?watch=1&fieldSelector=spec.coin%3Dbitcoin").status, 400);
        QCOMPARE(call("GET", kCvcs + "?watch=1&resourceVersionMatch=NotOlderThan").status, 422);

        auto initial = openWatch(kCvcs + "?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                                         "&fieldSelector=metadata.name%3Dsel");
        QVERIFY(initial);
        const QList<QJsonObject> first = initial->readEvents(2);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0)["type"].toString(), QStringLiteral("ADDED"));
        QCOMPARE(first.at(1)["type"].toString(), QStringLiteral("BOOKMARK"));
        QCOMPARE(first.at(1)["object"].toObject()["metadata"].toObject()["annotations"].toObject()["k8s.io/initial-events-end"].toString(),
                 QStringLiteral("true"));
    }

    void watchTimesOutAndTablesWork()
    {
        auto watch = openWatch(kCvcs + "?watch=1&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion="
                               + call("GET", kCvcs).json()["metadata"].toObject()["resourceVersion"].toString().toUtf8());
        QVERIFY(watch);
        QVERIFY(watch->waitStreamEnd(5000));

        const QJsonObject table = call("GET", kCvcs, {}, {}, kTableAccept).json();
        QCOMPARE(table["kind"].toString(), QStringLiteral("Table"));
        const QJsonArray columns = table["columnDefinitions"].toArray();
        QCOMPARE(columns.at(0)["name"].toString(), QStringLiteral("Name"));
        QCOMPARE(columns.at(1)["name"].toString(), QStringLiteral("Coin"));
        QCOMPARE(table["rows"].toArray().first()["object"].toObject()["kind"].toString(), QStringLiteral("PartialObjectMetadata"));
        QCOMPARE(table["metadata"].toObject()["resourceVersion"].toString(),
                 call("GET", kCvcs).json()["metadata"].toObject()["resourceVersion"].toString());
        const QJsonObject full = call("GET", kCvcs + "?includeObject=Object", {}, {}, kTableAccept).json();
        QCOMPARE(full["rows"].toArray().first()["object"].toObject()["kind"].toString(), QStringLiteral("CryptoValueCalculator"));
        QCOMPARE(call("GET", kCvcs + "?includeObject=Bogus", {}, {}, kTableAccept).status, 400);
        QCOMPARE(call("GET", kCvcs, {}, {}, "application/json;as=Table;v=v1;g=other.io").status, 406);
    }

    void expiredHistoryGives410()
    {
        const QString oldRv = call("GET", kCvcs).json()["metadata"].toObject()["resourceVersion"].toString();
        QCOMPARE(call("POST", kCvcs, cvcBody("exp")).status, 201);
        QCOMPARE(call("POST", "/sandbox/faults", R"({"compact":true})").status, 200);
        auto watch = openWatch(kCvcs + "?watch=1&resourceVersion=" + oldRv.toUtf8());
        QVERIFY(watch);
        const QList<QJsonObject> events = watch->readEvents(1);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.at(0)["type"].toString(), QStringLiteral("ERROR"));
        QCOMPARE(events.at(0)["object"].toObject()["code"].toInt(), 410);
        QCOMPARE(events.at(0)["object"].toObject()["reason"].toString(), QStringLiteral("Expired"));
        QVERIFY(events.at(0)["object"].toObject()["message"].toString().startsWith(QStringLiteral("too old resource version:")));
        QVERIFY(watch->waitStreamEnd(5000));
    }

    void futureResourceVersionTimesOut()
    {
        const TestResponse response = call("GET", kCvcs + "?resourceVersion=999999");
        QCOMPARE(response.status, 504);
        QCOMPARE(response.json()["details"].toObject()["causes"].toArray().first()["reason"].toString(),
                 QStringLiteral("ResourceVersionTooLarge"));
    }

    void authenticationAndBadInput()
    {
        const TestResponse wrong = call("GET", kCvcs, {}, {}, {}, "wrong-token");
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json(), QJsonDocument::fromJson(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})").object());
        QCOMPARE(call("GET", kCvcs, {}, {}, {}, {}).status, 401);
        QCOMPARE(call("GET", "/version", {}, {}, {}, {}).status, 200);
        QCOMPARE(call("GET", "/sandbox/faults", {}, {}, {}, {}).status, 401);

        const TestResponse malformed = call("POST", kCvcs, "{\"apiVersion\":");
        QCOMPARE(malformed.status, 400);
        QCOMPARE(malformed.json()["kind"].toString(), QStringLiteral("Status"));
        const TestResponse badYaml = call("POST", kCvcs, "a: [b", "application/yaml");
        QCOMPARE(badYaml.status, 400);
        const TestResponse unknown = call("GET", "/nothing/here");
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.json()["message"].toString(), QStringLiteral("the server could not find the requested resource"));
        const TestResponse protobuf = call("POST", kCvcs, "\x6b\x38\x73\x00", "application/vnd.kubernetes.protobuf");
        QCOMPARE(protobuf.status, 415);
        QCOMPARE(call("POST", kCvcs + "/x").status, 405);
        QCOMPARE(call("GET", kCvcs + "?labelSelector=a%20in%20(").status, 400);
        QCOMPARE(call("GET", kCvcs + "?timeoutSeconds=abc&watch=1").status, 400);
        QCOMPARE(call("POST", kCvcs + "?fieldValidation=Loud", cvcBody("fv")).status, 400);
    }

    void faultsFailRequestsWithStatus()
    {
        QCOMPARE(call("POST", "/sandbox/faults", R"({"failRatio":1.0,"failStatus":429,"retryAfterSeconds":2})").status, 200);
        const TestResponse failed = call("GET", kCvcs);
        QCOMPARE(failed.status, 429);
        QCOMPARE(failed.header("Retry-After"), QByteArray("2"));
        QCOMPARE(failed.json()["reason"].toString(), QStringLiteral("TooManyRequests"));
        QCOMPARE(call("POST", "/sandbox/faults", R"({"reset":true})").status, 200);
        QCOMPARE(call("GET", kCvcs).status, 200);
        QCOMPARE(call("POST", "/sandbox/faults", R"({"bogus":1})").status, 400);
        QCOMPARE(call("GET", "/sandbox/stats").json()["writesByFieldManager"].toObject().isEmpty(), false);
    }

    void manyWatchesGetEveryEventAndLeakNothing()
    {
        const int watchers = 64;
        const QByteArray rv = call("GET", kCvcs).json()["metadata"].toObject()["resourceVersion"].toString().toUtf8();
        std::vector<std::unique_ptr<TestConnection>> watches;
        for (int i = 0; i < watchers; ++i) {
            watches.push_back(openWatch(kCvcs + "?watch=1&resourceVersion=" + rv));
            QVERIFY(watches.back());
        }
        QCOMPARE(call("GET", "/sandbox/stats").json()["openWatches"].toInt(), watchers);
        const int writes = 5;
        for (int i = 0; i < writes; ++i)
            QCOMPARE(call("POST", kCvcs, cvcBody("many" + QByteArray::number(i))).status, 201);
        for (auto &watch : watches)
            QCOMPARE(watch->readEvents(writes).size(), writes);
        for (auto &watch : watches)
            watch->close();
        watches.clear();
        // Each request is handled after the server has seen the earlier disconnects.
        int open = -1;
        for (int attempt = 0; attempt < 200 && open != 0; ++attempt)
            open = call("GET", "/sandbox/stats").json()["openWatches"].toInt();
        QCOMPARE(open, 0);
    }

    void dropWatchesEndsStreams()
    {
        auto watch = openWatch(kCvcs + "?watch=1&resourceVersion=0");
        QVERIFY(watch);
        QCOMPARE(call("POST", "/sandbox/faults", R"({"dropWatches":true})").status, 200);
        QVERIFY(watch->waitStreamEnd(5000));
    }

    void stalledWatchIsEndedReadingWatchIsNot()
    {
        // ~1 MiB per event: a client that never reads falls past the server's 16 MiB limit (plus
        // what the kernel buffers on loopback) well within the writes below.
        const QByteArray cms = "/api/v1/namespaces/default/configmaps";
        const auto body = [](char fill) -> QByteArray {
            return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"stalled-big\"},"
                   "\"data\":{\"blob\":\"" + QByteArray(1024 * 1024, fill) + "\"}}";
        };
        const TestResponse created = call("POST", cms, body('a'));
        QCOMPARE(created.status, 201);
        const QByteArray rv = rvOf(created.json()).toUtf8();
        auto stalled = openWatch(cms + "?watch=1&resourceVersion=" + rv);
        auto reader = openWatch(cms + "?watch=1&resourceVersion=" + rv);
        QVERIFY(stalled && reader);
        QCOMPARE(call("GET", "/sandbox/stats").json()["openWatches"].toInt(), 2);
        const int writes = 48;
        for (int i = 0; i < writes; ++i) {
            QCOMPARE(call("PUT", cms + "/stalled-big", body(char('b' + i % 24))).status, 200);
            QCOMPARE(reader->readEvents(1).size(), 1);   // a reading client keeps up and stays
        }
        int open = -1;
        for (int attempt = 0; attempt < 200 && open != 1; ++attempt)
            open = call("GET", "/sandbox/stats").json()["openWatches"].toInt();
        QCOMPARE(open, 1);
        QVERIFY(!reader->streamEnded());
        // What the stalled client finds once it reads: some events, then the end of the stream.
        const QList<QJsonObject> got = stalled->readEvents(writes, 20000);
        QVERIFY(stalled->streamEnded());
        QVERIFY2(got.size() < writes, qPrintable(QString::number(got.size())));
        reader->close();
        stalled->close();
        QCOMPARE(call("DELETE", cms + "/stalled-big").status, 200);
    }

    void leasesFollowTheirUpdateRules()
    {
        const QByteArray leases = "/apis/coordination.k8s.io/v1/namespaces/default/leases";
        const QByteArray lease = R"({"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"op"},)"
                                 R"("spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2026-11-24T00:00:08.123456Z"}})";
        const TestResponse created = call("PUT", leases + "/op", lease); // a PUT to a missing Lease creates it
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json()["spec"].toObject()["renewTime"].toString(), QStringLiteral("2026-11-24T00:00:08.123456Z"));
        QJsonObject renewed = created.json();
        QJsonObject spec = renewed["spec"].toObject();
        spec["renewTime"] = QStringLiteral("2026-11-24T00:00:10.000001Z");
        renewed["spec"] = spec;
        QCOMPARE(call("PUT", leases + "/op", QJsonDocument(renewed).toJson()).status, 200);
        QCOMPARE(call("PUT", leases + "/op", QJsonDocument(renewed).toJson()).status, 409); // stale RV
        QJsonObject noRv = renewed;
        QJsonObject metadata = noRv["metadata"].toObject();
        metadata.remove(QStringLiteral("resourceVersion"));
        noRv["metadata"] = metadata;
        QCOMPARE(call("PUT", leases + "/op", QJsonDocument(noRv).toJson()).status, 422);
        const TestResponse zero = call("PATCH", leases + "/op", R"({"spec":{"leaseDurationSeconds":0}})", "application/merge-patch+json");
        QCOMPARE(zero.status, 422);
        QVERIFY(zero.json()["message"].toString().contains(QStringLiteral("must be greater than 0")));
        // Built-ins take strategic merge patches (as merge patches).
        QCOMPARE(call("PATCH", leases + "/op", R"({"$setElementOrder/x":[],"spec":{"holderIdentity":"b"}})",
                      "application/strategic-merge-patch+json").json()["spec"].toObject()["holderIdentity"].toString(),
                 QStringLiteral("b"));
    }

    void eventsValidateAndSelectByInvolvedObject()
    {
        const QByteArray events = "/api/v1/namespaces/default/events";
        const TestResponse wrongNamespace = call("POST", events,
                                                 R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"bad"},"reason":"R","message":"m",)"
                                                 R"("involvedObject":{"kind":"CryptoValueCalculator","name":"x","namespace":"other"}})");
        QCOMPARE(wrongNamespace.status, 422);
        QCOMPARE(call("POST", events, R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"good"},"reason":"R","message":"m",)"
                                      R"("involvedObject":{"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","name":"x","namespace":"default"}})")
                     .status,
                 201);
        const QJsonObject selected = call("GET", events + "?fieldSelector=involvedObject.kind%3DCryptoValueCalculator,involvedObject.name%3Dx").json();
        QCOMPARE(selected["items"].toArray().size(), 1);
        QCOMPARE(call("GET", events + "?fieldSelector=involvedObject.name%3Dy").json()["items"].toArray().size(), 0);
        QCOMPARE(call("PUT", events + "/good", R"({"apiVersion":"v1","kind":"Event","metadata":{"name":"good"},"reason":"R2","message":"m",)"
                                                R"("involvedObject":{"kind":"CryptoValueCalculator","name":"x","namespace":"default"}})")
                     .status,
                 200); // events may be replaced without a resourceVersion
    }

    void deleteOptionsAndCollections()
    {
        const TestResponse generated = call("POST", kCvcs, R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",)"
                                                           R"("metadata":{"generateName":"gen-","labels":{"batch":"1"}},"spec":{"coin":"bitcoin","amount":1}})");
        QCOMPARE(generated.status, 201);
        const QString name = generated.json()["metadata"].toObject()["name"].toString();
        QVERIFY(name.startsWith(QStringLiteral("gen-")) && name.size() == 9);
        const TestResponse precondition = call("DELETE", kCvcs + '/' + name.toUtf8(), R"({"preconditions":{"resourceVersion":"1"}})");
        QCOMPARE(precondition.status, 409);
        QCOMPARE(call("POST", kCvcs, R"({"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator",)"
                                     R"("metadata":{"name":"batch2","labels":{"batch":"1"}},"spec":{"coin":"bitcoin","amount":1}})")
                     .status,
                 201);
        const TestResponse removed = call("DELETE", kCvcs + "?labelSelector=batch%3D1");
        QCOMPARE(removed.status, 200);
        QCOMPARE(removed.json()["items"].toArray().size(), 2);
        QCOMPARE(call("GET", kCvcs + "?labelSelector=batch%3D1").json()["items"].toArray().size(), 0);
        const TestResponse exact = call("GET", kCvcs + "?resourceVersion=1&resourceVersionMatch=Exact");
        QCOMPARE(exact.status, 410);
        QCOMPARE(call("GET", kCvcs + "?resourceVersionMatch=Exact").status, 422);
        QCOMPARE(call("GET", kCvcs + "?sendInitialEvents=true").status, 422);
    }

    void accessReviewsAllowEverything()
    {
        const TestResponse review = call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                                         R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",)"
                                         R"("spec":{"resourceAttributes":{"verb":"patch","group":"crypto.tools","resource":"cryptovaluecalculators"}}})");
        QCOMPARE(review.status, 201);
        QCOMPARE(review.json()["status"].toObject()["allowed"].toBool(), true);
        QCOMPARE(review.json()["spec"].toObject()["resourceAttributes"].toObject()["verb"].toString(), QStringLiteral("patch"));
    }

    void eventsV1IsAViewOfCoreEvents()
    {
        const TestResponse created = call("POST", "/apis/events.k8s.io/v1/namespaces/default/events",
                                          R"({"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e1"},)"
                                          R"("eventTime":"2026-11-24T01:00:00.000000Z","note":"hi","reason":"Valued","action":"Valuing",)"
                                          R"("reportingController":"crypto.tools/op","reportingInstance":"h","type":"Normal",)"
                                          R"("regarding":{"kind":"CryptoValueCalculator","name":"x","namespace":"default"}})");
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json()["note"].toString(), QStringLiteral("hi"));
        QCOMPARE(created.json()["apiVersion"].toString(), QStringLiteral("events.k8s.io/v1"));
        const QJsonObject core = call("GET", "/api/v1/namespaces/default/events/e1").json();
        QCOMPARE(core["message"].toString(), QStringLiteral("hi"));
        QCOMPARE(core["involvedObject"].toObject()["name"].toString(), QStringLiteral("x"));
        QCOMPARE(core["reportingComponent"].toString(), QStringLiteral("crypto.tools/op"));
        const TestResponse patched = call("PATCH", "/apis/events.k8s.io/v1/namespaces/default/events/e1", R"({"note":"again"})",
                                          "application/merge-patch+json");
        QCOMPARE(patched.json()["note"].toString(), QStringLiteral("again"));
        QCOMPARE(call("GET", "/api/v1/namespaces/default/events/e1").json()["message"].toString(), QStringLiteral("again"));
        auto watch = openWatch("/apis/events.k8s.io/v1/namespaces/default/events?watch=1&fieldSelector=metadata.name%3De1");
        QVERIFY(watch);
        const QList<QJsonObject> events = watch->readEvents(1);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first()["object"].toObject()["regarding"].toObject()["name"].toString(), QStringLiteral("x"));
    }

    // Review C3: a CRD whose printer column is 60,000 nested filters. kube-apiserver admits it
    // (the path starts with '.') and its Tables leave the column out; the first Table request
    // used to kill the server. A path without the leading dot gets kube's 422.
    void hostilePrinterColumnIsLeftOutOfTables()
    {
        const QByteArray crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
        const QByteArray hostile = ".spec.a" + QByteArray("[?(@").repeated(60000);
        auto boxCrd = [](const QByteArray &evilPath) -> QByteArray {
            // No raw string here ends in a quote: moc (6.4) loses track of the class after one.
            return QByteArray(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",)")
                + R"("metadata":{"name":"boxes.demo.example"},)"
                + R"("spec":{"group":"demo.example","scope":"Namespaced","names":{"plural":"boxes","kind":"Box"},)"
                + R"("versions":[{"name":"v1","served":true,"storage":true,)"
                + R"("schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}},)"
                + R"("additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"},)"
                + R"({"name":"Evil","type":"string","jsonPath":)" "\"" + evilPath + "\"" R"(}]}]}})";
        };
        const TestResponse noDot = call("POST", crds, boxCrd("spec.a"));
        QCOMPARE(noDot.status, 422);
        QCOMPARE(noDot.json()["message"].toString(),
                 QStringLiteral("CustomResourceDefinition.apiextensions.k8s.io \"boxes.demo.example\" is invalid: "
                                "spec.versions[0].additionalPrinterColumns[1].JSONPath: Invalid value: \"spec.a\": "
                                "must be a simple json path starting with ."));

        QCOMPARE(call("POST", crds, boxCrd(hostile)).status, 201);
        const QByteArray boxes = "/apis/demo.example/v1/namespaces/default/boxes";
        QCOMPARE(call("POST", boxes, R"({"apiVersion":"demo.example/v1","kind":"Box","metadata":{"name":"b1"},"spec":{"size":3}})").status, 201);
        for (int i = 0; i < 2; ++i) { // a second request finds the server still there
            const TestResponse table = call("GET", boxes, {}, {}, kTableAccept);
            QCOMPARE(table.status, 200);
            QStringList columns;
            for (const QJsonValue &c : table.json()["columnDefinitions"].toArray())
                columns.append(c["name"].toString());
            QCOMPARE(columns, QStringList({"Name", "Size"}));
            QCOMPARE(table.json()["rows"].toArray().at(0)["cells"].toArray(), (QJsonArray{"b1", 3}));
        }
        QCOMPARE(call("DELETE", crds + "/boxes.demo.example").status, 200);
    }

    // Review C4: fourteen copies of the whole object into itself made a 200-byte ConfigMap a
    // 6.8 MB one. kube-apiserver stops the patch at its 3 MiB copy limit with a 422.
    void jsonPatchCopyAmplificationIsRefused()
    {
        const QByteArray configMaps = "/api/v1/namespaces/default/configmaps";
        const TestResponse created = call("POST", configMaps,
                                          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"amp"},"data":{"k":)" "\""
                                              + QByteArray(200, 'x') + "\"" R"(}})");
        QCOMPARE(created.status, 201);
        QJsonArray copies;
        for (int i = 0; i < 14; ++i)
            copies.append(QJsonObject{{"op", "copy"}, {"from", ""}, {"path", QStringLiteral("/a%1").arg(i)}});
        const QByteArray ops = QJsonDocument(copies).toJson(QJsonDocument::Compact);
        const TestResponse patched = call("PATCH", configMaps + "/amp", ops, "application/json-patch+json");
        QCOMPARE(patched.status, 422);
        QCOMPARE(patched.json()["reason"].toString(), QStringLiteral("Invalid"));
        const TestResponse after = call("GET", configMaps + "/amp");
        QCOMPARE(rvOf(after.json()), rvOf(created.json()));
        QVERIFY(after.body.size() < 1000);
    }

    // Review C4/S4: nothing bounded an object's size, so merge patches could grow one (and its
    // copies in the watch history) without end. Every write path now meets etcd's 1.5 MiB limit.
    void objectsOverTheStorageLimitAreRefusedOnEveryWritePath()
    {
        const QByteArray configMaps = "/api/v1/namespaces/default/configmaps";
        const QByteArray blob = QByteArray(1600 * 1024, 'b');
        auto isTooLarge = [](const TestResponse &response) {
            return response.status == 413 && response.json()["reason"].toString() == QLatin1String("RequestEntityTooLarge")
                && response.json()["message"].toString() == QLatin1String("etcdserver: request is too large");
        };
        const QByteArray bigMap = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"k":)" "\"" + blob + "\"" R"(}})";
        const TestResponse create = call("POST", configMaps, bigMap);
        QVERIFY2(isTooLarge(create), create.body.left(300).constData());
        QCOMPARE(create.json()["details"].toObject()["name"].toString(), QStringLiteral("huge"));
        QCOMPARE(call("GET", configMaps + "/huge").status, 404);
        // kube-apiserver's dry run never reaches etcd, so it does not see the limit either.
        QCOMPARE(call("POST", configMaps + "?dryRun=All", bigMap).status, 201);

        const TestResponse small = call("POST", configMaps, R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"grow"},"data":{"k":"v"}})");
        QCOMPARE(small.status, 201);
        const QString rv = rvOf(small.json());
        QVERIFY(isTooLarge(call("PUT", configMaps + "/grow",
                                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"grow","resourceVersion":)" "\"" + rv.toUtf8()
                                    + "\"" R"(},"data":{"k":)" "\"" + blob + "\"" R"(}})")));
        QVERIFY(isTooLarge(call("PATCH", configMaps + "/grow", R"({"data":{"k":)" "\"" + blob + "\"" R"(}})", "application/merge-patch+json")));
        QVERIFY(isTooLarge(call("PATCH", configMaps + "/grow", R"([{"op":"add","path":"/data/k","value":)" "\"" + blob + "\"" R"(}])",
                                "application/json-patch+json")));
        QVERIFY(isTooLarge(call("PATCH", configMaps + "/grow?fieldManager=test",
                                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"grow"},"data":{"k":)" "\"" + blob + "\"" R"(}})",
                                "application/apply-patch+yaml")));
        QVERIFY(isTooLarge(call("PATCH", configMaps + "/applied-huge?fieldManager=test",
                                R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied-huge"},"data":{"k":)" "\"" + blob + "\"" R"(}})",
                                "application/apply-patch+yaml")));
        QCOMPARE(rvOf(call("GET", configMaps + "/grow").json()), rv);
        QCOMPARE(call("GET", configMaps + "/applied-huge").status, 404);

        // Status subresource writes of a custom resource (status preserves unknown fields).
        const TestResponse cvc = call("POST", kCvcs, cvcBody("bigstatus"));
        QCOMPARE(cvc.status, 201);
        QVERIFY(isTooLarge(call("PATCH", kCvcs + "/bigstatus/status", R"({"status":{"blob":)" "\"" + blob + "\"" R"(}})",
                                "application/merge-patch+json")));
        QJsonObject withStatus = cvc.json();
        withStatus.insert("status", QJsonObject{{"blob", QString::fromLatin1(blob)}});
        QVERIFY(isTooLarge(call("PUT", kCvcs + "/bigstatus/status", QJsonDocument(withStatus).toJson(QJsonDocument::Compact))));
        QCOMPARE(rvOf(call("GET", kCvcs + "/bigstatus").json()), rvOf(cvc.json()));

        // Just under the limit is fine.
        QCOMPARE(call("PATCH", configMaps + "/grow", R"({"data":{"k":)" "\"" + QByteArray(1400 * 1024, 'b') + "\"" R"(}})",
                      "application/merge-patch+json").status, 200);
    }

    // Review C10: a JSON patch nesting a ConfigMap 1027 levels deep was stored, then lost at the
    // next start. Such a patch is refused (tst_sandboxpersistence restarts over it): the store
    // reads back 10,000 levels now, but JSON patches stay within 1,024 (JsonPatch::MaxDepth).
    void jsonPatchCannotNestDeeperThanTheStoreReads()
    {
        const QByteArray configMaps = "/api/v1/namespaces/default/configmaps";
        const TestResponse created = call("POST", configMaps,
            R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deepcm"},"p":{"q":{"r":{"s":{"t":{}}}}}})");
        QCOMPARE(created.status, 201);
        const QByteArray value = QByteArray(1021, '[') + QByteArray(1021, ']');
        const TestResponse deep = call("PATCH", configMaps + "/deepcm", R"([{"op":"add","path":"/p/q/r/s/t/u","value":)" + value + "}]",
                                       "application/json-patch+json");
        QCOMPARE(deep.status, 422);
        QCOMPARE(rvOf(call("GET", configMaps + "/deepcm").json()), rvOf(created.json()));
    }

    // Review C9: CRD patterns ran on a backtracking engine, ~19 ms per string for `^(a|aa)+$`.
    // They are Go regexps now: RE2 syntax (others refused at admission) and linear matching.
    void crdPatternsAreGoRegexps()
    {
        const QByteArray crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
        auto thingCrd = [](const QByteArray &pattern) -> QByteArray {
            return QByteArray(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",)")
                + R"("metadata":{"name":"things.demo.example"},)"
                + R"("spec":{"group":"demo.example","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},)"
                + R"("versions":[{"name":"v1","served":true,"storage":true,)"
                + R"("schema":{"openAPIV3Schema":{"type":"object","properties":{"items":{"type":"array",)"
                + R"("items":{"type":"string","pattern":)" "\"" + pattern + "\"" R"(}}}}}}]}})";
        };
        const TestResponse perl = call("POST", crds, thingCrd("^(?=a)a+$"));
        QCOMPARE(perl.status, 422);
        QCOMPARE(perl.json()["message"].toString(),
                 QStringLiteral("CustomResourceDefinition.apiextensions.k8s.io \"things.demo.example\" is invalid: "
                                "spec.versions[0].schema.openAPIV3Schema.properties[items].items.pattern: Invalid value: \"^(?=a)a+$\": "
                                "must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl "
                                "syntax: `(?=`"));

        QCOMPARE(call("POST", crds, thingCrd("^(a|aa)+$")).status, 201);
        QByteArray items = "[";
        const QByteArray bad = QByteArray(1, char(34)) + QByteArray(60, 'a') + "!" + char(34);
        for (int i = 0; i < 20000; ++i)
            items += (i ? "," : "") + bad;
        items += "]";
        const TestResponse refused = call("POST", "/apis/demo.example/v1/namespaces/default/things",
                                          R"({"apiVersion":"demo.example/v1","kind":"Thing","metadata":{"name":"t1"},"items":)" + items + "}",
                                          {}, {}, "admin");
        QCOMPARE(refused.status, 422);
        const QJsonArray causes = refused.json()["details"].toObject()["causes"].toArray();
        QCOMPARE(causes.size(), 20000);
        QCOMPARE(causes.at(0)["message"].toString(),
                 QStringLiteral("Invalid value: \"%1!\": items[0] in body should match '^(a|aa)+$'").arg(QString(60, QLatin1Char('a'))));
        const TestResponse good = call("POST", "/apis/demo.example/v1/namespaces/default/things",
                                       R"({"apiVersion":"demo.example/v1","kind":"Thing","metadata":{"name":"t2"},"items":["aaa"]})");
        QCOMPARE(good.status, 201);
        QCOMPARE(call("DELETE", crds + "/things.demo.example").status, 200);
    }

    void namespaceAndCrdDeletionCascade()
    {
        QCOMPARE(call("POST", "/api/v1/namespaces", R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gone"}})").status, 201);
        const QByteArray inGone = "/apis/crypto.tools/v1/namespaces/gone/cryptovaluecalculators";
        QCOMPARE(call("POST", inGone, cvcBody("c1")).status, 201);
        QCOMPARE(call("DELETE", "/api/v1/namespaces/gone").status, 200);
        int status = 0;
        for (int attempt = 0; attempt < 100 && status != 404; ++attempt)
            status = call("GET", inGone + "/c1").status;
        QCOMPARE(status, 404);
        QCOMPARE(call("DELETE", "/api/v1/namespaces/default").status, 403);

        QCOMPARE(call("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/cryptovaluecalculators.crypto.tools").status, 200);
        for (int attempt = 0; attempt < 100 && status != 404; ++attempt)
            status = call("GET", "/apis/crypto.tools/v1").status;
        status = 0;
        for (int attempt = 0; attempt < 100 && status != 404; ++attempt)
            status = call("GET", "/apis/crypto.tools/v1").status;
        QCOMPARE(status, 404);
        QCOMPARE(call("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/cryptovaluecalculators.crypto.tools").status, 404);
    }
};

QTEST_GUILESS_MAIN(TestSandboxApi)
#include "tst_sandboxapi.moc"
