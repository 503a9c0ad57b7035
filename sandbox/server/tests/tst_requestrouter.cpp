// RequestRouter in the kube-sandbox process, over real HTTPS, as a client sees it: authentication
// on the request head before any body is read (review C6), statistics only for authenticated
// requests and under bounded keys (C8), a --verbose request log that a path cannot forge lines
// into (S7), and the Status the HTTP layer's own refusals carry.

#include "requeststats.h"
#include "testclient.h"

#include "sandboxprocess.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <memory>
#include <vector>

using cvc::sandbox::RequestStats;
using cvc::testsupport::SandboxProcess;

namespace {

const QByteArray kConfigMaps = "/api/v1/namespaces/default/configmaps";

QByteArray postHead(const QByteArray &extraHeaders, qint64 contentLength)
{
    return "POST " + kConfigMaps + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(contentLength) + "\r\n\r\n";
}

} // namespace

class TestRequestRouter : public QObject
{
    Q_OBJECT

private:
    SandboxProcess m_sandbox;

    std::unique_ptr<TestConnection> connectTls()
    {
        auto connection = std::make_unique<TestConnection>(m_sandbox.port(), m_sandbox.caCertificatePem());
        if (!connection->waitEncrypted())
            return nullptr;
        return connection;
    }

    static void sendRaw(TestConnection &connection, const QByteArray &bytes)
    {
        connection.socket().write(bytes);
        connection.socket().flush();
    }

    QByteArray bearer() const { return "Authorization: Bearer " + m_sandbox.adminToken() + "\r\n"; }

    // An authenticated POST head announcing `bytes` and waiting for 100 Continue; the answer's
    // status (100 when the server will read the body) and the connection, still open.
    std::pair<TestResponse, std::unique_ptr<TestConnection>> announceBody(qint64 bytes)
    {
        auto connection = connectTls();
        if (!connection)
            return {};
        sendRaw(*connection, postHead(bearer() + "Expect: 100-continue\r\n", bytes));
        TestResponse answer = connection->readResponse(5000);
        return {answer, std::move(connection)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_sandbox.start({QStringLiteral("--verbose")}), qPrintable(m_sandbox.errorString()));
    }

    void bodyWithoutCredentialsIsRefusedOnItsHead()
    {
        // 3 MiB announced, nothing sent: the 401 comes at once instead of 100 Continue.
        auto waiting = connectTls();
        QVERIFY(waiting);
        sendRaw(*waiting, postHead("Expect: 100-continue\r\n", 3 * 1024 * 1024));
        const TestResponse refused = waiting->readResponse(5000);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.json()[QStringLiteral("reason")].toString(), QStringLiteral("Unauthorized"));
        // And the connection ends: the server keeps neither the socket nor a buffer for the body.
        QVERIFY(waiting->socket().state() == QAbstractSocket::UnconnectedState || waiting->socket().waitForDisconnected(5000));

        // A client that sends at once gets the same answer after the head, long before 3 MiB.
        auto eager = connectTls();
        QVERIFY(eager);
        sendRaw(*eager, postHead({}, 3 * 1024 * 1024) + QByteArray(64 * 1024, ' '));
        QCOMPARE(eager->readResponse(5000).status, 401);
        QVERIFY(eager->socket().state() == QAbstractSocket::UnconnectedState || eager->socket().waitForDisconnected(5000));

        // Wrong credentials are no better than none.
        auto wrong = connectTls();
        QVERIFY(wrong);
        sendRaw(*wrong, postHead("Authorization: Bearer not-the-token\r\nExpect: 100-continue\r\n", 3 * 1024 * 1024));
        QCOMPARE(wrong->readResponse(5000).status, 401);

