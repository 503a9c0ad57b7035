#pragma once

#include <QByteArray>
#include <QDir>
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
