// libFuzzer target: the files that hold credentials, read the way a kubeconfig or a pod points
// core/kube at them: a token file (tokenFile, the service account token), a client certificate and
// key, a CA bundle and the pod's namespace file. They are loaded (KubeConfig / InClusterConfig),
// then turned into what goes on a request (CredentialProvider).
// Input: a flags byte, then CA, NUL, certificate, NUL, key (the namespace in pod mode), NUL, and
// the token file's bytes (the rest, NULs included). Flags: bits 0-1 the mode (kubeconfig token
// file; kubeconfig client certificate; pod; kubeconfig token file and certificate), bits 2-4 take
// the certificate, key or CA from a pair generated at start instead of the input (so the input
// can reach the success paths without a private key in the corpus), bit 5 leaves out the CA.
// Beyond "no crash":
//   - every failure has a message, and no message, warning or description quotes the token or a
//     line of the key;
//   - a token goes out exactly as the file holds it, surrounding white space trimmed, and only if
//     it can be an HTTP header value and is not empty (client-go refuses both);
//   - a loaded certificate and key are what requests carry; the pod's namespace is the file's.
#include "credentialprovider.h"
#include "fuzzsecrets.h"
#include "inclusterconfig.h"
#include "kubeconfig.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_credentialfiles: %s\n", what);
    std::abort();
}

QTemporaryDir *directory()
{
    static QTemporaryDir dir;
    return &dir;
}

QString path(const char *name)
{
    return directory()->filePath(QString::fromLatin1(name));
}

void writeFile(const QString &file, const QByteArray &content)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
        fail("cannot write a scratch file");
}

QByteArray readFile(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A throw-away certificate and EC key made with the openssl CLI at start; empty without it.
struct Generated
{
    QByteArray certificate;
    QByteArray key;
};

const Generated &generated()
{
    static const Generated pair = [] {
        QProcess openssl;
        openssl.setWorkingDirectory(directory()->path());
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=cvc-fuzz"), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-keyout"), QStringLiteral("generated.key"), QStringLiteral("-out"),
                       QStringLiteral("generated.crt")});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
            std::fprintf(stderr, "fuzz_credentialfiles: no openssl, the generated pair is not used\n");
            return Generated();
        }
        return Generated{readFile(path("generated.crt")), readFile(path("generated.key"))};
    }();
    return pair;
}

// What must never appear in a message: the token and each line of the key's body.
struct Secrets
{
    QString token;
    QStringList keyLines;

    void checkNotIn(const QString &text, const char *where) const
    {
        if (isDistinctiveToken(token) && text.contains(token)) {
            std::fprintf(stderr, "%s\n", where);
            fail("a message quotes the token");
        }
        for (const QString &line : keyLines) {
            if (text.contains(line)) {
                std::fprintf(stderr, "%s\n", where);
                fail("a message quotes the private key");
            }
        }
    }
};

// Calls credentials() once; the kinds fuzzed here never need an event loop.
std::pair<cvc::Credentials, QString> credentialsOf(const cvc::ClientConfig &config)
{
    cvc::CredentialProvider provider(config);
    std::pair<cvc::Credentials, QString> seen;
    bool called = false;
    provider.credentials(&provider, [&](const cvc::Credentials &credentials, const QString &error) {
        seen = {credentials, error};
        called = true;
    });
    if (!called)
        fail("credentials() did not answer at once");
    return seen;
}

