// CredentialProvider re-reads a token file whenever it changes (kubelet rotates projected tokens by
// replacing the file). Each re-read gets the checks the first read at load had: a regular file of
// at most 16 MiB, so a huge file or a directory put in its place fails with a message instead of
// filling memory or going out as a token.
#include "credentialprovider.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace cvc;

class TestCredentialProvider : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    ClientConfig tokenFileConfig(const QString &tokenFile) const
    {
        ClientConfig config;
        config.server = QUrl(QStringLiteral("https://127.0.0.1:6443"));
        config.authKind = ClientConfig::AuthKind::TokenFile;
        config.tokenFile = tokenFile;
        config.userName = QStringLiteral("robot");
        config.sourceFile = m_dir.filePath(QStringLiteral("kubeconfig"));
        return config;
    }

    static bool writeFile(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
    }

    // What credentials() hands out now: the Authorization value, or the error.
    static std::pair<QByteArray, QString> current(CredentialProvider &provider)
    {
        std::pair<QByteArray, QString> seen;
        bool called = false;
        provider.credentials(&provider, [&](const Credentials &credentials, const QString &error) {
            seen = {credentials.authorization, error};
            called = true;
        });
        if (!called)
            seen.second = QStringLiteral("no answer");
        return seen;
    }

private Q_SLOTS:
    void rotatedTokenIsReadAgain()
    {
        const QString path = m_dir.filePath(QStringLiteral("rotating-token"));
        QVERIFY(writeFile(path, "first\n"));
        CredentialProvider provider(tokenFileConfig(path));
        QCOMPARE(current(provider).first, QByteArray("Bearer first"));
        QVERIFY(QFile::remove(path));
        QVERIFY(writeFile(path, "second-longer"));
        QCOMPARE(current(provider).first, QByteArray("Bearer second-longer"));
    }

    void hugeReplacementIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("huge-token"));
        QVERIFY(writeFile(path, "small"));
        CredentialProvider provider(tokenFileConfig(path));
        QCOMPARE(current(provider).first, QByteArray("Bearer small"));
        // Replaced by a 17 MiB file (sparse, so the test itself stays cheap).
        QVERIFY(QFile::remove(path));
        QFile huge(path);
        QVERIFY(huge.open(QIODevice::WriteOnly) && huge.resize(17 * 1024 * 1024));
        huge.close();
        const auto [authorization, error] = current(provider);
        QVERIFY2(authorization.isEmpty(), "a 17 MiB file went out as a token");
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("larger than 16 MiB"))
                     && error.contains(QLatin1String("tokenFile of user \"robot\"")),
                 qPrintable(error));
    }

    void directoryReplacementIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("dir-token"));
        QVERIFY(writeFile(path, "small"));
        CredentialProvider provider(tokenFileConfig(path));
        QCOMPARE(current(provider).first, QByteArray("Bearer small"));
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkdir(path));
        const auto [authorization, error] = current(provider);
        QVERIFY(authorization.isEmpty());
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("is a directory")), qPrintable(error));
    }

    // Found by fuzz_credentialfiles (core/kube/fuzz/corpus/credentialfiles/crash-4382c3…): a token
    // with a control character inside went out as the header value, so a line break in the file
    // would have split the request's head. client-go refuses such a token, and an empty one.
    void tokenWithControlCharactersIsRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::newRow("vertical tab") << QByteArray("eyJzdWIiOi\vJzeXN0ZW0\n") << QStringLiteral("control characters");
        QTest::newRow("line break") << QByteArray("abc\r\nX-Injected: 1\n") << QStringLiteral("control characters");
        QTest::newRow("NUL") << QByteArray("abc\0def", 7) << QStringLiteral("control characters");
        QTest::newRow("empty") << QByteArray(" \n") << QStringLiteral("it is empty");
    }

    void tokenWithControlCharactersIsRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(QStringLiteral("bad-token"));
        QVERIFY(writeFile(path, content));
        CredentialProvider provider(tokenFileConfig(path));
        const auto [authorization, error] = current(provider);
        QVERIFY2(authorization.isEmpty(), authorization.constData());
        QVERIFY2(error.contains(path) && error.contains(reason), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("abc")) && !error.contains(QLatin1String("eyJ")), "the message quotes the token");
        // A tab inside is a legal header character, and white space around the token is trimmed.
        QVERIFY(writeFile(path, "\tab\tcd \r\n"));
        QCOMPARE(current(provider).first, QByteArray("Bearer ab\tcd"));
    }

    void staticTokenWithControlCharactersIsRefused()
    {
        ClientConfig config = tokenFileConfig(QString());
        config.authKind = ClientConfig::AuthKind::Token;
        config.token = QStringLiteral("abc\nX-Injected: 1");
        CredentialProvider provider(config);
        const auto [authorization, error] = current(provider);
        QVERIFY(authorization.isEmpty());
        QVERIFY2(error.contains(QLatin1String("control characters")) && !error.contains(QLatin1String("abc")), qPrintable(error));
    }

    // Found by fuzz_execcredential (core/kube/fuzz/corpus/execcredential/crash-287e119f…): the same
    // for a token an exec plugin prints.
    void execTokenWithControlCharactersIsRefused()
    {
        const QString output = m_dir.filePath(QStringLiteral("exec-output.json"));
        QVERIFY(writeFile(output, R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)"
                                  R"("status":{"token":"k8s-aws-v1.abc\r\nX-Injected: 1"}})"));
        ClientConfig config = tokenFileConfig(QString());
        config.authKind = ClientConfig::AuthKind::Exec;
        config.exec.command = QStringLiteral("/bin/cat");
        config.exec.args = {output};
        config.exec.apiVersion = QStringLiteral("client.authentication.k8s.io/v1");
        CredentialProvider provider(config);
        std::optional<std::pair<QByteArray, QString>> seen;
        provider.credentials(&provider, [&](const Credentials &credentials, const QString &error) {
            seen = std::pair(credentials.authorization, error);
        });
        QTRY_VERIFY_WITH_TIMEOUT(seen.has_value(), 10000);
        QVERIFY2(seen->first.isEmpty(), seen->first.constData());
        QVERIFY2(seen->second.contains(QLatin1String("answered a token with control characters"))
                     && !seen->second.contains(QLatin1String("k8s-aws")),
                 qPrintable(seen->second));
    }
};

QTEST_GUILESS_MAIN(TestCredentialProvider)
#include "tst_credentialprovider.moc"
