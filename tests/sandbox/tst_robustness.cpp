// What kube-sandbox must survive (issue 2, "Behaviour"): restarts with --data (objects and
// resourceVersions persist, RVs keep increasing), bad input of every kind (always a Status, never a
// crash), 64 concurrent watches with steady writes, and clients that go away mid-request or
// mid-watch without leaking watches or connections.
#include "cvcfixtures.h"
#include "httpreply.h"
#include "sandboxprocess.h"
#include "watchstream.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSet>
#include <QJsonArray>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <signal.h>
#include <vector>

using namespace cvc::testsupport;
using cvc::fidelity::CvcFixtures;

namespace {
int openFileDescriptors(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}
} // namespace

class TestRobustness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void badInput_data();
    void badInput();
    void garbageOnTheWire_data();
    void garbageOnTheWire();
    void manyWatchesWithWrites();
    void injectedFailures_data();
    void injectedFailures();
    void injectedLatency();
    void concurrentConflictingUpdates();
    void concurrentCreates();
    void roundTrip();
    void slowWatcherDoesNotStallOthers();
    void restartKeepsState();
    void killKeepsCommittedWrites();
    void sigintWhileWriting();
    void commandLine_data();
    void commandLine();
    void portInUse();

private:
    void verifyAlive(SandboxProcess &sandbox);
    int statsValue(const char *key);
    SandboxProcess m_sandbox;
};

void TestRobustness::initTestCase()
{
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(m_sandbox, &error), qPrintable(error));
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "fanout"));
}

void TestRobustness::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestRobustness::verifyAlive(SandboxProcess &sandbox)
{
    QVERIFY2(sandbox.isRunning(), qPrintable(QStringLiteral("kube-sandbox died; stderr: ") + QString::fromUtf8(sandbox.standardError().right(2000))));
    const HttpReply version = sandbox.request("GET", "/version");
    CVC_VERIFY_HTTP(version, 200);
}

int TestRobustness::statsValue(const char *key)
{
    const QJsonObject stats = m_sandbox.stats();
    return stats.contains(QLatin1String(key)) ? stats.value(QLatin1String(key)).toInt() : -1;
}