QByteArray kubeconfig(bool token, bool certificate, bool ca)
{
    QByteArray user;
    if (token)
        user += "    tokenFile: token\n";
    if (certificate)
        user += "    client-certificate: client.crt\n    client-key: client.key\n";
    return "apiVersion: v1\nkind: Config\n"
           "clusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\n"
           + QByteArray(ca ? "    certificate-authority: ca.crt\n" : "")
           + "users:\n- name: u\n  user:\n" + user
           + "contexts:\n- name: x\n  context: {cluster: c, user: u}\ncurrent-context: x\n";
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    if (!directory()->isValid())
        fail("no scratch directory");
    generated();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QList<QByteArray> parts;
    qsizetype from = 0;
    for (int i = 0; i < 3; ++i) {
        const qsizetype nul = rest.indexOf('\0', from);
        parts.append(nul < 0 ? rest.mid(from) : rest.mid(from, nul - from));
        from = nul < 0 ? rest.size() : nul + 1;
    }
    const QByteArray tokenBytes = rest.mid(from);
    const Generated &pair = generated();
    const bool havePair = !pair.key.isEmpty();
    const QByteArray ca = flags & 0x10 && havePair ? pair.certificate : parts.at(0);
    const QByteArray certificate = flags & 0x04 && havePair ? pair.certificate : parts.at(1);
    const QByteArray key = flags & 0x08 && havePair ? pair.key : parts.at(2);
    writeFile(path("ca.crt"), ca);
    writeFile(path("client.crt"), certificate);
    writeFile(path("client.key"), key);
    writeFile(path("token"), tokenBytes);

    const int mode = flags & 0x03;
    const bool pod = mode == 2;
    Secrets secrets;
    secrets.token = QString::fromUtf8(tokenBytes).trimmed();
    if (!pod)
        secrets.keyLines = keyBodyLines(QString::fromUtf8(key));

    QString error;
    std::optional<cvc::ClientConfig> config;
    cvc::ConnectionOptions options;
    options.environment = QProcessEnvironment();
    if (pod) {
        options.environment.insert(QStringLiteral("KUBERNETES_SERVICE_HOST"), QStringLiteral("10.0.0.1"));
        options.environment.insert(QStringLiteral("KUBERNETES_SERVICE_PORT"), QStringLiteral("443"));
        options.serviceAccountTokenPath = path("token");
        options.serviceAccountCaPath = path("ca.crt");
        options.serviceAccountNamespacePath = path("client.key");
        config = cvc::InClusterConfig::load(options, &error);
    } else {
        const bool withToken = mode != 1;
        const bool withCertificate = mode != 0;
        const auto file = cvc::KubeConfig::parse(kubeconfig(withToken, withCertificate, !(flags & 0x20)),
                                                 path("config"), &error);
        if (!file)
            fail("the fixed kubeconfig does not parse");
        config = file->resolve(options, &error);
        if (config && withCertificate && (config->clientCertificate.isNull() || config->clientKey.isNull()))
            fail("a client certificate and key were accepted but not loaded");
    }
    if (!config) {
        if (error.isEmpty())
            fail("a failure without a message");
        secrets.checkNotIn(error, "load error");
        return 0;
    }
    secrets.checkNotIn(config->authDescription(), "authDescription");
    for (const QString &warning : std::as_const(config->warnings))
        secrets.checkNotIn(warning, "warning");
    if (pod) {
        const QString expected = QString::fromUtf8(key).trimmed();
        if (config->namespaceName != (expected.isEmpty() ? QStringLiteral("default") : expected))
            fail("the pod's namespace is not what its file says");
    }

    const auto [credentials, credentialError] = credentialsOf(*config);
    if (!credentialError.isEmpty()) {
        secrets.checkNotIn(credentialError, "credentials error");
        if (!credentials.authorization.isEmpty())
            fail("an error that still hands out a token");
        return 0;
    }
    if (!(credentials.certificate == config->clientCertificate) || !(credentials.key == config->clientKey))
        fail("requests carry another certificate or key than the one loaded");
    if (mode == 1)
        return 0;
    if (!isHeaderValue(credentials.authorization))
        fail("the token goes out with control characters (header injection)");
    if (credentials.authorization == "Bearer ")
        fail("an empty token goes out");
    if (credentials.authorization != "Bearer " + secrets.token.toUtf8())
        fail("the token that goes out is not the file's");
    return 0;
}
