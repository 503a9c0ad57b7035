// The operator's health server (deploy binds it to 0.0.0.0:8080) keeps the limits of core/http
// with their defaults (review C5, C7): 256 connections per peer address, 512 in all, and no
// request line hidden behind empty lines; and it only reads, so it serves GET and HEAD alone.
// Checked against the cvc-operator process.

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

constexpr int PerPeerCap = 256;   // HttpServerSettings::maxConnectionsPerPeer
constexpr int TotalCap = 512;     // HttpServerSettings::maxConnections

QString operatorPath()
{
    return qEnvironmentVariable("CVC_BIN_DIR", QStringLiteral(CVC_BIN_DIR)) + QStringLiteral("/cvc-operator");
}

// A connection to the health port from a given loopback address, reading what comes back.
struct Probe {
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;

    bool startFrom(const QString &from, quint16 port)
    {
        if (!socket->bind(QHostAddress(from), 0))
            return false;
        QObject::connect(socket.get(), &QIODevice::readyRead, socket.get(), [this] { received += socket->readAll(); });
        socket->connectToHost(QHostAddress::LocalHost, port);
        return true;
    }
    bool connectFrom(const QString &from, quint16 port)
    {
        return startFrom(from, port)
            && QTest::qWaitFor([this] { return socket->state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    bool isConnected() const { return socket->state() == QAbstractSocket::ConnectedState; }
    bool hasResponse() const { return received.contains("\r\n\r\n"); }
    bool isDone() const { return hasResponse() || socket->state() == QAbstractSocket::UnconnectedState; }
    void send(const QByteArray &bytes)
    {
        socket->write(bytes);
        socket->flush();
    }
    bool closedByServer(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return socket->state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    // A response, or the server closing without one.
    bool waitForResponse(int timeoutMs = 5000)
    {
        QTest::qWaitFor([this] { return isDone(); }, timeoutMs);
        return hasResponse();
    }
    int status() const { return received.split(' ').value(1).toInt(); }
};

const QByteArray kHealthz = "GET /healthz HTTP/1.1\r\nHost: probe\r\n\r\n";

} // namespace

class TestOperatorHealth : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_operator;
    quint16 m_port = 0;

    // `count` open connections from `from`, each answered once (keep-alive), so each surely holds
    // a slot. A connection the server closes at once is tried again: it may not have seen the
    // previous test's connections go yet.
    std::vector<std::unique_ptr<Probe>> hold(const QString &from, int count)
    {
        std::vector<std::unique_ptr<Probe>> held;
        QDeadlineTimer deadline(30000);
        while (int(held.size()) < count && !deadline.hasExpired()) {
            std::vector<std::unique_ptr<Probe>> batch;
            for (int i = int(held.size()); i < count; ++i) {
                batch.push_back(std::make_unique<Probe>());
                if (!batch.back()->startFrom(from, m_port))
                    return {};
            }
            QTest::qWaitFor([&batch] {
                return std::all_of(batch.begin(), batch.end(), [](const auto &p) { return p->isConnected(); });
            }, 10000);
            for (auto &probe : batch)
                probe->send(kHealthz);
            QTest::qWaitFor([&batch] {
                return std::all_of(batch.begin(), batch.end(), [](const auto &p) { return p->isDone(); });
            }, 10000);
            for (auto &probe : batch) {
                if (probe->hasResponse() && probe->status() == 200)
                    held.push_back(std::move(probe));
            }
        }
        return held;
    }

    // One /healthz from `from`, answered.
    int healthz(const QString &from)
    {
        Probe probe;
        if (!probe.connectFrom(from, m_port))
            return 0;
        probe.send(kHealthz);
        return probe.waitForResponse() ? probe.status() : 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Nothing listens on port 1: the operator keeps retrying its API server, the health server runs.
        const QString kubeconfig = m_dir.filePath(QStringLiteral("kubeconfig"));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Config\n"
                   "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]\n"
                   "users: [{name: u, user: {token: not-a-secret}}]\n"
                   "contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]\n"
                   "current-context: x\n");
        file.close();
        m_operator.start(operatorPath(), {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--health-addr"),
                                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-leader-election"),
                                          QStringLiteral("--coingecko-url"), QStringLiteral("http://127.0.0.1:1/api/v3")});
        QVERIFY(m_operator.waitForStarted());
        const QRegularExpression listening(QStringLiteral("health and metrics on http://127\\.0\\.0\\.1:(\\d+)"));
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += m_operator.readAllStandardError(), listening.match(QString::fromUtf8(err)).hasMatch()),
                                 20000);
        m_port = quint16(listening.match(QString::fromUtf8(err)).captured(1).toUInt());
        QVERIFY(m_port != 0);
        QCOMPARE(healthz(QStringLiteral("127.0.0.1")), 200);
    }

    void cleanupTestCase()
    {
        m_operator.terminate();
        if (!m_operator.waitForFinished(10000))
            m_operator.kill();
    }

    void onePeerCannotTakeEverySlot()
    {
        auto held = hold(QStringLiteral("127.0.0.1"), PerPeerCap);
        QCOMPARE(int(held.size()), PerPeerCap);
        // The kernel accepted these in order; the server takes them in order too, so the next one
        // from the same address is the one over the cap and is closed at once.
        Probe extra;
        QVERIFY(extra.connectFrom(QStringLiteral("127.0.0.1"), m_port));
        extra.send(kHealthz);
        QVERIFY(extra.closedByServer());
        QVERIFY(extra.received.isEmpty());
        // A probe from elsewhere is answered meanwhile.
        QCOMPARE(healthz(QStringLiteral("127.0.0.2")), 200);
        // A slot freed is a slot to use again (as soon as the server has seen the close).
        held.pop_back();
        // QTRY evaluates its expression once more at the end: latch the first success.
        bool served = false;
        QTRY_VERIFY_WITH_TIMEOUT(served || (served = healthz(QStringLiteral("127.0.0.1")) == 200), 10000);
    }

    void theServerStopsAcceptingAtItsCapAndResumes()
    {
        auto first = hold(QStringLiteral("127.0.0.1"), PerPeerCap);
        auto second = hold(QStringLiteral("127.0.0.2"), TotalCap - PerPeerCap);
        QCOMPARE(int(first.size() + second.size()), TotalCap);
        // Held back in the listen backlog, not refused: answered as soon as a slot frees.
        Probe waiting;
        QVERIFY(waiting.connectFrom(QStringLiteral("127.0.0.3"), m_port));
        waiting.send(kHealthz);
        // Every held connection is served meanwhile; the waiting one is not.
        second.back()->send(kHealthz);
        QVERIFY(second.back()->waitForResponse());
        QVERIFY(waiting.received.isEmpty());
        first.pop_back();
        QVERIFY(waiting.waitForResponse(10000));
        QCOMPARE(waiting.status(), 200);
    }

    void onlyGetAndHeadAreServed()
    {
        // Probes and scrapers only read: anything else gets 405 naming the methods that work.
        for (const QByteArray method : {QByteArray("POST"), QByteArray("PUT"), QByteArray("DELETE"),
                                        QByteArray("PATCH"), QByteArray("OPTIONS")}) {
            for (const QByteArray path : {QByteArray("/healthz"), QByteArray("/metrics")}) {
                Probe probe;
                QVERIFY(probe.connectFrom(QStringLiteral("127.0.0.1"), m_port));
                probe.send(method + ' ' + path + " HTTP/1.1\r\nHost: probe\r\nContent-Length: 0\r\n\r\n");
                QVERIFY2(probe.waitForResponse(), method.constData());
                QVERIFY2(probe.status() == 405, probe.received.constData());
                QVERIFY2(probe.received.contains("\r\nAllow: GET, HEAD\r\n"), probe.received.constData());
            }
        }
        // HEAD is GET without the body: the next response on the connection follows its head at once.
        Probe head;
        QVERIFY(head.connectFrom(QStringLiteral("127.0.0.1"), m_port));
        head.send("HEAD /healthz HTTP/1.1\r\nHost: probe\r\n\r\n" + kHealthz);
        QVERIFY(QTest::qWaitFor([&head] { return head.received.endsWith("\r\n\r\nok\n"); }, 5000));
        QCOMPARE(head.status(), 200);
        QCOMPARE(head.received.indexOf("HTTP/1.1 200", 1), head.received.indexOf("\r\n\r\n") + 4);
    }

    void emptyLinesDoNotHoldAConnection()
    {
        Probe probe;
        QVERIFY(probe.connectFrom(QStringLiteral("127.0.0.1"), m_port));
        probe.send("\r\n\r\n\r\n");
        QVERIFY(probe.waitForResponse());
        QCOMPARE(probe.status(), 400);
        QVERIFY(probe.closedByServer());
    }
};

QTEST_GUILESS_MAIN(TestOperatorHealth)
#include "tst_operatorhealth.moc"
