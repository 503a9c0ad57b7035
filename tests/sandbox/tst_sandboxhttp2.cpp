// kube-sandbox speaks HTTP/2 as kube-apiserver does (ALPN h2 before http/1.1; issue 11 item 1):
// kubectl (Go) and our KubeClient (QNetworkAccessManager) really use it, python3-kubernetes keeps
// HTTP/1.1, watches are h2 streams that resume after a dropped-watch fault (GOAWAY), requests that a
// GOAWAY refused are sent again (Qt 6.4 fails them; KubeClient's GoAwayRetry), and
// --http1-only keeps everyone on HTTP/1.1. "Really" is checked twice: by the client
// (Http2WasUsedAttribute; QNAM falls back to HTTP/1.1 silently) and by the sandbox's per-protocol
// request counts (/sandbox/stats requestsByProtocol).
#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubectlrunner.h"
#include "backgroundkubectl.h"
#include "objectcache.h"
#include "resourcetype.h"
#include "sandboxprocess.h"
#include "watcher.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTest>

#include <optional>

using namespace cvc;
using namespace cvc::testsupport;

namespace {

// Counted by the sandbox; its own stats requests (SandboxProcess speaks HTTP/1.1) count as http1.
qint64 protocolCount(SandboxProcess &sandbox, const QString &protocol)
{
    const HttpReply r = sandbox.request("GET", QStringLiteral("/sandbox/stats"));
    return r.json().value(QLatin1String("requestsByProtocol")).toObject().value(protocol).toInteger();
}

std::optional<ClientConfig> clientConfig(const SandboxProcess &sandbox)
{
    ConnectionOptions options;
    options.kubeconfig = sandbox.kubeconfigPath();
    options.environment = QProcessEnvironment::systemEnvironment();
    options.environment.remove(QStringLiteral("KUBERNETES_SERVICE_HOST"));
    QString error;
    auto config = KubeConfig::load(options, &error);
    if (!config)
        qWarning() << error;
    return config;
}

// Every reply of the client's managers, as QNAM saw it: was it HTTP/2?
class ReplyProtocols : public QObject
{
public:
    explicit ReplyProtocols(KubeClient *client)
    {
        for (QNetworkAccessManager *manager : client->findChildren<QNetworkAccessManager *>()) {
            connect(manager, &QNetworkAccessManager::finished, this, [this](QNetworkReply *reply) {
                (reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? h2 : http1) += 1;
            });
        }
    }
    int h2 = 0;
    int http1 = 0;
};

// Every reply of the client's first managers that failed without an HTTP answer, as Qt said it.
class TransportFailures : public QObject
{
public:
    struct Failure {
        QNetworkReply::NetworkError error;
        QString errorString;
    };
    explicit TransportFailures(KubeClient *client)
    {
        for (QNetworkAccessManager *manager : client->findChildren<QNetworkAccessManager *>()) {
            connect(manager, &QNetworkAccessManager::finished, this, [this](QNetworkReply *reply) {
                if (!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
                    failures.append({reply->error(), reply->errorString()});
            });
        }
    }
    QList<Failure> failures;
};

QJsonObject lease(const QString &name)
{
    return QJsonObject{{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"},
                       {"metadata", QJsonObject{{"name", name}}},
                       {"spec", QJsonObject{{"holderIdentity", "me"}, {"leaseDurationSeconds", 15}}}};
}

int runPython(const SandboxProcess &sandbox, const QString &script, QByteArray *output)
{
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KUBECONFIG"), sandbox.kubeconfigPath());
    python.setProcessEnvironment(env);
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script});
    if (!python.waitForFinished(30000))
        return -1;
    *output = python.readAll();
    return python.exitStatus() == QProcess::NormalExit ? python.exitCode() : -1;
}

} // namespace

