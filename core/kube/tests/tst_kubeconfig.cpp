#include "clientconfig.h"
#include "connectionoptions.h"
#include "credentialprovider.h"
#include "kubeconfig.h"
#include "testcerts.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc;

// Secrets used in the fixtures; no message, warning or description may ever contain them.
static const char *const Token = "tok-SECRET-1234567890";
static const char *const Password = "pw-SECRET-0987654321";

class TestKubeConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    test::TestCerts m_certs;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString p = path(name);
        QDir().mkpath(QFileInfo(p).absolutePath());
        QFile f(p);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(p));
        f.write(content);
        return p;
    }

    ConnectionOptions options(const QString &kubeconfig = {}) const
    {
        ConnectionOptions o;
        o.kubeconfig = kubeconfig;
        o.environment = QProcessEnvironment();
        o.environment.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        o.environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        return o;
    }

    // A minimal valid kubeconfig with one context; `user` is the YAML of the user mapping.
    static QByteArray config(const QByteArray &user, const QByteArray &cluster = "server: https://127.0.0.1:6443",
                             const QByteArray &contextExtra = {})
    {
        return "apiVersion: v1\nkind: Config\ncurrent-context: c1\nclusters:\n- name: k1\n  cluster:\n    "
               + QByteArray(cluster).replace("\n", "\n    ") + "\nusers:\n- name: u1\n  user:\n    "
               + QByteArray(user).replace("\n", "\n    ") + "\ncontexts:\n- name: c1\n  context:\n    cluster: k1\n    user: u1\n"
               + contextExtra;
    }

    std::optional<ClientConfig> loadText(const QByteArray &text, QString *error, const QString &name = QStringLiteral("config"))
    {
        const QString file = write(name, text);
        return KubeConfig::load(options(file), error);
    }

    void expectError(const QByteArray &text, const QStringList &fragments)
    {
        QString error;
        const auto config = loadText(text, &error);
        QVERIFY2(!config, "expected a failure");
        for (const QString &f : fragments)
            QVERIFY2(error.contains(f), qPrintable(QStringLiteral("'%1' not in: %2").arg(f, error)));
        QVERIFY2(!error.contains(QLatin1String(Token)) && !error.contains(QLatin1String(Password)), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_certs = test::TestCerts::generate(m_dir.path());
        QVERIFY2(m_certs.error.isEmpty(), qPrintable(m_certs.error));
        QVERIFY(!m_certs.certPem.isEmpty());
    }

    void searchPaths()
    {
        ConnectionOptions o = options();
        QCOMPARE(KubeConfig::searchPaths(o), QStringList{m_dir.filePath(QStringLiteral("home/.kube/config"))});
        o.environment.insert(QStringLiteral("KUBECONFIG"), QStringLiteral("/a:/b::/a:/c"));
        QCOMPARE(KubeConfig::searchPaths(o), (QStringList{"/a", "/b", "/c"}));
        o.kubeconfig = QStringLiteral("/x");
        QCOMPARE(KubeConfig::searchPaths(o), QStringList{"/x"});
    }

    void tokenConfig()
    {
        QString error;
        const auto c = loadText(config(QByteArray("token: ") + Token, "server: https://127.0.0.1:6443", "  \n"), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->server, QUrl(QStringLiteral("https://127.0.0.1:6443")));
        QCOMPARE(c->contextName, QStringLiteral("c1"));
        QCOMPARE(c->clusterName, QStringLiteral("k1"));
        QCOMPARE(c->userName, QStringLiteral("u1"));
        QCOMPARE(c->namespaceName, QStringLiteral("default"));
        QCOMPARE(c->authKind, ClientConfig::AuthKind::Token);
        QCOMPARE(c->authDescription(), QStringLiteral("bearer token"));
        QCOMPARE(c->token, QString::fromLatin1(Token));
    }

    void namespacePrecedence()
    {
        const QByteArray text = config("token: x") + "    namespace: fromcontext\n";
        QString error;
        auto c = loadText(text, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->namespaceName, QStringLiteral("fromcontext"));
        ConnectionOptions o = options(path(QStringLiteral("config")));
        o.namespaceName = QStringLiteral("fromflag");
        c = KubeConfig::load(o, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->namespaceName, QStringLiteral("fromflag"));
    }

    void contextOverride()
    {
        const QByteArray text = config("token: x") + "- name: other\n  context:\n    cluster: k1\n    namespace: ns2\n";
        write(QStringLiteral("config"), text);
        ConnectionOptions o = options(path(QStringLiteral("config")));
        o.context = QStringLiteral("other");
        QString error;
        auto c = KubeConfig::load(o, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->contextName, QStringLiteral("other"));
        QCOMPARE(c->namespaceName, QStringLiteral("ns2"));
        QCOMPARE(c->authKind, ClientConfig::AuthKind::None);
        o.context = QStringLiteral("nope");
        QVERIFY(!KubeConfig::load(o, &error));
        QVERIFY2(error.contains(QLatin1String("context \"nope\" (from --context) not found")), qPrintable(error));
        QVERIFY2(error.contains(path(QStringLiteral("config"))), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("available: c1, other")), qPrintable(error));
    }

    // KUBECONFIG=a:b: names defined first win completely; the first current-context wins.
    void mergeFirstWins()
    {
        const QString a = write(QStringLiteral("merge/a"),
                                "clusters:\n- name: shared\n  cluster:\n    server: https://a.example:1\n"
                                "users:\n- name: u\n  user:\n    token: from-a\n"
                                "contexts:\n- name: ctx-a\n  context: {cluster: shared, user: u, namespace: na}\n");
        const QString b = write(QStringLiteral("merge/b"),
                                "current-context: ctx-b\n"
                                "clusters:\n- name: shared\n  cluster:\n    server: https://b.example:2\n    insecure-skip-tls-verify: true\n"
                                "users:\n- name: u\n  user:\n    username: bob\n    password: x\n"
                                "contexts:\n- name: ctx-b\n  context: {cluster: shared, user: u}\n"
                                "- name: ctx-a\n  context: {cluster: shared, user: u, namespace: nb}\n");
        const QString c = write(QStringLiteral("merge/c"), "current-context: ctx-a\n");
        ConnectionOptions o = options();
        o.environment.insert(QStringLiteral("KUBECONFIG"), a + QStringLiteral(":") + path(QStringLiteral("missing")) + QStringLiteral(":") + b + QStringLiteral(":") + c);
        QString error;
        const auto merged = KubeConfig::loadMerged(o, &error);
        QVERIFY2(merged, qPrintable(error));
        QCOMPARE(merged->contextNames(), (QStringList{"ctx-a", "ctx-b"}));
        QCOMPARE(merged->currentContext(), QStringLiteral("ctx-b"));
        QCOMPARE(merged->files(), (QStringList{a, b, c}));
        auto cfg = KubeConfig::load(o, &error);
        QVERIFY2(cfg, qPrintable(error));
        QCOMPARE(cfg->contextName, QStringLiteral("ctx-b"));      // first current-context (from b)
        QCOMPARE(cfg->server, QUrl(QStringLiteral("https://a.example:1"))); // cluster "shared" entirely from a
        QVERIFY(!cfg->insecureSkipTlsVerify);                        // b's extra key is not merged in
        QCOMPARE(cfg->authKind, ClientConfig::AuthKind::Token);      // user "u" from a
        QCOMPARE(cfg->sourceFile, b);
        o.context = QStringLiteral("ctx-a");
        cfg = KubeConfig::load(o, &error);
        QVERIFY2(cfg, qPrintable(error));
        QCOMPARE(cfg->namespaceName, QStringLiteral("na"));        // context ctx-a from a, not b
    }

    void relativePaths()
    {
        write(QStringLiteral("rel/pki/ca.crt"), m_certs.certPem);
        write(QStringLiteral("rel/pki/client.crt"), m_certs.certPem);
        write(QStringLiteral("rel/pki/client.key"), m_certs.rsaPkcs1);
        write(QStringLiteral("rel/token"), "file-token\n");
        const QString file = write(QStringLiteral("rel/config"),
                                   config("client-certificate: pki/client.crt\nclient-key: pki/client.key\ntokenFile: token",
                                          "server: https://127.0.0.1:6443\ncertificate-authority: pki/ca.crt"));
        QString error;
        auto c = KubeConfig::load(options(file), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->caCertificates.size(), 1);
        QVERIFY(!c->clientCertificate.isNull());
        QVERIFY(!c->clientKey.isNull());
        QCOMPARE(c->tokenFile, path(QStringLiteral("rel/token")));
        QCOMPARE(c->authKind, ClientConfig::AuthKind::TokenFile);
        QCOMPARE(c->authDescription(), QStringLiteral("token file %1 + client certificate (CN=tester)").arg(path(QStringLiteral("rel/token"))));
        // exec command with a slash resolves against the file; a bare name does not.
        const QString execFile = write(QStringLiteral("rel/exec"),
                                       config("exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: ./bin/plugin\n  interactiveMode: Never"));
        c = KubeConfig::load(options(execFile), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->exec.command, path(QStringLiteral("rel/bin/plugin")));
        QCOMPARE(c->authKind, ClientConfig::AuthKind::Exec);
    }

    void keyFormats_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("RSA PKCS#1") << "rsa1";
        QTest::newRow("RSA PKCS#8") << "rsa8";
        QTest::newRow("EC SEC1") << "ec1";
        QTest::newRow("EC PKCS#8") << "ec8";
    }

    void keyFormats()
    {
        QFETCH(QString, which);
        const QByteArray key = which == QLatin1String("rsa1") ? m_certs.rsaPkcs1
                             : which == QLatin1String("rsa8") ? m_certs.rsaPkcs8
                             : which == QLatin1String("ec1")  ? m_certs.ecSec1
                                                              : m_certs.ecPkcs8;
        QString error;
        auto c = loadText(config("client-certificate-data: " + m_certs.certPem.toBase64() + "\nclient-key-data: " + key.toBase64()), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(!c->clientKey.isNull());
        QCOMPARE(c->clientKey.algorithm(), which.startsWith(QLatin1String("rsa")) ? QSsl::Rsa : QSsl::Ec);
        QCOMPARE(c->authKind, ClientConfig::AuthKind::ClientCertificate);
        QCOMPARE(c->authDescription(), QStringLiteral("client certificate (CN=tester)"));
    }

    void insecureWarning()
    {
        QString error;
        auto c = loadText(config("token: x", "server: https://h:1\ninsecure-skip-tls-verify: true"), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(c->insecureSkipTlsVerify);
        QCOMPARE(c->warnings.size(), 1);
        QVERIFY(c->warnings.first().contains(QLatin1String("TLS certificate verification is off for cluster \"k1\"")));
    }

    void badConfigs_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("fragments");
        QTest::newRow("yaml syntax") << QByteArray("clusters:\n- name: a\n  cluster: {server: [\n")
                                     << QStringList{"is not valid YAML", "line"};
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << QStringList{"expected a mapping"};
        QTest::newRow("no current context") << QByteArray("clusters: []\ncontexts:\n- name: x\n  context: {cluster: y}\n")
                                            << QStringList{"no context chosen", "current-context is not set", "available: x"};
        QTest::newRow("unknown current context") << QByteArray("current-context: ghost\ncontexts:\n- name: x\n  context: {cluster: y}\n")
                                                 << QStringList{"context \"ghost\" (from current-context in", "not found"};
        QTest::newRow("missing cluster") << QByteArray("current-context: x\ncontexts:\n- name: x\n  context: {cluster: ghost, user: u}\n")
                                         << QStringList{"context \"x\" in", "cluster \"ghost\" is not defined"};
        QTest::newRow("missing user") << config("token: x").replace("user: u1", "user: nobody")
                                      << QStringList{"context \"c1\" in", "user \"nobody\" is not defined"};
        QTest::newRow("no server") << config("token: x", "insecure-skip-tls-verify: false")
                                   << QStringList{"no server found for cluster \"k1\""};
        QTest::newRow("ca file and data") << config("token: x", "server: https://h:1\ncertificate-authority: /nope\ncertificate-authority-data: eA==")
                                          << QStringList{"cluster \"k1\" in", "certificate-authority-data and certificate-authority are both specified"};
        QTest::newRow("insecure with ca") << config("token: x", "server: https://h:1\ncertificate-authority-data: eA==\ninsecure-skip-tls-verify: true")
                                          << QStringList{"specifying a root certificates file with the insecure flag is not allowed"};
        QTest::newRow("unreadable ca") << config("token: x", "server: https://h:1\ncertificate-authority: missing-ca.crt")
                                       << QStringList{"cluster \"k1\" in", "cannot read certificate-authority", "missing-ca.crt", "no such file"};
        QTest::newRow("ca not pem") << config("token: x", "server: https://h:1\ncertificate-authority-data: " + QByteArray("garbage").toBase64())
                                    << QStringList{"certificate-authority-data holds no PEM certificate"};
        QTest::newRow("token and basic") << config(QByteArray("token: ") + Token + "\nusername: bob\npassword: " + Password)
                                         << QStringList{"user \"u1\" in", "more than one authentication method found (token and username/password)"};
        QTest::newRow("cert without key") << config("client-certificate: /x.crt")
                                          << QStringList{"user \"u1\" in", "client-certificate is set but client-key is missing"};
        QTest::newRow("unreadable cert") << config("client-certificate: nope.crt\nclient-key: nope.key")
                                         << QStringList{"cannot read client-certificate", "nope.crt"};
        QTest::newRow("bad key") << config("client-certificate-data: CERT\nclient-key-data: " + QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").toBase64())
                                 << QStringList{"user \"u1\" in", "client-key-data is not a readable RSA or EC private key"};
        QTest::newRow("bad base64") << config("client-certificate-data: '***'\nclient-key-data: '***'")
                                    << QStringList{"client-certificate-data is not valid base64"};
        QTest::newRow("auth-provider gcp") << config("auth-provider:\n  name: gcp\n  config: {access-token: SECRET}")
                                           << QStringList{"user \"u1\" in", "auth-provider \"gcp\"", "gke-gcloud-auth-plugin"};
        QTest::newRow("auth-provider oidc") << config("auth-provider:\n  name: oidc")
                                            << QStringList{"auth-provider \"oidc\"", "kubelogin"};
        QTest::newRow("exec v1 without interactiveMode") << config("exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: aws")
                                                         << QStringList{"interactiveMode must be specified for u1 to use exec authentication plugin"};
        QTest::newRow("exec bad apiVersion") << config("exec:\n  apiVersion: client.authentication.k8s.io/v1alpha1\n  command: aws")
                                             << QStringList{"exec.apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported"};
        QTest::newRow("exec without command") << config("exec:\n  apiVersion: client.authentication.k8s.io/v1beta1")
                                              << QStringList{"exec.command is missing"};
        QTest::newRow("numeric token") << config("token: 12345") << QStringList{"user \"u1\" in", "token must be a string"};
        QTest::newRow("bad proxy") << config("token: x", "server: https://h:1\nproxy-url: ftp://p:1")
                                   << QStringList{"proxy-url \"ftp://p:1\" must be an http, https or socks5 URL"};
    }

    void badConfigs()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, fragments);
        text.replace("CERT", m_certs.certPem.toBase64());
        expectError(text, fragments);
        QString error;
        loadText(text, &error);
        QVERIFY2(error.contains(path(QStringLiteral("config"))), qPrintable(error)); // every error names the file
    }

    void yamlErrorNamesLine()
    {
        QString error;
        QVERIFY(!loadText("apiVersion: v1\nclusters:\n  - name: a\n   bad indent: [\n", &error));
        QVERIFY2(error.contains(QRegularExpression(QStringLiteral("line [34]"))), qPrintable(error));
    }

    void missingFiles()
    {
        QString error;
        QVERIFY(!KubeConfig::load(options(path(QStringLiteral("does-not-exist"))), &error));
        QCOMPARE(error, QStringLiteral("kubeconfig \"%1\" (from --kubeconfig) does not exist").arg(path(QStringLiteral("does-not-exist"))));
        ConnectionOptions o = options();
        o.environment.insert(QStringLiteral("KUBECONFIG"), path(QStringLiteral("nope1")) + QStringLiteral(":") + path(QStringLiteral("nope2")));
        QVERIFY(!KubeConfig::load(o, &error));
        QVERIFY2(error.startsWith(QLatin1String("no kubeconfig found: looked for")), qPrintable(error));
        QVERIFY2(error.contains(path(QStringLiteral("nope2"))), qPrintable(error));
        // A directory where a file should be: unreadable.
        QDir().mkpath(path(QStringLiteral("adir")));
        QVERIFY(!KubeConfig::load(options(path(QStringLiteral("adir"))), &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot read kubeconfig \"%1\"").arg(path(QStringLiteral("adir")))), qPrintable(error));
        // Default ~/.kube/config absent.
        QVERIFY(!KubeConfig::load(options(), &error));
        QVERIFY2(error.contains(m_dir.filePath(QStringLiteral("home/.kube/config"))), qPrintable(error));
    }

    void inCluster()
    {
        write(QStringLiteral("sa/token"), "sa-token-1");
        write(QStringLiteral("sa/ca.crt"), m_certs.certPem);
        write(QStringLiteral("sa/namespace"), "from-file\n");
        ConnectionOptions o = options();
        o.environment.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("10.0.0.1"));
        o.environment.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QStringLiteral("443"));
        o.serviceAccountTokenPath = path(QStringLiteral("sa/token"));
        o.serviceAccountCaPath = path(QStringLiteral("sa/ca.crt"));
        o.serviceAccountNamespacePath = path(QStringLiteral("sa/namespace"));
        QString error;
        auto c = KubeConfig::load(o, &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(c->inCluster);
        QCOMPARE(c->server, QUrl(QStringLiteral("https://10.0.0.1:443")));
        QCOMPARE(c->namespaceName, QStringLiteral("from-file"));
        QCOMPARE(c->authKind, ClientConfig::AuthKind::ServiceAccount);
        QCOMPARE(c->caCertificates.size(), 1);
        o.environment.insert(QStringLiteral("POD_NAMESPACE"), QStringLiteral("from-env"));
        c = KubeConfig::load(o, &error);
        QCOMPARE(c->namespaceName, QStringLiteral("from-env"));
        o.environment.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("fd00::1"));
        c = KubeConfig::load(o, &error);
        QCOMPARE(c->server, QUrl(QStringLiteral("https://[fd00::1]:443")));

        // The token is re-read when the file changes (projected tokens rotate).
        CredentialProvider provider(*c);
        QByteArray seen;
        provider.credentials(this, [&](const Credentials &cr, const QString &) { seen = cr.authorization; });
        QCOMPARE(seen, QByteArray("Bearer sa-token-1"));
        QFile::remove(path(QStringLiteral("sa/token")));
        write(QStringLiteral("sa/token"), "sa-token-2-longer");
        provider.credentials(this, [&](const Credentials &cr, const QString &) { seen = cr.authorization; });
        QCOMPARE(seen, QByteArray("Bearer sa-token-2-longer"));

        o.serviceAccountTokenPath = path(QStringLiteral("sa/none"));
        QVERIFY(!KubeConfig::load(o, &error));
        QVERIFY2(error.contains(QLatin1String("in-cluster config: cannot read the service account token")), qPrintable(error));
    }

    void basicAuthHeader()
    {
        QString error;
        auto c = loadText(config("username: bob\npassword: s3cret"), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->authDescription(), QStringLiteral("basic auth (user bob)"));
        CredentialProvider provider(*c);
        QByteArray seen;
        provider.credentials(this, [&](const Credentials &cr, const QString &) { seen = cr.authorization; });
        QCOMPARE(seen, QByteArray("Basic Ym9iOnMzY3JldA=="));
    }

    void noCredentialsOverHttp()
    {
        QString error;
        auto c = loadText(config("token: x", "server: http://127.0.0.1:8080"), &error);
        QVERIFY2(c, qPrintable(error));
        QVERIFY(c->warnings.join(QLatin1Char(' ')).contains(QLatin1String("credentials are not sent")));
        CredentialProvider provider(*c);
        QByteArray seen = "unset";
        provider.credentials(this, [&](const Credentials &cr, const QString &) { seen = cr.authorization; });
        QCOMPARE(seen, QByteArray());
    }

    void serverWithoutScheme()
    {
        QString error;
        auto c = loadText(config("token: x", "server: 127.0.0.1:6443/prefix"), &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->server.toString(), QStringLiteral("https://127.0.0.1:6443/prefix"));
    }

    void execExtensionAndEnv()
    {
        QString error;
        auto c = loadText(config("exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: plug\n  args: [a, b]\n"
                                 "  env:\n  - {name: FOO, value: bar}\n  provideClusterInfo: true",
                                 "server: https://h:1\nextensions:\n- name: client.authentication.k8s.io/exec\n  extension:\n    audience: x\n    n: 3"),
                          &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->exec.interactiveMode, QStringLiteral("IfAvailable")); // v1beta1 default
        QCOMPARE(c->exec.args, (QStringList{"a", "b"}));
        QCOMPARE(c->exec.env.size(), 1);
        QVERIFY(c->exec.provideClusterInfo);
        QCOMPARE(c->exec.clusterConfig.value(QLatin1String("audience")).toString(), QStringLiteral("x"));
        QCOMPARE(c->exec.clusterConfig.value(QLatin1String("n")).toInt(), 3);
        QCOMPARE(c->authDescription(), QStringLiteral("exec plugin plug (client.authentication.k8s.io/v1beta1)"));
    }

    // A desktop launch has a short PATH; the login shell knows where the plugin lives.
    void loginShellPath()
    {
        write(QStringLiteral("shellhome/tools/cvc-test-plugin-xyz"), "#!/bin/sh\necho hi\n");
        QFile::setPermissions(path(QStringLiteral("shellhome/tools/cvc-test-plugin-xyz")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        write(QStringLiteral("shellhome/.profile"), QStringLiteral("PATH=\"$PATH:%1\"\nexport PATH\necho welcome banner\n")
                                                        .arg(path(QStringLiteral("shellhome/tools"))).toUtf8());
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        env.insert(QStringLiteral("HOME"), path(QStringLiteral("shellhome")));
        env.insert(QStringLiteral("SHELL"), QStringLiteral("/bin/sh"));
        QCOMPARE(CredentialProvider::findExecutable(QStringLiteral("cvc-test-plugin-xyz"), env),
                 path(QStringLiteral("shellhome/tools/cvc-test-plugin-xyz")));
        QVERIFY(CredentialProvider::loginShellPath(env).split(QLatin1Char(':')).contains(path(QStringLiteral("shellhome/tools"))));
        QCOMPARE(CredentialProvider::findExecutable(QStringLiteral("sh"), env), QStringLiteral("/usr/bin/sh"));
        QCOMPARE(CredentialProvider::findExecutable(QStringLiteral("cvc-no-such-plugin"), env), QString());
    }

    void connectionFlags()
    {
        QCommandLineParser parser;
        ConnectionOptions::addToParser(parser);
        QVERIFY(parser.parse({"prog", "--kubeconfig", "/k", "--context", "ctx", "-n", "ns"}));
        const ConnectionOptions o = ConnectionOptions::fromParser(parser);
        QCOMPARE(o.kubeconfig, QStringLiteral("/k"));
        QCOMPARE(o.context, QStringLiteral("ctx"));
        QCOMPARE(o.namespaceName, QStringLiteral("ns"));
    }

    // Nothing a user sees (errors, warnings, descriptions) ever carries a secret.
    void noSecretInOutput()
    {
        const QList<QByteArray> users = {
            QByteArray("token: ") + Token,
            QByteArray("username: bob\npassword: ") + Password,
            QByteArray("token: ") + Token + "\nusername: bob\npassword: " + Password,
            QByteArray("token: ") + Token + "\nclient-certificate: x",
            QByteArray("auth-provider:\n  name: oidc\n  config: {id-token: ") + Token + ", refresh-token: " + Password + "}",
        };
        for (const QByteArray &u : users) {
            QString error;
            auto c = loadText(config(u, "server: https://h:1\ninsecure-skip-tls-verify: true"), &error);
            QString all = error;
            if (c)
                all += c->authDescription() + c->warnings.join(QLatin1Char('\n'));
            QVERIFY2(!all.contains(QLatin1String(Token)) && !all.contains(QLatin1String(Password)), qPrintable(all));
        }
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
