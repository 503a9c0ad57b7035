#include "authenticator.h"
#include "certificateauthority.h"
#include "httprequest.h"
#include "httpserver.h"
#include "tlsconfiguration.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cvc;
using namespace cvc::sandbox;

namespace {

HttpRequest requestWithAuthorization(const QByteArray &value)
{
    HttpRequest request;
    request.headers.append({QByteArray("authorization"), value});
    return request;
}

QByteArray basic(const QByteArray &user, const QByteArray &password)
{
    return "Basic " + QByteArray(user + ':' + password).toBase64();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

const QByteArray UnauthorizedStatus =
    R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})";

} // namespace

class TestAuthenticator : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    CertificateAuthority m_ca;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_ca.loadOrCreate(m_dir.filePath(QStringLiteral("pki"))), qPrintable(m_ca.errorString()));
    }

    void adminToken()
    {
        Authenticator auth(&m_ca);
        const QString token = auth.generateAdminToken();
        QVERIFY(token.size() >= 32);
        QCOMPARE(auth.adminToken(), token);
        Authenticator other;
        QVERIFY(other.generateAdminToken() != token);

        const auto user = auth.authenticate(requestWithAuthorization("Bearer " + token.toUtf8()));
        QVERIFY(user);
        QCOMPARE(user->name, QStringLiteral("sandbox-admin"));
        QCOMPARE(user->groups, (QStringList{"system:masters", "system:authenticated"}));
        // The scheme is case-insensitive, the token is not.
        QVERIFY(auth.authenticate(requestWithAuthorization("bearer " + token.toUtf8())));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Bearer " + token.toUpper().toUtf8() + "x")));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Bearer ")));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Bearer")));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Token " + token.toUtf8())));
        QVERIFY(!auth.authenticate(HttpRequest()));
    }

    void tokenFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("tokens.csv"));
        QVERIFY(writeFile(path, "tok-alice,alice,uid-a,\"devs,ops\"\ntok-bob,bob,uid-b\n"));
        Authenticator auth;
        QString error;
        QVERIFY2(auth.loadTokenFile(path, &error), qPrintable(error));
        const auto alice = auth.authenticate(requestWithAuthorization("Bearer tok-alice"));
        QVERIFY(alice);
        QCOMPARE(*alice, (UserInfo{"alice", "uid-a", {"devs", "ops", "system:authenticated"}}));
        const auto bob = auth.authenticate(requestWithAuthorization("Bearer tok-bob"));
        QVERIFY(bob);
        QCOMPARE(bob->groups, QStringList{"system:authenticated"});
        QVERIFY(!auth.authenticate(requestWithAuthorization("Bearer tok-carol")));
        // A bearer token is not a password.
        QVERIFY(!auth.authenticate(requestWithAuthorization(basic("alice", "tok-alice"))));

        // A malformed file is refused as a whole, naming file and line; the old tokens stay.
        QVERIFY(writeFile(path, "tok-new,new,uid\nbroken-line\n"));
        QVERIFY(!auth.loadTokenFile(path, &error));
        QCOMPARE(error, path + QStringLiteral(":2: expected at least 3 columns (secret, user name, user uid), found 1"));
        QVERIFY(auth.authenticate(requestWithAuthorization("Bearer tok-alice")));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Bearer tok-new")));

        QVERIFY(!auth.loadTokenFile(m_dir.filePath(QStringLiteral("nope.csv")), &error));
        QVERIFY(error.contains(QLatin1String("nope.csv")));
    }

    void basicAuthFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("basic.csv"));
        QVERIFY(writeFile(path, "s3cret,bob,uid-b,viewers\n\"pa,ss\",carol,uid-c\n"));
        Authenticator auth;
        QString error;
        QVERIFY2(auth.loadBasicAuthFile(path, &error), qPrintable(error));
        const auto bob = auth.authenticate(requestWithAuthorization(basic("bob", "s3cret")));
        QVERIFY(bob);
        QCOMPARE(*bob, (UserInfo{"bob", "uid-b", {"viewers", "system:authenticated"}}));
        // Exactly what kubectl sends for username bob, password s3cret.
        QVERIFY(auth.authenticate(requestWithAuthorization("Basic Ym9iOnMzY3JldA==")));
        QVERIFY(auth.authenticate(requestWithAuthorization(basic("carol", "pa,ss"))));
        QVERIFY(!auth.authenticate(requestWithAuthorization(basic("bob", "wrong"))));
        QVERIFY(!auth.authenticate(requestWithAuthorization(basic("bob", "s3cre"))));
        QVERIFY(!auth.authenticate(requestWithAuthorization(basic("mallory", "s3cret"))));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Basic !!!notbase64")));
        QVERIFY(!auth.authenticate(requestWithAuthorization("Basic " + QByteArray("nocolon").toBase64())));

        QVERIFY(writeFile(path, "ok,a,1\n\"unterminated,b,2\n"));
        QVERIFY(!auth.loadBasicAuthFile(path, &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(":2: ")), qPrintable(error));
    }

    void programmaticCredentials()
    {
        Authenticator auth;
        auth.addToken(QStringLiteral("t"), {"ci", "uid-ci", {"ci"}});
        auth.addBasicUser(QStringLiteral("pw"), {"dan", "uid-d", {}});
        QCOMPARE(auth.authenticate(requestWithAuthorization("Bearer t"))->name, QStringLiteral("ci"));
        QCOMPARE(auth.authenticate(requestWithAuthorization(basic("dan", "pw")))->name, QStringLiteral("dan"));
    }

    void certificateInRequest()
    {
        Authenticator auth(&m_ca);
        const auto issued = m_ca.issueClientCertificate(QStringLiteral("alice"), {QStringLiteral("b-team"), QStringLiteral("a-team")});
        QVERIFY(issued);
        HttpRequest request;
        request.peerCertificate = QSslCertificate(issued->certificatePem, QSsl::Pem);
        const auto user = auth.authenticate(request);
        QVERIFY(user);
        QCOMPARE(user->name, QStringLiteral("alice"));
        // Groups in the order of the certificate's subject.
        QCOMPARE(user->groups, (QStringList{"b-team", "a-team", "system:authenticated"}));
        QVERIFY(user->uid.isEmpty());
        // A valid certificate wins over a wrong token, as in kube-apiserver.
        request.headers.append({QByteArray("Authorization"), QByteArray("Bearer wrong")});
        QVERIFY(auth.authenticate(request));

        // Without a CA, certificates count for nothing.
        Authenticator noCa;
        QVERIFY(!noCa.authenticate(request));
    }

    // Only the admin token marks a user as the admin; the name sandbox-admin from a token file,
    // a password file, a programmatic token or a client certificate does not.
    void onlyTheAdminTokenIsAdmin()
    {
        const QString tokens = m_dir.filePath(QStringLiteral("admin-named-tokens.csv"));
        QVERIFY(writeFile(tokens, "tok-fake,sandbox-admin,sandbox-admin,\"system:masters\"\n"));
        const QString passwords = m_dir.filePath(QStringLiteral("admin-named-passwords.csv"));
        QVERIFY(writeFile(passwords, "pw-fake,sandbox-admin,sandbox-admin,\"system:masters\"\n"));
        Authenticator auth(&m_ca);
        const QString adminToken = auth.generateAdminToken();
        QString error;
        QVERIFY2(auth.loadTokenFile(tokens, &error), qPrintable(error));
        QVERIFY2(auth.loadBasicAuthFile(passwords, &error), qPrintable(error));
        UserInfo forged{"sandbox-admin", "sandbox-admin", {"system:masters"}, true};
        auth.addToken(QStringLiteral("tok-programmatic"), forged);
        auth.addBasicUser(QStringLiteral("pw-programmatic"), forged);

        const auto admin = auth.authenticate(requestWithAuthorization("Bearer " + adminToken.toUtf8()));
        QVERIFY(admin);
        QVERIFY(admin->adminToken);

        QList<HttpRequest> impostors{requestWithAuthorization("Bearer tok-fake"),
                                     requestWithAuthorization(basic("sandbox-admin", "pw-fake")),
                                     requestWithAuthorization("Bearer tok-programmatic")};
        const auto issued = m_ca.issueClientCertificate(QStringLiteral("sandbox-admin"), {QStringLiteral("system:masters")});
        QVERIFY(issued);
        HttpRequest withCertificate;
        withCertificate.peerCertificate = QSslCertificate(issued->certificatePem, QSsl::Pem);
        impostors.append(withCertificate);
        for (const HttpRequest &request : std::as_const(impostors)) {
            const auto user = auth.authenticate(request);
            QVERIFY(user);
            QCOMPARE(user->name, QStringLiteral("sandbox-admin"));
            QVERIFY(!user->adminToken);
        }
        const auto programmaticBasic = auth.authenticate(requestWithAuthorization(basic("sandbox-admin", "pw-programmatic")));
        QVERIFY(programmaticBasic);
        QVERIFY(!programmaticBasic->adminToken);
    }

    // The whole path: HttpServer with the CA's TLS configuration, real TLS clients.
    void overTls()
    {
        QString error;
        const QSslConfiguration tls = makeServerTlsConfiguration(m_ca, {}, &error);
        QVERIFY2(!tls.isNull(), qPrintable(error));
        QCOMPARE(tls.allowedNextProtocols(), QList<QByteArray>{"http/1.1"});
        QCOMPARE(tls.peerVerifyMode(), QSslSocket::QueryPeer);

        Authenticator auth(&m_ca);
        const QString adminToken = auth.generateAdminToken();
        HttpServer server;
        server.setTlsConfiguration(tls);
        server.setHandler([&auth](HttpExchange *exchange) {
            const auto user = auth.authenticate(exchange->request());
            if (!user) {
                exchange->respond(401, "application/json", UnauthorizedStatus);
                return;
            }
            exchange->respond(200, "text/plain", (user->name + '|' + user->groups.join(',')).toUtf8());
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const quint16 port = server.serverPort();

        const auto alice = m_ca.issueClientCertificate(QStringLiteral("alice"), {QStringLiteral("devs")});
        QTemporaryDir otherDir;
        CertificateAuthority otherCa;
        QVERIFY(otherCa.loadOrCreate(otherDir.path()));
        const auto mallory = otherCa.issueClientCertificate(QStringLiteral("mallory"), {QStringLiteral("system:masters")});
        QVERIFY(alice && mallory);

        auto fetch = [&](const QString &host, const std::optional<IssuedCertificate> &clientCert,
                         const QByteArray &authorization) -> std::pair<int, QByteArray> {
            QNetworkRequest request(QUrl(QStringLiteral("https://%1:%2/api").arg(host).arg(port)));
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setCaCertificates({m_ca.certificate()});   // our CA is the only trust root
            if (clientCert) {
                config.setLocalCertificate(QSslCertificate(clientCert->certificatePem, QSsl::Pem));
                config.setPrivateKey(privateKeyFromPem(clientCert->privateKeyPem));
            }
            request.setSslConfiguration(config);
            if (!authorization.isEmpty())
                request.setRawHeader("Authorization", authorization);
            // A manager per call: QNAM reuses a TLS connection whatever client certificate the
            // next request carries.
            QNetworkAccessManager manager;
            std::unique_ptr<QNetworkReply> reply(manager.get(request));
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            if (!finished.wait(10000))
                return {-1, "timeout"};
            if (reply->error() != QNetworkReply::NoError
                && reply->error() != QNetworkReply::AuthenticationRequiredError)
                return {-2, reply->errorString().toUtf8()};
            return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
        };

        // The server certificate verifies for every name it was issued for.
        for (const QString &host : {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}) {
            const auto [status, body] = fetch(host, alice, {});
            QCOMPARE(status, 200);
            QCOMPARE(body, QByteArray("alice|devs,system:authenticated"));
        }
        {
            const auto [status, body] = fetch(QStringLiteral("127.0.0.1"), mallory, {});
            QCOMPARE(status, 401);
            QCOMPARE(body, UnauthorizedStatus);
        }
        {
            const auto [status, body] = fetch(QStringLiteral("127.0.0.1"), std::nullopt, {});
            QCOMPARE(status, 401);
        }
        {
            const auto [status, body] = fetch(QStringLiteral("127.0.0.1"), std::nullopt, "Bearer " + adminToken.toUtf8());
            QCOMPARE(status, 200);
            QCOMPARE(body, QByteArray("sandbox-admin|system:masters,system:authenticated"));
        }
        {
            const auto [status, body] = fetch(QStringLiteral("127.0.0.1"), mallory, "Bearer " + adminToken.toUtf8());
            QCOMPARE(status, 200);   // the token still counts when a foreign certificate is rejected
        }

        // A client that trusts another CA refuses our server.
        QSslSocket distrustful;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({otherCa.certificate()});
        distrustful.setSslConfiguration(config);
        QSignalSpy sslErrors(&distrustful, &QSslSocket::sslErrors);
        distrustful.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        QTRY_VERIFY_WITH_TIMEOUT(!sslErrors.isEmpty(), 10000);
        QVERIFY(!distrustful.isEncrypted());
        distrustful.abort();
        QTRY_COMPARE_WITH_TIMEOUT(server.openConnectionCount(), 0, 10000);
    }

    // curl and Python's urllib3 (under python3-kubernetes) accept the server certificate with
    // the CA as their only trust root, present client certificates and speak HTTP/1.1 to us.
    void realClients()
    {
        QString error;
        Authenticator auth(&m_ca);
        HttpServer server;
        server.setTlsConfiguration(makeServerTlsConfiguration(m_ca, {}, &error));
        server.setHandler([&auth](HttpExchange *exchange) {
            const auto user = auth.authenticate(exchange->request());
            if (!user) {
                exchange->respond(401, "application/json", UnauthorizedStatus);
                return;
            }
            exchange->beginStream(200, "text/plain");
            exchange->writeChunk(user->name.toUtf8() + '\n');
            exchange->writeChunk(user->groups.join(',').toUtf8() + '\n');
            exchange->endStream();
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const QString url = QStringLiteral("https://127.0.0.1:%1/who").arg(server.serverPort());

        const auto bob = m_ca.issueClientCertificate(QStringLiteral("bob"), {QStringLiteral("ops")});
        QVERIFY(bob);
        QTemporaryDir dir;
        const QString certPath = dir.filePath(QStringLiteral("bob.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("bob.key"));
        QVERIFY(writeFile(certPath, bob->certificatePem));
        QVERIFY(writeFile(keyPath, bob->privateKeyPem));

        // Runs without blocking the event loop the server needs.
        auto run = [](const QString &program, const QStringList &arguments) -> std::pair<int, QByteArray> {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            QSignalSpy finished(&process, &QProcess::finished);
            process.start(program, arguments);
            if (!process.waitForStarted(5000))
                return {-1, "cannot start " + program.toUtf8()};
            if (!finished.wait(30000))
                return {-1, "timeout"};
            return {process.exitCode(), process.readAll()};
        };

        if (QFile::exists(QStringLiteral("/usr/bin/curl"))) {
            const auto [code, output] = run(QStringLiteral("/usr/bin/curl"),
                                            {"-sS", "--http1.1", "--cacert", m_ca.certificatePath(), "--cert", certPath,
                                             "--key", keyPath, url});
            QCOMPARE(code, 0);
            QCOMPARE(output, QByteArray("bob\nops,system:authenticated\n"));
            const auto [anonymousCode, anonymous] = run(QStringLiteral("/usr/bin/curl"),
                                                        {"-sS", "--cacert", m_ca.certificatePath(), url});
            QCOMPARE(anonymousCode, 0);
            QCOMPARE(anonymous, UnauthorizedStatus);
        }

        const QString script = QStringLiteral(
            "import sys, urllib3\n"
            "http = urllib3.PoolManager(ca_certs=sys.argv[2], cert_file=sys.argv[3], key_file=sys.argv[4])\n"
            "r = http.request('GET', sys.argv[1], preload_content=False)\n"
            "body = b''.join(r.stream(1))\n"
            "print(r.status, r.version, body.decode().replace(chr(10), ' '))\n");
        if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
            QSKIP("no /usr/bin/python3");
        const auto [code, output] = run(QStringLiteral("/usr/bin/python3"),
                                        {"-c", script, url, m_ca.certificatePath(), certPath, keyPath});
        if (output.contains("No module named 'urllib3'"))
            QSKIP("python3-urllib3 is not installed");
        QCOMPARE(code, 0);
        QCOMPARE(output.trimmed(), QByteArray("200 11 bob ops,system:authenticated"));
    }
};

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "tst_authenticator.moc"
