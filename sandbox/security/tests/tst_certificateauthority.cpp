#include "certificateauthority.h"
#include "tlsconfiguration.h"

#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSslCertificateExtension>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc::sandbox;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList subjectAlternativeNames(const QSslCertificate &certificate)
{
    QStringList names;
    const auto sans = certificate.subjectAlternativeNames();
    for (auto it = sans.cbegin(); it != sans.cend(); ++it)
        names.append((it.key() == QSsl::IpAddressEntry ? QStringLiteral("IP:") : QStringLiteral("DNS:")) + it.value());
    names.sort();
    return names;
}

} // namespace

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsCaOnFirstStartAndKeepsIt()
    {
        QTemporaryDir dir;
        const QString caDir = dir.filePath(QStringLiteral("data/pki"));
        CertificateAuthority ca;
        QVERIFY2(ca.loadOrCreate(caDir), qPrintable(ca.errorString()));
        QVERIFY(ca.isValid());
        QCOMPARE(ca.certificatePath(), caDir + QStringLiteral("/ca.crt"));
        QVERIFY(QFile::exists(caDir + QStringLiteral("/ca.crt")));
        QCOMPARE(QFile::permissions(caDir + QStringLiteral("/ca.key")),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);

        const QSslCertificate cert = ca.certificate();
        QVERIFY(!cert.isNull());
        QVERIFY(cert.isSelfSigned());
        QCOMPARE(cert.subjectInfo(QSslCertificate::CommonName), QStringList{"kube-sandbox-ca"});
        const qint64 days = cert.effectiveDate().daysTo(cert.expiryDate());
        QVERIFY2(days >= 3650 && days <= 3655, qPrintable(QString::number(days)));
        QVERIFY(cert.effectiveDate() <= QDateTime::currentDateTimeUtc());
        QCOMPARE(readFile(ca.certificatePath()), ca.certificatePem());
        bool isCa = false;
        for (const QSslCertificateExtension &ext : cert.extensions()) {
            if (ext.name() == QLatin1String("basicConstraints"))
                isCa = ext.value().toMap().value(QStringLiteral("ca")).toBool();
        }
        QVERIFY(isCa);

        // The next start loads the same CA.
        CertificateAuthority again;
        QVERIFY2(again.loadOrCreate(caDir), qPrintable(again.errorString()));
        QCOMPARE(again.certificate(), cert);
        // And it can still sign.
        QVERIFY(again.issueClientCertificate(QStringLiteral("x")));
    }

    void tightensLooseKeyPermissions()
    {
        QTemporaryDir dir;
        CertificateAuthority ca;
        QVERIFY(ca.loadOrCreate(dir.path()));
        const QString key = dir.filePath(QStringLiteral("ca.key"));
        QVERIFY(QFile::setPermissions(key, QFile::permissions(key) | QFileDevice::ReadOther | QFileDevice::ReadGroup));
        CertificateAuthority again;
        QVERIFY(again.loadOrCreate(dir.path()));
        QVERIFY(!(QFile::permissions(key) & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));
    }

    void refusesHalfACa()
    {
        QTemporaryDir dir;
        CertificateAuthority ca;
        QVERIFY(ca.loadOrCreate(dir.path()));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("ca.key"))));
        CertificateAuthority broken;
        QVERIFY(!broken.loadOrCreate(dir.path()));
        QVERIFY(!broken.isValid());
        QVERIFY2(broken.errorString().contains(dir.filePath(QStringLiteral("ca.key"))), qPrintable(broken.errorString()));
        // Nothing was silently replaced.
        QCOMPARE(readFile(dir.filePath(QStringLiteral("ca.crt"))), ca.certificatePem());
    }

    void refusesCorruptOrMismatchedFiles()
    {
        QTemporaryDir one;
        QTemporaryDir two;
        CertificateAuthority a;
        CertificateAuthority b;
        QVERIFY(a.loadOrCreate(one.path()));
        QVERIFY(b.loadOrCreate(two.path()));
        // a's key with b's certificate.
        QVERIFY(QFile::remove(two.filePath(QStringLiteral("ca.key"))));
        QVERIFY(QFile::copy(one.filePath(QStringLiteral("ca.key")), two.filePath(QStringLiteral("ca.key"))));
        CertificateAuthority mixed;
        QVERIFY(!mixed.loadOrCreate(two.path()));
        QVERIFY2(mixed.errorString().contains(QLatin1String("does not belong to")), qPrintable(mixed.errorString()));

        QFile garbage(one.filePath(QStringLiteral("ca.crt")));
        QVERIFY(garbage.open(QIODevice::WriteOnly | QIODevice::Truncate));
        garbage.write("not a certificate\n");
        garbage.close();
        CertificateAuthority corrupt;
        QVERIFY(!corrupt.loadOrCreate(one.path()));
        QVERIFY2(corrupt.errorString().startsWith(one.filePath(QStringLiteral("ca.crt"))), qPrintable(corrupt.errorString()));
    }

    void issuesServerCertificate()
    {
        QTemporaryDir dir;
        CertificateAuthority ca;
        QVERIFY(ca.loadOrCreate(dir.path()));
        QString error;
        const auto issued = ca.issueServerCertificate({QStringLiteral("sandbox.example"), QStringLiteral("10.1.2.3"),
                                                       QStringLiteral("localhost")}, &error);
        QVERIFY2(issued, qPrintable(error));
        const QSslCertificate cert(issued->certificatePem, QSsl::Pem);
        QVERIFY(!cert.isNull());
        QCOMPARE(cert.issuerDisplayName(), QStringLiteral("kube-sandbox-ca"));
        QCOMPARE(subjectAlternativeNames(cert),
                 (QStringList{"DNS:localhost", "DNS:sandbox.example", "IP:10.1.2.3", "IP:127.0.0.1", "IP:::1"}));
        QVERIFY(issued->privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
        const QSslKey key = privateKeyFromPem(issued->privateKeyPem);
        QVERIFY(!key.isNull());
        QCOMPARE(key.algorithm(), QSsl::Ec);
        // A server certificate is no client certificate.
        QVERIFY(!ca.verifyClientCertificate(cert));
    }

    void issuesAndVerifiesClientCertificate()
    {
        QTemporaryDir dir;
        CertificateAuthority ca;
        QVERIFY(ca.loadOrCreate(dir.path()));
        const auto issued = ca.issueClientCertificate(QStringLiteral("alice"), {QStringLiteral("devs"), QStringLiteral("system:masters")});
        QVERIFY(issued);
        const QSslCertificate cert(issued->certificatePem, QSsl::Pem);
        QCOMPARE(cert.subjectInfo(QSslCertificate::CommonName), QStringList{"alice"});
        QStringList organizations = cert.subjectInfo(QSslCertificate::Organization);
        organizations.sort();
        QCOMPARE(organizations, (QStringList{"devs", "system:masters"}));
        QString error;
        QVERIFY2(ca.verifyClientCertificate(cert, &error), qPrintable(error));

        QTemporaryDir otherDir;
        CertificateAuthority other;
        QVERIFY(other.loadOrCreate(otherDir.path()));
        const auto foreign = other.issueClientCertificate(QStringLiteral("mallory"));
        QVERIFY(foreign);
        QVERIFY(!ca.verifyClientCertificate(QSslCertificate(foreign->certificatePem, QSsl::Pem), &error));
        QVERIFY2(error.contains(QLatin1String("issuer")), qPrintable(error));
        // The other CA's own certificate is not a client certificate of ours either.
        QVERIFY(!ca.verifyClientCertificate(other.certificate()));
        QVERIFY(!ca.verifyClientCertificate(QSslCertificate()));
        QVERIFY(!ca.issueClientCertificate(QString()));
    }

    void privateKeyFromPemReadsRsaAndEc()
    {
        QTemporaryDir dir;
        CertificateAuthority ca;
        QVERIFY(ca.loadOrCreate(dir.path()));
        QCOMPARE(privateKeyFromPem(readFile(dir.filePath(QStringLiteral("ca.key")))).algorithm(), QSsl::Ec);
        QVERIFY(privateKeyFromPem("garbage").isNull());
        // kubeconfig keys may be RSA, PKCS#1 or PKCS#8.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), {"genrsa", "2048"});
        QVERIFY(openssl.waitForFinished(30000));
        const QByteArray rsa = openssl.readAllStandardOutput();
        QVERIFY(rsa.contains("PRIVATE KEY"));
        QCOMPARE(privateKeyFromPem(rsa).algorithm(), QSsl::Rsa);
    }

    void ephemeralCaWritesNothing()
    {
        CertificateAuthority ca;
        QVERIFY2(ca.createEphemeral(), qPrintable(ca.errorString()));
        QVERIFY(ca.isValid());
        QVERIFY(ca.certificatePath().isEmpty());
        const auto issued = ca.issueClientCertificate(QStringLiteral("eve"));
        QVERIFY(issued);
        QVERIFY(ca.verifyClientCertificate(QSslCertificate(issued->certificatePem, QSsl::Pem)));
        QString error;
        QVERIFY2(!makeServerTlsConfiguration(ca, {}, &error).isNull(), qPrintable(error));
    }

    void unwritableDirectoryIsReported()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        CertificateAuthority ca;
        QVERIFY(!ca.loadOrCreate(dir.filePath(QStringLiteral("file/pki"))));
        QVERIFY(!ca.isValid());
        QVERIFY2(ca.errorString().contains(dir.filePath(QStringLiteral("file/pki"))), qPrintable(ca.errorString()));
    }

    void unloadedCaRefusesToIssue()
    {
        CertificateAuthority ca;
        QString error;
        QVERIFY(!ca.issueServerCertificate({}, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(makeServerTlsConfiguration(ca, {}, &error).isNull());
    }
};

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