void TestRobustness::badInput_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");

    const QString cvcs = CvcFixtures::collection();
    const QByteArray json = "application/json";
    QTest::newRow("malformed JSON") << QByteArray("POST") << cvcs << QByteArray(R"({"apiVersion":)") << json << json << 400 << "BadRequest";
    QTest::newRow("malformed YAML") << QByteArray("POST") << cvcs << QByteArray("apiVersion: crypto.tools/v1\nkind: [unclosed\n")
                                    << QByteArray("application/yaml") << json << 400 << "BadRequest";
    QTest::newRow("JSON array") << QByteArray("POST") << cvcs << QByteArray("[1,2]") << json << json << 400 << "BadRequest";
    QTest::newRow("deep nesting") << QByteArray("POST") << cvcs << QByteArray(200000, '[') << json << json << 400 << "BadRequest";
    QTest::newRow("bad merge patch") << QByteArray("PATCH") << CvcFixtures::object("victim") << QByteArray("{not json")
                                     << QByteArray("application/merge-patch+json") << json << 400 << "BadRequest";
    QTest::newRow("oversize body") << QByteArray("POST") << cvcs
                                   << QByteArray(R"({"apiVersion":"crypto.tools/v1","pad":")") + QByteArray(4 * 1024 * 1024, 'x') + "\"}"
                                   << json << json << 413 << "RequestEntityTooLarge";
    QTest::newRow("unknown path") << QByteArray("GET") << "/foo/bar" << QByteArray() << QByteArray() << json << 404 << "NotFound";
    QTest::newRow("unknown group") << QByteArray("GET") << "/apis/nope.example/v1/things" << QByteArray() << QByteArray() << json << 404 << "NotFound";
    QTest::newRow("unknown resource") << QByteArray("GET") << "/apis/crypto.tools/v1/namespaces/default/things" << QByteArray() << QByteArray()
                                      << json << 404 << "NotFound";
    QTest::newRow("PUT on a collection") << QByteArray("PUT") << cvcs << CvcFixtures::json(CvcFixtures::cvc("x")) << json << json << 405
                                         << "MethodNotAllowed";
    QTest::newRow("POST on an object") << QByteArray("POST") << CvcFixtures::object("victim") << CvcFixtures::json(CvcFixtures::cvc("victim"))
                                       << json << json << 405 << "MethodNotAllowed";
    QTest::newRow("protobuf body") << QByteArray("POST") << cvcs << QByteArray("\x6b\x38\x73\x00\x0a", 5)
                                   << QByteArray("application/vnd.kubernetes.protobuf") << json << 415 << "UnsupportedMediaType";
    QTest::newRow("CBOR body") << QByteArray("POST") << cvcs << QByteArray("\xa1\x61\x61\x01", 4) << QByteArray("application/cbor") << json << 415
                               << "UnsupportedMediaType";
    QTest::newRow("bad limit") << QByteArray("GET") << cvcs + "?limit=abc" << QByteArray() << QByteArray() << json << 400 << "BadRequest";
    QTest::newRow("bad timeoutSeconds") << QByteArray("GET") << cvcs + "?watch=1&timeoutSeconds=soon" << QByteArray() << QByteArray() << json
                                        << 400 << "BadRequest";
    QTest::newRow("bad label selector") << QByteArray("GET") << cvcs + "?labelSelector=a%20in%20(b" << QByteArray() << QByteArray() << json
                                        << 400 << "BadRequest";
    QTest::newRow("bad resourceVersion") << QByteArray("GET") << cvcs + "?resourceVersion=abc" << QByteArray() << QByteArray() << json << 400
                                         << "BadRequest";
    QTest::newRow("not acceptable") << QByteArray("GET") << cvcs << QByteArray() << QByteArray() << QByteArray("application/xml") << 406
                                    << "NotAcceptable";
    QTest::newRow("Table of another group") << QByteArray("GET") << cvcs << QByteArray() << QByteArray()
                                            << QByteArray("application/json;as=Table;v=v1;g=other.example") << 406 << "NotAcceptable";
}

// Never a crash, never a hang: a Status with the right code, and the server still answers.
void TestRobustness::badInput()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, accept);
    QFETCH(int, status);
    QFETCH(QString, reason);
    if (m_sandbox.request("GET", CvcFixtures::object("victim")).status == 404)
        QVERIFY(!CvcFixtures::create(m_sandbox, "victim").isEmpty());

    const HttpReply reply = m_sandbox.request(method, path, body, contentType, accept);
    CVC_VERIFY_STATUS(reply, status, reason);
    verifyAlive(m_sandbox);
}

void TestRobustness::garbageOnTheWire_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("not HTTP") << true << QByteArray("HELLO THERE\r\n\r\n");
    QTest::newRow("binary") << true << QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 9);
    QTest::newRow("huge header") << true << QByteArray("GET /version HTTP/1.1\r\nHost: x\r\nX-Big: ") + QByteArray(200000, 'a') + "\r\n\r\n";
    QTest::newRow("truncated body") << true << QByteArray("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{\"kind\":");
    QTest::newRow("bad chunked") << true << QByteArray("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("plain HTTP on the TLS port") << false << QByteArray("GET /version HTTP/1.1\r\nHost: x\r\n\r\n");
}