        // With the admin token the body is asked for and read.
        const QByteArray body = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"routed"},"data":{"a":"b"}})";
        auto admin = connectTls();
        QVERIFY(admin);
        sendRaw(*admin, postHead(bearer() + "Expect: 100-continue\r\n", body.size()));
        QCOMPARE(admin->readResponse(5000).status, 100);
        sendRaw(*admin, body);
        QCOMPARE(admin->readResponse(5000).status, 201);
    }

    void statisticsCountAuthenticatedRequestsUnderBoundedKeys()
    {
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/stats"), QJsonObject{{QStringLiteral("reset"), true}}).status,
                 200);
        // Without credentials: 401 and no trace, whatever the agent or method.
        auto anonymous = connectTls();
        QVERIFY(anonymous);
        for (int i = 0; i < 20; ++i) {
            const QByteArray agent = "X" + QByteArray::number(i) + QByteArray(60000, 'A');
            const QByteArray method = i % 2 ? QByteArray("GET") : "BREW" + QByteArray::number(i);
            anonymous->send(method, "/api/v1/namespaces", {}, {}, {}, {},
                            {{"User-Agent", agent}});
            QCOMPARE(anonymous->readResponse().status, 401);
        }
        QJsonObject stats = m_sandbox.stats();
        const QStringList agentsAfterRefusals = stats[QStringLiteral("requestsByUserAgent")].toObject().keys();
        QVERIFY2(agentsAfterRefusals.filter(QRegularExpression(QStringLiteral("^X"))).isEmpty(), qPrintable(agentsAfterRefusals.join(',')));
        QVERIFY(stats[QStringLiteral("requestsByVerb")].toObject().keys().filter(QStringLiteral("BREW")).isEmpty());

        // Authenticated: at most 100 agents and 100 verbs, each cut to 64 characters, the rest as "other".
        auto admin = connectTls();
        QVERIFY(admin);
        for (int i = 0; i < 150; ++i) {
            const QByteArray agent = "agent" + QByteArray::number(i).rightJustified(3, '0') + QByteArray(300, 'a');
            const QByteArray method = "M" + QByteArray::number(i) + QByteArray(100, 'M');
            admin->send(i % 10 ? method : QByteArray("GET"), "/version", m_sandbox.adminToken(), {}, {}, {},
                        {{"User-Agent", agent}});
            QVERIFY(admin->readResponse().status != 0);
        }
        stats = m_sandbox.stats();
        for (const QString field : {QStringLiteral("requestsByUserAgent"), QStringLiteral("requestsByVerb")}) {
            const QJsonObject counts = stats[field].toObject();
            QCOMPARE(counts.size(), RequestStats::MaxKeys + 1);
            qint64 total = 0;
            for (auto it = counts.begin(); it != counts.end(); ++it) {
                QVERIFY2(it.key().size() <= RequestStats::MaxKeyLength, qPrintable(it.key()));
                total += it.value().toInteger();
            }
            QVERIFY(counts[QLatin1String(RequestStats::OtherKey)].toInteger() > 0);
            QCOMPARE(total, stats[QStringLiteral("requests")].toInteger());
        }
    }

    void statisticsNameTheKubernetesVerbAndResource()
    {
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/stats"), QJsonObject{{QStringLiteral("reset"), true}}).status,
                 200);
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/api/v1/namespaces")).status, 200);
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/api/v1/namespaces")).status, 200);
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/api/v1/namespaces/default")).status, 200);
        // A watch the server ends at once still counts as one watch.
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/leases?watch=true&timeoutSeconds=1")).status, 200);
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces/default/configmaps"),
                                       QJsonObject{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                                   {"metadata", QJsonObject{{"name", "counted"}}}}).status,
                 201);
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/api/v1/namespaces/default/configmaps/counted")).status, 200);
        // Discovery and the admin endpoint are no resource requests.
        QCOMPARE(m_sandbox.request("GET", QStringLiteral("/apis")).status, 200);
        const QJsonObject byResource = m_sandbox.stats().value(QStringLiteral("requestsByResource")).toObject();
        QCOMPARE(byResource, QJsonObject({{"list namespaces", 2}, {"get namespaces", 1},
                                          {"watch leases.coordination.k8s.io", 1}, {"create configmaps", 1},
                                          {"get configmaps", 1}}));
    }

    void tooManyBodiesAtOnceGetTooManyRequests()
    {
        // core/http reads at most 64 MiB of bodies at once: 21 of kube's largest (3 MiB) are asked
        // for, the 22nd is told to come back later, with a Status a Kubernetes client understands.
        constexpr qint64 largest = 3 * 1024 * 1024;
        std::vector<std::unique_ptr<TestConnection>> reading;
        for (int i = 0; i < 21; ++i) {
            auto [answer, connection] = announceBody(largest);
            QCOMPARE(answer.status, 100);
            reading.push_back(std::move(connection));
        }
        const TestResponse refused = announceBody(largest).first;
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Retry-After"), QByteArray("1"));
        QCOMPARE(refused.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(refused.json(),
                 QJsonObject({{"kind", "Status"},
                              {"apiVersion", "v1"},
                              {"metadata", QJsonObject()},
                              {"status", "Failure"},
                              {"message", "the server is reading too many request bodies at once (67108864 bytes); try again later"},
                              {"reason", "TooManyRequests"},
                              {"details", QJsonObject()},
                              {"code", 429}}));
        // The budget comes back as those clients go (once the server has seen them close).
        reading.clear();
        bool asked = false;
        QTRY_VERIFY_WITH_TIMEOUT(asked || (asked = announceBody(largest).first.status == 100), 10000);
    }

    void verboseLogCannotBeForgedThroughThePath()
    {
        // Percent-decoded, this path holds a newline, a forged request line and a terminal escape.
        const QByteArray path = "/api/v1/namespaces/x%0Akube-sandbox:%20DELETE%20/everything%1B%5B2J";
        auto admin = connectTls();
        QVERIFY(admin);
        admin->send("GET", path, m_sandbox.adminToken());
        QVERIFY(admin->readResponse().status != 0);
        auto anonymous = connectTls();
        QVERIFY(anonymous);
        anonymous->send("POST", path + "%0Aanonymous", {});
        QCOMPARE(anonymous->readResponse().status, 401);

        QTRY_VERIFY_WITH_TIMEOUT(m_sandbox.standardError().contains("x\\nkube-sandbox: DELETE /everything\\x1b[2J\\nanonymous"),
                                 5000);
        const QByteArray err = m_sandbox.standardError();
        QVERIFY(err.contains("kube-sandbox: GET /api/v1/namespaces/x\\nkube-sandbox: DELETE /everything\\x1b[2J\n"));
        QVERIFY(!err.contains("\nkube-sandbox: DELETE"));
        QVERIFY(!err.contains('\x1b'));
    }
};

QTEST_GUILESS_MAIN(TestRequestRouter)
#include "tst_requestrouter.moc"
