// Against a real kube-sandbox process over TLS: every auth kind through KubeConfig, KubeClient and
// the `--check` command (ConnectionCheck), the clear errors a user sees, and no secret in any output.
#include "connectioncheck.h"
#include "kubeclient.h"
#include "kubeconfig.h"
#include "kubewatchstream.h"
#include "objectcache.h"
#include "watcher.h"
#include "resourcetype.h"
#include "sandboxprocess.h"
#include "tempkubeconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace cvc;
using namespace cvc::testsupport;

namespace {

struct CheckResult
{
    int code = -1;
    QString out;
    QString err;
};

CheckResult runCheck(const ConnectionOptions &options, bool verbose = false)
{
    CheckResult r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = ConnectionCheck::run(options, verbose, out, err, 20000);
    out.flush();
    err.flush();
    return r;
}

ConnectionOptions optionsFor(const QString &kubeconfig)
{
    ConnectionOptions o;
    o.kubeconfig = kubeconfig;
    o.environment = QProcessEnvironment::systemEnvironment();
    o.environment.remove(QStringLiteral("KUBERNETES_SERVICE_HOST"));
    return o;
}

} // namespace

class TestKubeSandbox : public QObject
{
    Q_OBJECT

    SandboxProcess m_sandbox;
    QTemporaryDir m_dir;
    QStringList m_secrets; // every credential in play; none may appear in any output

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }

    QString writePlugin()
    {
        const QString p = path(QStringLiteral("exec-plugin.sh"));
        QFile f(p);
        f.open(QIODevice::WriteOnly);
        // Prints the token from $TOKEN_FILE; records each run and KUBERNETES_EXEC_INFO.
        f.write("#!/bin/sh\n"
                "echo run >> \"$STATE/runs\"\n"
                "printf '%s' \"$KUBERNETES_EXEC_INFO\" > \"$STATE/info\"\n"
                "exp=$(cat \"$STATE/expiry\" 2>/dev/null)\n"
                "printf '{\"apiVersion\":\"%s\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"%s}}' "
                "\"$API\" \"$(cat \"$TOKEN_FILE\")\" \"${exp:+,\\\"expirationTimestamp\\\":\\\"$exp\\\"}\"\n");
        f.close();
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return p;
    }

    int pluginRuns(const QString &stateDir) const
    {
        QFile f(QDir(stateDir).filePath(QStringLiteral("runs")));
        return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
    }

    void expectCheckOk(const QString &kubeconfig, const QString &authLine)
    {
        const CheckResult r = runCheck(optionsFor(kubeconfig));
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Server:     %1\n").arg(m_sandbox.url().toString())), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Context:    test (from %1)\n").arg(kubeconfig)), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Namespace:  default\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Auth:       %1\n").arg(authLine)), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Version:    v1.32.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("CVC CRD:    installed (cryptovaluecalculators.crypto.tools/v1)\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Status:     status subresource present")), qPrintable(r.out));
        assertNoSecret(r.out + r.err);
    }

    void assertNoSecret(const QString &text)
    {
        for (const QString &s : std::as_const(m_secrets))
            QVERIFY2(!text.contains(s), "a secret was printed");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeFile(QStringLiteral("tokens.csv"), "tok-alice-0123456789,alice,u1,\"system:masters\"\n");
        writeFile(QStringLiteral("basic.csv"), "pw-bob-0123456789,bob,u2,\"system:masters\"\n");
        m_sandbox.setDataFile(path(QStringLiteral("sandbox.db")));
        QVERIFY2(m_sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                  QStringLiteral("--token-auth-file"), path(QStringLiteral("tokens.csv")),
                                  QStringLiteral("--basic-auth-file"), path(QStringLiteral("basic.csv"))}),
                 qPrintable(m_sandbox.errorString()));
        m_secrets << QString::fromLatin1(m_sandbox.adminToken()) << QStringLiteral("tok-alice-0123456789")
                  << QStringLiteral("pw-bob-0123456789");
    }

    void generatedKubeconfig()
    {
        // The kubeconfig kube-sandbox writes itself works as is.
        const CheckResult r = runCheck(optionsFor(m_sandbox.kubeconfigPath()), true);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.startsWith(QStringLiteral("Kubeconfig: %1\n").arg(m_sandbox.kubeconfigPath())), qPrintable(r.out));
        assertNoSecret(r.out + r.err);
    }

    void token()
    {
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setToken("tok-alice-0123456789");
        QVERIFY(k.writeTo(path(QStringLiteral("token.kubeconfig"))));
        expectCheckOk(path(QStringLiteral("token.kubeconfig")), QStringLiteral("bearer token"));
    }

    void wrongTokenIsAClear401()
    {
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setToken("tok-wrong-0123456789");
        m_secrets << QStringLiteral("tok-wrong-0123456789");
        QVERIFY(k.writeTo(path(QStringLiteral("wrong.kubeconfig"))));
        const CheckResult r = runCheck(optionsFor(path(QStringLiteral("wrong.kubeconfig"))));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("error: You must be logged in to the server (Unauthorized) (auth: bearer token, user \"%1\" in %2)\n")
                            .arg(QStringLiteral("test"), path(QStringLiteral("wrong.kubeconfig"))));
        assertNoSecret(r.out + r.err);
    }

    // tokenFile is read per request when it changes: a rotated token is picked up without restart.
    void tokenFileRotation()
    {
        writeFile(QStringLiteral("token-file"), "tok-stale-0123456789\n");
        m_secrets << QStringLiteral("tok-stale-0123456789");
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setTokenFile(QStringLiteral("token-file")); // relative to the kubeconfig's folder
        QVERIFY(k.writeTo(path(QStringLiteral("tokenfile.kubeconfig"))));
        QString error;
        const auto config = KubeConfig::load(optionsFor(path(QStringLiteral("tokenfile.kubeconfig"))), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->authDescription(), QStringLiteral("token file %1").arg(path(QStringLiteral("token-file"))));
        KubeClient client(*config);
        std::optional<KubeResponse> r;
        client.get(QStringLiteral("/api/v1/namespaces"), this, [&](const KubeResponse &x) { r = x; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 10000);
        QVERIFY(r->error && r->error->isUnauthorized());
        writeFile(QStringLiteral("token-file"), "tok-alice-0123456789\n");
        r.reset();
        client.get(QStringLiteral("/api/v1/namespaces"), this, [&](const KubeResponse &x) { r = x; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 10000);
        QVERIFY2(r->ok(), qPrintable(r->error->toString()));
        expectCheckOk(path(QStringLiteral("tokenfile.kubeconfig")), QStringLiteral("token file %1").arg(path(QStringLiteral("token-file"))));
    }

    void basicAuth()
    {
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setBasicAuth(QStringLiteral("bob"), QStringLiteral("pw-bob-0123456789"));
        QVERIFY(k.writeTo(path(QStringLiteral("basic.kubeconfig"))));
        expectCheckOk(path(QStringLiteral("basic.kubeconfig")), QStringLiteral("basic auth (user bob)"));
    }

    void clientCertificate()
    {
        QByteArray cert, key;
        QVERIFY2(m_sandbox.issueClientCertificate(QStringLiteral("carol"), {QStringLiteral("system:masters")}, &cert, &key),
                 qPrintable(m_sandbox.errorString()));
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setClientCertificate(cert, key);
        QVERIFY(k.writeTo(path(QStringLiteral("cert.kubeconfig"))));
        m_secrets << QString::fromLatin1(key.mid(40, 40));
        expectCheckOk(path(QStringLiteral("cert.kubeconfig")), QStringLiteral("client certificate (CN=carol)"));
    }

    void execPlugin_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::newRow("v1") << QStringLiteral("client.authentication.k8s.io/v1");
        QTest::newRow("v1beta1") << QStringLiteral("client.authentication.k8s.io/v1beta1");
    }

    void execPlugin()
    {
        QFETCH(QString, apiVersion);
        QTemporaryDir state;
        writeFile(QStringLiteral("exec-token"), "tok-alice-0123456789");
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        TempKubeconfig::Exec exec;
        exec.command = QStringLiteral("./exec-plugin.sh"); // relative to the kubeconfig
        writePlugin();
        exec.apiVersion = apiVersion;
        exec.env = {{QStringLiteral("STATE"), state.path()}, {QStringLiteral("API"), apiVersion},
                    {QStringLiteral("TOKEN_FILE"), path(QStringLiteral("exec-token"))}};
        exec.interactiveMode = apiVersion.endsWith(QLatin1String("v1")) ? QStringLiteral("Never") : QString();
        exec.provideClusterInfo = true;
        exec.clusterConfig = QJsonObject{{QStringLiteral("audience"), QStringLiteral("cvc-test")}};
        k.setExec(exec);
        const QString file = path(QStringLiteral("exec.kubeconfig"));
        QVERIFY(k.writeTo(file));
        expectCheckOk(file, QStringLiteral("exec plugin exec-plugin.sh (%1)").arg(apiVersion));
        QCOMPARE(pluginRuns(state.path()), 1); // /version and discovery shared one credential

        QFile infoFile(QDir(state.path()).filePath(QStringLiteral("info")));
        QVERIFY(infoFile.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        QCOMPARE(info.value(QLatin1String("apiVersion")).toString(), apiVersion);
        const QJsonObject cluster = info.value(QLatin1String("spec")).toObject().value(QLatin1String("cluster")).toObject();
        QCOMPARE(cluster.value(QLatin1String("server")).toString(), m_sandbox.url().toString());
        QCOMPARE(cluster.value(QLatin1String("config")).toObject().value(QLatin1String("audience")).toString(), QStringLiteral("cvc-test"));
        QCOMPARE(QByteArray::fromBase64(cluster.value(QLatin1String("certificate-authority-data")).toString().toLatin1()),
                 m_sandbox.caCertificatePem());

        // An expired credential is fetched again before the next request.
        QFile expiry(QDir(state.path()).filePath(QStringLiteral("expiry")));
        QVERIFY(expiry.open(QIODevice::WriteOnly));
        expiry.write("2001-01-01T00:00:00Z");
        expiry.close();
        QString error;
        const auto config = KubeConfig::load(optionsFor(file), &error);
        QVERIFY2(config, qPrintable(error));
        KubeClient client(*config);
        for (int i = 0; i < 2; ++i) {
            std::optional<KubeResponse> r;
            client.get(QStringLiteral("/api/v1/namespaces"), this, [&](const KubeResponse &x) { r = x; });
            QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 10000);
            QVERIFY2(r->ok(), qPrintable(r->error->toString()));
        }
        QCOMPARE(pluginRuns(state.path()), 3);
    }

    void execPluginFailsClearly()
    {
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        TempKubeconfig::Exec exec;
        exec.command = QStringLiteral("/bin/sh");
        exec.args = {QStringLiteral("-c"), QStringLiteral("echo 'the SSO session has expired; run: cloud login' >&2; exit 2")};
        k.setExec(exec);
        QVERIFY(k.writeTo(path(QStringLiteral("failing.kubeconfig"))));
        const CheckResult r = runCheck(optionsFor(path(QStringLiteral("failing.kubeconfig"))));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("error: exec plugin \"/bin/sh\" of user \"test\" in %1 failed with exit code 2: "
                                       "the SSO session has expired; run: cloud login\n").arg(path(QStringLiteral("failing.kubeconfig"))));
    }

    void kubeconfigMergeAndRelativeCa()
    {
        QDir().mkpath(path(QStringLiteral("merge/pki")));
        writeFile(QStringLiteral("merge/pki/ca.crt"), m_sandbox.caCertificatePem());
        TempKubeconfig a = TempKubeconfig::forSandbox(m_sandbox);
        a.setCertificateAuthorityFile(QStringLiteral("pki/ca.crt"));
        a.setToken("tok-alice-0123456789");
        a.setNamespace(QStringLiteral("team-a"));
        QVERIFY(a.writeTo(path(QStringLiteral("merge/a.kubeconfig"))));
        TempKubeconfig b = TempKubeconfig::forSandbox(m_sandbox);
        b.setToken("tok-wrong-0123456789");
        QVERIFY(b.writeTo(path(QStringLiteral("merge/b.kubeconfig"))));
        ConnectionOptions o = optionsFor({});
        o.environment.insert(QStringLiteral("KUBECONFIG"), path(QStringLiteral("merge/a.kubeconfig")) + QLatin1Char(':')
                                                               + path(QStringLiteral("merge/b.kubeconfig")));
        const CheckResult r = runCheck(o);
        QVERIFY2(r.code == 0, qPrintable(r.err)); // a's user (good token) wins over b's
        QVERIFY(r.out.contains(QLatin1String("Namespace:  team-a\n")));
        o.namespaceName = QStringLiteral("flag-ns");
        QVERIFY(runCheck(o).out.contains(QLatin1String("Namespace:  flag-ns\n")));
    }

    void badKubeconfigs()
    {
        CheckResult r = runCheck(optionsFor(path(QStringLiteral("nope.kubeconfig"))));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("error: kubeconfig \"%1\" (from --kubeconfig) does not exist\n").arg(path(QStringLiteral("nope.kubeconfig"))));
        ConnectionOptions o = optionsFor(m_sandbox.kubeconfigPath());
        o.context = QStringLiteral("prod");
        r = runCheck(o);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("error: context \"prod\" (from --context) not found in \"%1\"").arg(m_sandbox.kubeconfigPath())),
                 qPrintable(r.err));
        writeFile(QStringLiteral("broken.kubeconfig"), "apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [\n");
        r = runCheck(optionsFor(path(QStringLiteral("broken.kubeconfig"))));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("error: kubeconfig \"%1\" is not valid YAML: ").arg(path(QStringLiteral("broken.kubeconfig")))),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("line")), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1); // one clear error
    }

    void unreachableServer()
    {
        TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
        k.setServer(QUrl(QStringLiteral("https://127.0.0.1:1")));
        k.setToken("tok-alice-0123456789");
        QVERIFY(k.writeTo(path(QStringLiteral("down.kubeconfig"))));
        const CheckResult r = runCheck(optionsFor(path(QStringLiteral("down.kubeconfig"))));
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("error: cannot reach the API server https://127.0.0.1:1: Connection refused\n"));
    }

    void inCluster()
    {
        writeFile(QStringLiteral("sa-token"), m_sandbox.adminToken());
        writeFile(QStringLiteral("sa-ca.crt"), m_sandbox.caCertificatePem());
        writeFile(QStringLiteral("sa-namespace"), "operators\n");
        ConnectionOptions o;
        o.environment = QProcessEnvironment();
        o.environment.insert(QStringLiteral("HOME"), path(QStringLiteral("empty-home")));
        o.environment.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("127.0.0.1"));
        o.environment.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QString::number(m_sandbox.port()));
        o.serviceAccountTokenPath = path(QStringLiteral("sa-token"));
        o.serviceAccountCaPath = path(QStringLiteral("sa-ca.crt"));
        o.serviceAccountNamespacePath = path(QStringLiteral("sa-namespace"));
        const CheckResult r = runCheck(o);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Context:    (in-cluster service account)\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Namespace:  operators\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Auth:       in-cluster service account token\n")), qPrintable(r.out));
        assertNoSecret(r.out + r.err);
    }

    void insecureSkipVerifyWarns()
    {
        QString text = QString::fromUtf8(QJsonDocument([this] {
            TempKubeconfig k = TempKubeconfig::forSandbox(m_sandbox);
            k.setToken("tok-alice-0123456789");
            QJsonObject json = k.toJson();
            QJsonArray clusters = json.value(QLatin1String("clusters")).toArray();
            QJsonObject entry = clusters.at(0).toObject();
            entry.insert(QStringLiteral("cluster"), QJsonObject{{"server", m_sandbox.url().toString()}, {"insecure-skip-tls-verify", true}});
            clusters[0] = entry;
            json.insert(QStringLiteral("clusters"), clusters);
            return json;
        }()).toJson());
        writeFile(QStringLiteral("insecure.kubeconfig"), text.toUtf8());
        const CheckResult r = runCheck(optionsFor(path(QStringLiteral("insecure.kubeconfig"))));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.err, QStringLiteral("warning: TLS certificate verification is off for cluster \"test\" (insecure-skip-tls-verify in %1): "
                                       "the server's identity is not checked\n").arg(path(QStringLiteral("insecure.kubeconfig"))));
    }

    // kube-sandbox speaks HTTP/1.1 (six connections per host and manager in Qt): eight open watches
    // must not hold up an ordinary request.
    void manyWatchesAndAGet()
    {
        QString error;
        const auto config = KubeConfig::load(optionsFor(m_sandbox.kubeconfigPath()), &error);
        QVERIFY2(config, qPrintable(error));
        KubeClient client(*config);
        QList<KubeWatchStream *> streams;
        int opened = 0;
        for (int i = 0; i < 8; ++i) {
            KubeWatchStream *s = client.watch(ResourceType::cryptoValueCalculators().path(QStringLiteral("ns%1").arg(i)), {}, this);
            connect(s, &KubeWatchStream::opened, this, [&opened] { ++opened; });
            streams << s;
        }
        QTRY_COMPARE_WITH_TIMEOUT(opened, 8, 15000);
        std::optional<KubeResponse> r;
        client.get(QStringLiteral("/api/v1/namespaces"), this, [&](const KubeResponse &x) { r = x; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 5000);
        QVERIFY2(r->ok(), qPrintable(r->error->toString()));
        for (KubeWatchStream *s : streams)
            QVERIFY(!s->isFinished());
        qDeleteAll(streams);
    }

    // The Watcher is not tied to CVCs: cluster-scoped namespaces and namespaced leases work alike.
    void watchNamespacesAndLeases()
    {
        QString error;
        const auto config = KubeConfig::load(optionsFor(m_sandbox.kubeconfigPath()), &error);
        QVERIFY2(config, qPrintable(error));
        KubeClient client(*config);
        ObjectCache namespaces, leases;
        Watcher nsWatcher(&client, ResourceType::namespaces(), &namespaces);
        Watcher::Options leaseOptions;
        leaseOptions.namespaceName = QStringLiteral("default");
        Watcher leaseWatcher(&client, ResourceType::leases(), &leases, leaseOptions);
        nsWatcher.start();
        leaseWatcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(nsWatcher.state().phase, ConnectionState::Phase::Live, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(leaseWatcher.state().phase, ConnectionState::Phase::Live, 10000);
        QVERIFY(namespaces.contains(QStringLiteral("default")));
        QVERIFY(namespaces.contains(QStringLiteral("kube-system")));
        QSignalSpy nsAdded(&namespaces, &ObjectCache::objectAdded);
        QSignalSpy leaseAdded(&leases, &ObjectCache::objectAdded);
        client.create(QStringLiteral("/api/v1/namespaces"),
                      QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", "watched-ns"}}}},
                      {}, this, [](const KubeResponse &) {});
        client.create(ResourceType::leases().path(QStringLiteral("default")),
                      QJsonObject{{"apiVersion", "coordination.k8s.io/v1"}, {"kind", "Lease"},
                                  {"metadata", QJsonObject{{"name", "cvc-operator"}}},
                                  {"spec", QJsonObject{{"holderIdentity", "me"}, {"leaseDurationSeconds", 15}}}},
                      {}, this, [](const KubeResponse &) {});
        QTRY_COMPARE_WITH_TIMEOUT(nsAdded.size(), 1, 10000);
        QCOMPARE(nsAdded.first().at(0).toString(), QStringLiteral("watched-ns"));
        QTRY_COMPARE_WITH_TIMEOUT(leaseAdded.size(), 1, 10000);
        QCOMPARE(leaseAdded.first().at(0).toString(), QStringLiteral("default/cvc-operator"));
    }

    // A cluster with the original CRD (no status subresource) and one without the CRD.
    void crdVariants()
    {
        SandboxProcess original;
        QVERIFY2(original.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"))}),
                 qPrintable(original.errorString()));
        CheckResult r = runCheck(optionsFor(original.kubeconfigPath()));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("CVC CRD:    installed")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("Status:     no status subresource")), qPrintable(r.out));
        SandboxProcess bare;
        QVERIFY2(bare.start(), qPrintable(bare.errorString()));
        r = runCheck(optionsFor(bare.kubeconfigPath()));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("CVC CRD:    not installed (apply crds/cryptovaluecalculators.yaml)")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestKubeSandbox)
#include "tst_kubesandbox.moc"