// Raw bytes, then the client goes away: the server must stay up and keep no connection behind.
void TestRobustness::garbageOnTheWire()
{
    QFETCH(bool, tls);
    QFETCH(QByteArray, bytes);
    const int connectionsBefore = statsValue("openConnections");
    std::unique_ptr<QTcpSocket> socket;
    if (tls) {
        auto ssl = std::make_unique<QSslSocket>();
        QSslConfiguration configuration = ssl->sslConfiguration();
        configuration.setCaCertificates(m_sandbox.caCertificates());
        ssl->setSslConfiguration(configuration);
        ssl->connectToHostEncrypted("127.0.0.1", m_sandbox.port());
        QVERIFY2(ssl->waitForEncrypted(10000), qPrintable(ssl->errorString()));
        socket = std::move(ssl);
    } else {
        socket = std::make_unique<QTcpSocket>();
        socket->connectToHost("127.0.0.1", m_sandbox.port());
        QVERIFY2(socket->waitForConnected(10000), qPrintable(socket->errorString()));
    }
    socket->write(bytes);
    socket->flush();
    // Whatever the server answers (400, 431, a closed connection), it answers or closes in time,
    // except for the truncated body, where it is still waiting for the rest: then we leave.
    (void)QTest::qWaitFor([&] { return socket->bytesAvailable() > 0 || socket->state() != QAbstractSocket::ConnectedState; }, 3000);
    const QByteArray answer = socket->readAll();
    if (!answer.isEmpty())
        QVERIFY2(answer.startsWith("HTTP/1.1 4") || answer.startsWith("HTTP/1.0 4"), answer.left(200).constData());
    socket->abort();
    verifyAlive(m_sandbox);
    if (connectionsBefore >= 0)
        QTRY_VERIFY_WITH_TIMEOUT(statsValue("openConnections") <= connectionsBefore, 10000);
}

// 64 concurrent watches, steady writes, every event to every watcher in order; then every client
// disconnects and the server's watch and connection counts, and its file descriptors, go back down.
void TestRobustness::manyWatchesWithWrites()
{
    const int watchers = 64;
    const int writes = 30;
    const QString ns = "fanout";
    const QString rv = CvcFixtures::resourceVersion(m_sandbox.request("GET", CvcFixtures::collection(ns)).json());
    const int watchesBefore = statsValue("openWatches");
    QVERIFY2(watchesBefore >= 0, "GET /sandbox/stats has no openWatches");
    const int connectionsBefore = statsValue("openConnections");
    const int fdsBefore = openFileDescriptors(m_sandbox.pid());

    std::vector<std::unique_ptr<WatchStream>> watches;
    for (int i = 0; i < watchers; ++i) {
        watches.push_back(std::make_unique<WatchStream>(m_sandbox));
        QVERIFY2(watches.back()->open(CvcFixtures::collection(ns) + "?watch=1&resourceVersion=" + rv), qPrintable(watches.back()->describe()));
    }
    QTRY_COMPARE_WITH_TIMEOUT(statsValue("openWatches"), watchesBefore + watchers, 10000);

    for (int i = 0; i < writes / 3; ++i) {
        const QString name = QStringLiteral("fan-%1").arg(i);
        QVERIFY(!CvcFixtures::create(m_sandbox, name, "bitcoin", i, ns).isEmpty());
        CVC_VERIFY_HTTP(m_sandbox.request("PATCH", CvcFixtures::object(name, ns), R"({"spec":{"amount":1000}})", "application/merge-patch+json"), 200);
        CVC_VERIFY_HTTP(m_sandbox.request("DELETE", CvcFixtures::object(name, ns)), 200);
    }
    QStringList expected;
    for (int i = 0; i < writes / 3; ++i)
        expected << QStringLiteral("ADDED fan-%1").arg(i) << QStringLiteral("MODIFIED fan-%1").arg(i) << QStringLiteral("DELETED fan-%1").arg(i);
    for (const auto &watch : watches) {
        QVERIFY2(watch->waitForEvents(writes, 20000), qPrintable(watch->describe()));
        QCOMPARE(CvcFixtures::eventSummary(watch->events()), expected);
    }

    // Half go away on their own, the rest while a write is in flight.
    for (int i = 0; i < watchers / 2; ++i)
        watches[size_t(i)]->close();
    QVERIFY(!CvcFixtures::create(m_sandbox, "after-close", "bitcoin", 1, ns).isEmpty());
    watches.clear();
    QTRY_COMPARE_WITH_TIMEOUT(statsValue("openWatches"), watchesBefore, 15000);
    if (connectionsBefore >= 0)
        QTRY_VERIFY_WITH_TIMEOUT(statsValue("openConnections") <= connectionsBefore, 15000);
    QTRY_VERIFY2_WITH_TIMEOUT(openFileDescriptors(m_sandbox.pid()) <= fdsBefore + 2,
                              qPrintable(QStringLiteral("fds: %1 before, %2 now").arg(fdsBefore).arg(openFileDescriptors(m_sandbox.pid()))), 15000);
    verifyAlive(m_sandbox);
}

