#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

namespace cvc::test {

// Generates throw-away keys and a self-signed certificate with the openssl CLI, so no key
// material lives in the repository.
struct TestCerts
{
    QByteArray certPem;
    QByteArray rsaPkcs1;
    QByteArray rsaPkcs8;
    QByteArray ecSec1;
    QByteArray ecPkcs8;
    QString error;

    static QByteArray openssl(const QStringList &args, const QString &dir, QString *error)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0) {
            *error = QStringLiteral("openssl %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAllStandardError()));
            return {};
        }
        return p.readAllStandardOutput();
    }

    static TestCerts generate(const QString &dir)
    {
        TestCerts c;
        auto read = [&](const QString &name) {
            QFile f(QDir(dir).filePath(name));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        };
        openssl({"genrsa", "-traditional", "-out", "rsa1.pem", "2048"}, dir, &c.error);
        openssl({"pkcs8", "-topk8", "-nocrypt", "-in", "rsa1.pem", "-out", "rsa8.pem"}, dir, &c.error);
        openssl({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec1.pem"}, dir, &c.error);
        openssl({"pkcs8", "-topk8", "-nocrypt", "-in", "ec1.pem", "-out", "ec8.pem"}, dir, &c.error);
        openssl({"req", "-x509", "-new", "-key", "rsa1.pem", "-subj", "/CN=tester", "-days", "2", "-out", "cert.pem"}, dir, &c.error);
        c.rsaPkcs1 = read("rsa1.pem");
        c.rsaPkcs8 = read("rsa8.pem");
        c.ecSec1 = read("ec1.pem");
        c.ecPkcs8 = read("ec8.pem");
        c.certPem = read("cert.pem");
        return c;
    }
};

} // namespace cvc::test

namespace cvc::test {

// A CA with a server certificate for 127.0.0.1 and a client certificate (CN=alice, O=devs).
struct TestPki
{
    QString dir;
    QByteArray caPem, serverCert, serverKey, clientCert, clientKey, otherCaPem;
    QString error;

    static TestPki generate(const QString &dir)
    {
        TestPki p;
        p.dir = dir;
        QString &e = p.error;
        auto run = [&](const QStringList &args) { if (e.isEmpty()) TestCerts::openssl(args, dir, &e); };
        run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=test-ca", "-days", "2"});
        run({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt", "-subj", "/CN=other-ca", "-days", "2"});
        run({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"});
        QFile ext(QDir(dir).filePath("server.ext"));
        ext.open(QIODevice::WriteOnly);
        ext.write("subjectAltName=IP:127.0.0.1,DNS:sandbox.test\n");
        ext.close();
        run({"x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext"});
        run({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client.key"});
        run({"req", "-new", "-key", "client.key", "-out", "client.csr", "-subj", "/CN=alice/O=devs"});
        run({"x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", "2"});
        auto read = [&](const char *name) {
            QFile f(QDir(dir).filePath(QLatin1String(name)));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        };
        p.caPem = read("ca.crt");
        p.otherCaPem = read("other.crt");
        p.serverCert = read("server.crt");
        p.serverKey = read("server.key");
        p.clientCert = read("client.crt");
        p.clientKey = read("client.key");
        return p;
    }
};

} // namespace cvc::test
