// libFuzzer target: what an exec credential plugin prints (ExecCredential JSON), read by
// CredentialProvider. The plugin is /bin/cat printing the input, so the real path runs: process,
// stdout, parsing. Input: a flags byte (bit 0: the kubeconfig asks for v1beta1 instead of v1),
// then the plugin's stdout.
// Beyond "no crash":
//   - exactly one answer, and a failure always says which plugin failed;
//   - a token goes out exactly as the plugin printed it, and only if it can be an HTTP header
//     value (client-go refuses other tokens);
//   - no message quotes the token or a line of the key the plugin printed.
#include "credentialprovider.h"
#include "fuzzsecrets.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_execcredential: %s\n", what);
    std::abort();
}

QTemporaryDir *directory()
{
    static QTemporaryDir dir;
    return &dir;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // QProcess reports through the event loop.
    static QCoreApplication app(*argc, *argv);
    if (!directory()->isValid())
        fail("no scratch directory");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    const QByteArray output(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const QString outputFile = directory()->filePath(QStringLiteral("stdout"));
    {
        QFile f(outputFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(output) != output.size())
            fail("cannot write the plugin's output");
    }

    cvc::ClientConfig config;
    config.server = QUrl(QStringLiteral("https://127.0.0.1:6443"));
    config.userName = QStringLiteral("u");
    config.sourceFile = directory()->filePath(QStringLiteral("config"));
    config.authKind = cvc::ClientConfig::AuthKind::Exec;
    config.exec.command = QStringLiteral("/bin/cat");
    config.exec.args = {outputFile};
    config.exec.apiVersion = flags & 1 ? QStringLiteral("client.authentication.k8s.io/v1beta1")
                                       : QStringLiteral("client.authentication.k8s.io/v1");
    config.exec.timeoutMs = 5000;

    // What the plugin said, read independently, to know which secrets must stay out of messages.
    const QJsonObject printed = QJsonDocument::fromJson(output).object();
    const QJsonObject status = printed.value(QLatin1String("status")).toObject();
    const QString token = status.value(QLatin1String("token")).toString();
    const QStringList keyLines = keyBodyLines(status.value(QLatin1String("clientKeyData")).toString());
    // The plugin's own words may come back quoted (apiVersion, expirationTimestamp): not a leak.
    const QString echoed = printed.value(QLatin1String("apiVersion")).toString()
                           + status.value(QLatin1String("expirationTimestamp")).toString();

    int answers = 0;
    cvc::Credentials credentials;
    QString error;
    {
        cvc::CredentialProvider provider(config);
        QEventLoop loop;
        QTimer guard;
        guard.setSingleShot(true);
        QObject::connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
        provider.credentials(&provider, [&](const cvc::Credentials &c, const QString &e) {
            ++answers;
            credentials = c;
            error = e;
            loop.quit();
        });
        if (answers == 0) {
            guard.start(8000);
            loop.exec();
        }
        // Deliver anything late (a second answer would be a bug) and free the finished process.
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    if (answers != 1)
        fail("not exactly one answer");

    if (!error.isEmpty()) {
        if (!error.contains(QLatin1String("exec plugin \"/bin/cat\"")))
            fail("a failure that does not name the plugin");
        if (isDistinctiveToken(token) && error.contains(token) && !echoed.contains(token))
            fail("a message quotes the token");
        for (const QString &line : std::as_const(keyLines)) {
            if (error.contains(line) && !echoed.contains(line))
                fail("a message quotes the private key");
        }
        if (!credentials.authorization.isEmpty())
            fail("an error that still hands out a token");
        return 0;
    }
    if (!isHeaderValue(credentials.authorization))
        fail("the token goes out with control characters (header injection)");
    if (!token.isEmpty() && credentials.authorization != "Bearer " + token.toUtf8())
        fail("the token that goes out is not the plugin's");
    if (token.isEmpty() && !credentials.authorization.isEmpty())
        fail("a token out of nowhere");
    if (credentials.certificate.isNull() && !status.value(QLatin1String("clientCertificateData")).toString().isEmpty())
        fail("the plugin's certificate was accepted but is not used");
    return 0;
}