void TestRobustness::injectedFailures_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("429") << 429 << "TooManyRequests";
    QTest::newRow("503") << 503 << "ServiceUnavailable";
    QTest::newRow("500") << 500 << "InternalError";
}

// The failRatio fault other tests rely on: a proper Status with Retry-After, discovery untouched.
void TestRobustness::injectedFailures()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"failRatio", 1.0}, {"failStatus", status}, {"retryAfterSeconds", 2}}), qPrintable(m_sandbox.errorString()));
    const HttpReply failed = m_sandbox.request("GET", CvcFixtures::collection());
    const HttpReply discovery = m_sandbox.request("GET", "/apis/crypto.tools/v1");
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"reset", true}}), qPrintable(m_sandbox.errorString()));
    CVC_VERIFY_STATUS(failed, status, reason);
    if (status != 500) {
        QCOMPARE(failed.header("Retry-After"), QByteArray("2"));
        QCOMPARE(failed.json().value("details").toObject().value("retryAfterSeconds").toInt(), 2);
    }
    CVC_VERIFY_HTTP(discovery, 200);
    CVC_VERIFY_HTTP(m_sandbox.request("GET", CvcFixtures::collection()), 200);
}

void TestRobustness::injectedLatency()
{
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"latencyMs", 300}}), qPrintable(m_sandbox.errorString()));
    QElapsedTimer timer;
    timer.start();
    const HttpReply slow = m_sandbox.request("GET", CvcFixtures::collection());
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(m_sandbox.setFault(QJsonObject{{"reset", true}}), qPrintable(m_sandbox.errorString()));
    CVC_VERIFY_HTTP(slow, 200);
    QVERIFY2(elapsed >= 250, qPrintable(QStringLiteral("answered after %1 ms despite 300 ms injected latency").arg(elapsed)));
}

// Optimistic concurrency under real concurrency: six PUTs with the same resourceVersion at once,
// exactly one wins.
void TestRobustness::concurrentConflictingUpdates()
{
    const QJsonObject created = CvcFixtures::create(m_sandbox, "contended");
    QVERIFY(!created.isEmpty());
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 6; ++i) {
        QJsonObject body = created;
        QJsonObject spec = body.value("spec").toObject();
        spec.insert("amount", 100 + i);
        body.insert("spec", spec);
        managers.push_back(std::make_unique<QNetworkAccessManager>());
        QNetworkRequest request = m_sandbox.networkRequest(CvcFixtures::object("contended"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        replies.append(managers.back()->put(request, CvcFixtures::json(body)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }), 20000);
    QList<int> statuses;
    for (QNetworkReply *reply : replies)
        statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    QCOMPARE(statuses.count(200), 1);
    QCOMPARE(statuses.count(409), 5);
    const int winner = int(statuses.indexOf(200));
    const QJsonObject stored = m_sandbox.request("GET", CvcFixtures::object("contended")).json();
    QCOMPARE(stored.value("spec").toObject().value("amount").toInt(), 100 + winner);
    QCOMPARE(stored.value("metadata").toObject().value("generation").toInt(), 2);
    qDeleteAll(replies);
}

// Many creates at once across namespaces: every one gets its own, strictly ordered resourceVersion.
void TestRobustness::concurrentCreates()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "burst"));
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 40; ++i) {
        if (i % 6 == 0)
            managers.push_back(std::make_unique<QNetworkAccessManager>());
        const QString ns = i % 2 ? QStringLiteral("burst") : QStringLiteral("default");
        QNetworkRequest request = m_sandbox.networkRequest(CvcFixtures::collection(ns));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        replies.append(managers.back()->post(request, CvcFixtures::json(CvcFixtures::cvc(QStringLiteral("burst-%1").arg(i)))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }), 30000);
    QSet<qint64> versions;
    for (QNetworkReply *reply : replies) {
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        versions.insert(CvcFixtures::resourceVersionNumber(QJsonDocument::fromJson(reply->readAll()).object()));
    }
    QCOMPARE(versions.size(), 40);
    qDeleteAll(replies);
}