class TestSandboxHttp2 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_sandbox.start(), qPrintable(m_sandbox.errorString()));
    }

    // kubectl negotiates h2 with kube-apiserver; here too. get, create and watch.
    void kubectlUsesHttp2()
    {
        const qint64 h2Before = protocolCount(m_sandbox, QStringLiteral("http2"));
        KubectlRunner kubectl(m_sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY(r.standardOutput.contains("kube-system"));
        BackgroundKubectl *watch = kubectl.startBackground({QStringLiteral("get"), QStringLiteral("configmaps"),
                                                            QStringLiteral("--watch"), QStringLiteral("--output=name")}, this);
        QVERIFY(watch->waitForStarted());
        r = kubectl.run({QStringLiteral("create"), QStringLiteral("configmap"), QStringLiteral("over-h2"),
                         QStringLiteral("--from-literal=a=b")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QVERIFY2(watch->waitForOutput(QStringLiteral("configmap/over-h2")), qPrintable(watch->describe()));
        watch->stop();
        // discovery, get, create, list and watch: all over h2
        QVERIFY2(protocolCount(m_sandbox, QStringLiteral("http2")) - h2Before >= 5,
                 qPrintable(QString::number(protocolCount(m_sandbox, QStringLiteral("http2")) - h2Before)));
    }

    // python3-kubernetes (urllib3) offers only HTTP/1.1 and keeps working.
    void pythonClientUsesHttp11()
    {
        const qint64 h2Before = protocolCount(m_sandbox, QStringLiteral("http2"));
        const qint64 h1Before = protocolCount(m_sandbox, QStringLiteral("http1"));
        QByteArray output;
        const int code = runPython(m_sandbox, QStringLiteral(
            "import os\n"
            "from kubernetes import client, config\n"
            "config.load_kube_config(os.environ['KUBECONFIG'])\n"
            "v1 = client.CoreV1Api()\n"
            "v1.create_namespaced_config_map('default', {'metadata': {'name': 'from-python'}, 'data': {'a': 'b'}})\n"
            "print(sorted(c.metadata.name for c in v1.list_namespaced_config_map('default').items))\n"), &output);
        QVERIFY2(code == 0, output.constData());
        QVERIFY2(output.contains("'from-python'"), output.constData());
        QCOMPARE(protocolCount(m_sandbox, QStringLiteral("http2")), h2Before);
        // two API requests plus the stats request of the line above
        QVERIFY(protocolCount(m_sandbox, QStringLiteral("http1")) - h1Before >= 3);
    }

    // QNetworkAccessManager offers h2 and falls back to HTTP/1.1 silently: both sides must say h2
    // for what KubeClient sends over h2 (reads, lists, watches). A request with a body goes over
    // HTTP/1.1 on purpose: Qt 6.4's h2 client holds its DATA frame for the server's delayed ACK.
    void kubeClientUsesHttp2()
    {
        const auto config = clientConfig(m_sandbox);
        QVERIFY(config);
        KubeClient client(*config);
        ReplyProtocols protocols(&client);
        const qint64 h2Before = protocolCount(m_sandbox, QStringLiteral("http2"));
        std::optional<KubeResponse> got;
        client.get(QStringLiteral("/api/v1/namespaces"), this, [&](const KubeResponse &r) { got = r; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
        QVERIFY2(got->ok(), qPrintable(got->error->toString()));
        std::optional<KubeResponse> created;
        client.create(ResourceType::leases().path(QStringLiteral("default")), lease(QStringLiteral("h2-lease")), {}, this,
                      [&](const KubeResponse &r) { created = r; });
        QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 10000);
        QVERIFY2(created->ok(), qPrintable(created->error->toString()));
        QCOMPARE(protocols.h2, 1);
        QCOMPARE(protocols.http1, 1);
        QCOMPARE(protocolCount(m_sandbox, QStringLiteral("http2")) - h2Before, 1);
    }

    // A GET sent after the server's GOAWAY, while a slow request keeps the old connection open.
    // Qt 6.4 does not send it again on a new connection (RFC 9113 6.8): when its stream left
    // before the GOAWAY arrived, it fails with ContentReSendError; when Qt had read the GOAWAY
    // first, it holds the request on the old connection and never sends it, nor fails it (requests
    // queued at the GOAWAY itself fail with ProtocolUnknownError, "GOAWAY received, cannot start a
    // request"). Which one happens is a race; KubeClient sends the GET again through a new
    // connection either way (GoAwayRetry), so the caller gets its answer.
    void getRefusedByGoAwayIsRetried()
    {
        const auto config = clientConfig(m_sandbox);
        QVERIFY(config);
        KubeClient client(*config);
        client.setUserAgent(QStringLiteral("goaway-probe/1"));
        TransportFailures failures(&client);
        const QString configmaps = QStringLiteral("/api/v1/namespaces/default/configmaps");
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/faults"),
                                       QJsonObject{{"target", QJsonObject{{"userAgent", "goaway-probe"}}}, {"latencyMs", 1500}})
                     .status, 200);
        const qint64 h2Before = protocolCount(m_sandbox, QStringLiteral("http2"));
        std::optional<KubeResponse> slow;
        client.list(configmaps, {}, this, [&](const KubeResponse &r) { slow = r; });
        // The slow LIST is in the server's hands: the GOAWAY will name its stream as the last taken.
        QTRY_VERIFY_WITH_TIMEOUT(protocolCount(m_sandbox, QStringLiteral("http2")) > h2Before, 10000);
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/faults"), QJsonObject{{"goAway", true}}).status, 200);
        std::optional<KubeResponse> refused;
        client.get(configmaps, this, [&](const KubeResponse &r) { refused = r; });
        QTRY_VERIFY_WITH_TIMEOUT(slow.has_value() && refused.has_value(), 15000);
        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/faults"),
                                       QJsonObject{{"target", QJsonObject{{"userAgent", "goaway-probe"}}}, {"reset", true}})
                     .status, 200);
        QVERIFY2(slow->ok(), qPrintable(slow->error->toString()));
        QVERIFY2(refused->ok(), qPrintable(refused->error->toString()));
        QVERIFY(!failures.failures.isEmpty());
        QVERIFY(client.goAwayRetries() >= 1);
        for (const TransportFailures::Failure &failure : std::as_const(failures.failures)) {
            if (failure.error == QNetworkReply::ContentReSendError)
                QCOMPARE(failure.errorString, QStringLiteral("Server stopped accepting new streams before this stream was established"));
            else if (failure.error == QNetworkReply::ProtocolUnknownError)
                QCOMPARE(failure.errorString, QStringLiteral("GOAWAY received, cannot start a request"));
            else if (failure.error == QNetworkReply::OperationCanceledError)
                ;   // KubeClient's abort of a GET that Qt held unsent (GoAwayRetry::NotSentTimeoutMs)
            else
                QFAIL(qPrintable(QStringLiteral("unexpected error %1: %2").arg(int(failure.error)).arg(failure.errorString)));
        }
    }

    // A watch is a long-lived h2 stream. dropWatches ends it and sends GOAWAY, as a restarting
    // apiserver does; the Watcher resumes from its last resourceVersion (no relist) on a new
    // connection, still over h2, and never reports a lost connection: the watch start that the
    // GOAWAY refuses is KubeClient's to send again.
    void watchOverHttp2ResumesAfterDroppedWatch()
    {
        const auto config = clientConfig(m_sandbox);
        QVERIFY(config);
        KubeClient client(*config);
        ObjectCache leases;
        Watcher::Options options;
        options.namespaceName = QStringLiteral("default");
        Watcher watcher(&client, ResourceType::leases(), &leases, options);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 10000);
        QStringList troubles;
        connect(&watcher, &Watcher::stateChanged, this, [&](const ConnectionState &state) {
            if (state.phase != ConnectionState::Phase::Live)
                troubles << state.toString();
        });
        const qint64 h1Before = protocolCount(m_sandbox, QStringLiteral("http1"));
        const qint64 h2Before = protocolCount(m_sandbox, QStringLiteral("http2"));

        KubectlRunner kubectl(m_sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("create"), QStringLiteral("-f"), QStringLiteral("-")},
                                      QJsonDocument(lease(QStringLiteral("before-drop"))).toJson());
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QTRY_VERIFY_WITH_TIMEOUT(leases.contains(QStringLiteral("default/before-drop")), 10000);
        const int lists = watcher.listCount();
        const int watches = watcher.watchCount();

        QCOMPARE(m_sandbox.requestJson("POST", QStringLiteral("/sandbox/faults"), QJsonObject{{"dropWatches", true}}).status, 200);
        r = kubectl.run({QStringLiteral("create"), QStringLiteral("-f"), QStringLiteral("-")},
                        QJsonDocument(lease(QStringLiteral("after-drop"))).toJson());
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        QTRY_VERIFY_WITH_TIMEOUT(leases.contains(QStringLiteral("default/after-drop")), 15000);
        QVERIFY(watcher.watchCount() > watches);
        QCOMPARE(watcher.listCount(), lists);
        QVERIFY2(troubles.isEmpty(), qPrintable(troubles.join(QLatin1String("; "))));
        // Every API request in between was h2 but the test's own (stats, faults).
        QVERIFY(protocolCount(m_sandbox, QStringLiteral("http2")) > h2Before);
        QVERIFY(protocolCount(m_sandbox, QStringLiteral("http1")) - h1Before <= 6);
    }

    // --http1-only: ALPN offers http/1.1 only; kubectl, KubeClient and watches work over HTTP/1.1.
    void http1OnlyKeepsEveryoneOnHttp11()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--http1-only")}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        const KubectlResult r = kubectl.run({QStringLiteral("create"), QStringLiteral("configmap"), QStringLiteral("h1"),
                                             QStringLiteral("--from-literal=a=b")});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));
        const auto config = clientConfig(sandbox);
        QVERIFY(config);
        KubeClient client(*config);
        ReplyProtocols protocols(&client);
        std::optional<KubeResponse> got;
        client.get(QStringLiteral("/api/v1/namespaces/default/configmaps/h1"), this, [&](const KubeResponse &x) { got = x; });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 10000);
        QVERIFY2(got->ok(), qPrintable(got->error->toString()));
        QCOMPARE(protocols.http1, 1);
        QCOMPARE(protocols.h2, 0);
        ObjectCache leases;
        Watcher::Options options;
        options.namespaceName = QStringLiteral("default");
        Watcher watcher(&client, ResourceType::leases(), &leases, options);
        watcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(watcher.state().phase, ConnectionState::Phase::Live, 10000);
        QCOMPARE(protocolCount(sandbox, QStringLiteral("http2")), 0);
        QVERIFY(protocolCount(sandbox, QStringLiteral("http1")) >= 4);
    }

private:
    SandboxProcess m_sandbox;
};

QTEST_GUILESS_MAIN(TestSandboxHttp2)
#include "tst_sandboxhttp2.moc"