// What goes in comes out: non-ASCII text, big preserved-unknown payloads, number precision.
void TestRobustness::roundTrip()
{
    QJsonObject object = CvcFixtures::cvc("round-trip", "ethereum", 0.1 + 0.2);
    QJsonObject metadata = object.value("metadata").toObject();
    metadata.insert("annotations", QJsonObject{{"value", QStringLiteral("€94,81 — ≈ ₿0.001 \U0001F680")}, {"quote", "a \"quoted\"\nline"}});
    object.insert("metadata", metadata);
    const HttpReply created = m_sandbox.requestJson("POST", CvcFixtures::collection(), object);
    CVC_VERIFY_HTTP(created, 201);
    const QJsonObject stored = m_sandbox.request("GET", CvcFixtures::object("round-trip")).json();
    QCOMPARE(stored.value("metadata").toObject().value("annotations").toObject(), metadata.value("annotations").toObject());
    QCOMPARE(stored.value("spec").toObject().value("amount").toDouble(), 0.1 + 0.2);
    // Extreme amounts come back exactly (spec is closed, so the numbers travel as amounts).
    for (const double amount : {1e-8, 9007199254740991.0}) {
        const QString name = amount < 1 ? QStringLiteral("round-trip-tiny") : QStringLiteral("round-trip-big");
        CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", CvcFixtures::collection(), CvcFixtures::cvc(name, "bitcoin", amount)), 201);
        QCOMPARE(m_sandbox.request("GET", CvcFixtures::object(name)).json().value("spec").toObject().value("amount").toDouble(), amount);
    }
    // A 1 MiB value, below the 1.5 MiB object limit, in a ConfigMap.
    const QJsonObject configMap{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "notes"}}},
                                {"data", QJsonObject{{"notes", QString(1024 * 1024, QLatin1Char('n'))}}}};
    CVC_VERIFY_HTTP(m_sandbox.requestJson("POST", "/api/v1/namespaces/default/configmaps", configMap), 201);
    QCOMPARE(m_sandbox.request("GET", "/api/v1/namespaces/default/configmaps/notes").json().value("data").toObject()
                 .value("notes").toString().size(),
             1024 * 1024);
}

// A watcher that stops reading must not hold up the server or other watchers: writes go on, a
// normal watcher gets every event, and once the slow one goes away nothing is left behind.
void TestRobustness::slowWatcherDoesNotStallOthers()
{
    QVERIFY(CvcFixtures::createNamespace(m_sandbox, "slow"));
    QVERIFY(!CvcFixtures::create(m_sandbox, "heavy", "bitcoin", 1, "slow").isEmpty());
    const QString rv = CvcFixtures::resourceVersion(m_sandbox.request("GET", CvcFixtures::collection("slow")).json());
    const int watchesBefore = statsValue("openWatches");

    QSslSocket stalled;
    QSslConfiguration configuration = stalled.sslConfiguration();
    configuration.setCaCertificates(m_sandbox.caCertificates());
    stalled.setSslConfiguration(configuration);
    stalled.setReadBufferSize(1);   // Qt reads at most a byte at a time, so the kernel buffers fill up
    stalled.connectToHostEncrypted("127.0.0.1", m_sandbox.port());
    QVERIFY2(stalled.waitForEncrypted(10000), qPrintable(stalled.errorString()));
    stalled.write("GET " + CvcFixtures::collection("slow").toUtf8() + "?watch=1&resourceVersion=" + rv.toUtf8()
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_sandbox.adminToken() + "\r\n\r\n");
    stalled.flush();
    QTRY_COMPARE_WITH_TIMEOUT(statsValue("openWatches"), watchesBefore + 1, 10000);

    WatchStream healthy(m_sandbox);
    QVERIFY2(healthy.open(CvcFixtures::collection("slow") + "?watch=1&resourceVersion=" + rv), qPrintable(healthy.describe()));
    const int writes = 60;
    const QByteArray padding(96 * 1024, 'p');
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < writes; ++i) {
        const QByteArray patch = R"({"metadata":{"annotations":{"pad":")" + padding + QByteArray::number(i) + R"("}}})";
        const HttpReply reply = m_sandbox.request("PATCH", CvcFixtures::object("heavy", "slow"), patch, "application/merge-patch+json", "application/json", {},
                                                  true, 10000);
        CVC_VERIFY_HTTP(reply, 200);
    }
    QVERIFY2(healthy.waitForEvents(writes, 30000), qPrintable(healthy.describe()));
    qInfo("%d writes of 96 KiB with a stalled watcher: %lld ms", writes, timer.elapsed());
    verifyAlive(m_sandbox);

    stalled.abort();
    healthy.close();
    QTRY_COMPARE_WITH_TIMEOUT(statsValue("openWatches"), watchesBefore, 15000);
}

// Objects, uids and resourceVersions survive SIGTERM and a start on the same --data; RVs keep rising.
void TestRobustness::restartKeepsState()
{
    SandboxProcess sandbox;
    sandbox.setDataFile(sandbox.tempPath() + "/state.db");
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(sandbox, &error), qPrintable(error));
    QList<QJsonObject> before;
    for (const char *name : {"keep-a", "keep-b", "keep-c"})
        before.append(CvcFixtures::create(sandbox, QLatin1String(name), "ethereum", 2));
    const HttpReply patched = sandbox.request("PATCH", CvcFixtures::object("keep-b") + "/status", R"({"status":{"change":"+3.0%"}})",
                                              "application/merge-patch+json");
    CVC_VERIFY_HTTP(patched, 200);
    before[1] = patched.json();
    const qint64 listRvBefore = CvcFixtures::resourceVersionNumber(sandbox.request("GET", CvcFixtures::collection()).json());
    const quint16 portBefore = sandbox.port();

    QCOMPARE(sandbox.stop(), 0);
    QVERIFY2(sandbox.restart(), qPrintable(sandbox.errorString()));
    if (sandbox.port() != portBefore)
        qInfo("restarted on port %u instead of %u (taken meanwhile)", sandbox.port(), portBefore);

    for (const QJsonObject &old : before) {
        const QString name = old.value("metadata").toObject().value("name").toString();
        const HttpReply reply = sandbox.request("GET", CvcFixtures::object(name));
        CVC_VERIFY_HTTP(reply, 200);
        QCOMPARE(reply.json().value("metadata").toObject().value("uid"), old.value("metadata").toObject().value("uid"));
        QCOMPARE(CvcFixtures::resourceVersion(reply.json()), CvcFixtures::resourceVersion(old));
        QCOMPARE(reply.json().value("spec"), old.value("spec"));
        QCOMPARE(reply.json().value("status"), old.value("status"));
    }
    const qint64 listRvAfter = CvcFixtures::resourceVersionNumber(sandbox.request("GET", CvcFixtures::collection()).json());
    QVERIFY2(listRvAfter >= listRvBefore, qPrintable(QStringLiteral("list RV went from %1 to %2").arg(listRvBefore).arg(listRvAfter)));
    const QJsonObject fresh = CvcFixtures::create(sandbox, "after-restart");
    QVERIFY(CvcFixtures::resourceVersionNumber(fresh) > listRvBefore);

    // A watch from the pre-restart RV sees exactly what happened since (or is told 410 to relist).
    WatchStream watch(sandbox);
    QVERIFY2(watch.open(CvcFixtures::collection() + "?watch=1&resourceVersion=" + QString::number(listRvBefore)), qPrintable(watch.describe()));
    QVERIFY2(watch.waitForEvents(1), qPrintable(watch.describe()));
    const QJsonObject first = watch.events().first();
    QVERIFY2(CvcFixtures::eventSummary({first}).first() == QLatin1String("ADDED after-restart")
                 || (first.value("type") == QLatin1String("ERROR") && first.value("object").toObject().value("code").toInt() == 410),
             qPrintable(watch.describe()));
    QCOMPARE(sandbox.stop(), 0);
}

// SIGKILL loses nothing that was acknowledged.
void TestRobustness::killKeepsCommittedWrites()
{
    SandboxProcess sandbox;
    sandbox.setDataFile(sandbox.tempPath() + "/state.db");
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(sandbox, &error), qPrintable(error));
    const QJsonObject created = CvcFixtures::create(sandbox, "survivor", "dogecoin", 42);
    QVERIFY(!created.isEmpty());
    sandbox.kill();
    QVERIFY2(sandbox.restart(), qPrintable(sandbox.errorString()));
    const HttpReply reply = sandbox.request("GET", CvcFixtures::object("survivor"));
    CVC_VERIFY_HTTP(reply, 200);
    QCOMPARE(CvcFixtures::resourceVersion(reply.json()), CvcFixtures::resourceVersion(created));
    QCOMPARE(sandbox.stop(), 0);
}

// SIGINT in the middle of a burst of writes: exit 0, and every write that was acknowledged is
// there after a restart.
void TestRobustness::sigintWhileWriting()
{
    SandboxProcess sandbox;
    sandbox.setDataFile(sandbox.tempPath() + "/state.db");
    QString error;
    QVERIFY2(CvcFixtures::startWithCrd(sandbox, &error), qPrintable(error));
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 30; ++i) {
        if (i % 5 == 0)
            managers.push_back(std::make_unique<QNetworkAccessManager>());
        QNetworkRequest request = sandbox.networkRequest(CvcFixtures::collection());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        replies.append(managers.back()->post(request, CvcFixtures::json(CvcFixtures::cvc(QStringLiteral("inflight-%1").arg(i)))));
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }), 20000);
    QCOMPARE(::kill(pid_t(sandbox.pid()), SIGINT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!sandbox.isRunning(), 15000);
    QCOMPARE(sandbox.stop(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }), 20000);

    QStringList acknowledged;
    for (int i = 0; i < replies.size(); ++i) {
        if (replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 201)
            acknowledged << QStringLiteral("inflight-%1").arg(i);
    }
    qDeleteAll(replies);
    QVERIFY(!acknowledged.isEmpty());
    QVERIFY2(sandbox.restart(), qPrintable(sandbox.errorString()));
    for (const QString &name : acknowledged)
        QVERIFY2(sandbox.request("GET", CvcFixtures::object(name)).status == 200, qPrintable(name + " was acknowledged but is gone"));
    QCOMPARE(sandbox.stop(), 0);
}

void TestRobustness::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<QString>("output");
    QTest::newRow("--help") << QStringList{"--help"} << true << "--kubeconfig";
    QTest::newRow("unknown flag") << QStringList{"--ephemeral", "--no-such-flag"} << false << "no-such-flag";
    QTest::newRow("--data with --ephemeral") << QStringList{"--ephemeral", "--data", "/tmp/x.db"} << false << "--ephemeral";
    QTest::newRow("bad port") << QStringList{"--ephemeral", "--port", "99999"} << false << "--port";
    QTest::newRow("missing preload") << QStringList{"--ephemeral", "--port", "0", "--preload", "/nonexistent/crds"} << false << "/nonexistent/crds";
}

// The command line tests and scripts rely on: help, and clear errors that end the process.
void TestRobustness::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, succeeds);
    QFETCH(QString, output);
    QProcess process;
    process.start(SandboxProcess::executablePath(), arguments);
    QVERIFY2(process.waitForFinished(15000), "kube-sandbox kept running instead of exiting");
    const QString text = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode() == 0, succeeds);
    QVERIFY2(text.contains(output), qPrintable(text));
}

// Two sandboxes cannot share a port: the second says so and exits.
void TestRobustness::portInUse()
{
    QProcess second;
    second.start(SandboxProcess::executablePath(), {"--ephemeral", "--port", QString::number(m_sandbox.port())});
    QVERIFY2(second.waitForFinished(15000), "a second kube-sandbox on a taken port kept running");
    QVERIFY(second.exitCode() != 0);
    QVERIFY2(!second.readAllStandardError().isEmpty(), "no message on stderr");
    verifyAlive(m_sandbox);
}

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
