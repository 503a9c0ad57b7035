#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace cvc::testsupport {
class HttpReply;
class SandboxProcess;
}

namespace cvc::fidelity {

// Shared pieces of the fidelity tests (kube-api.md §7): the CVC resource's paths, object bodies, and
// checks on Status bodies, so every test states only what it is about.
class CvcFixtures
{
public:
    static QString collection(const QString &ns = QStringLiteral("default"));
    static QString object(const QString &name, const QString &ns = QStringLiteral("default"));
    static QString crdPath();                    // crds/cryptovaluecalculators.yaml in the source tree
    static QString originalCrdPath();            // tests/data/cryptovaluecalculators-original.yaml
    static QString examplePath(const QString &file);

    // {"apiVersion":"crypto.tools/v1","kind":"CryptoValueCalculator","metadata":{"name":…},"spec":{…}}
    static QJsonObject cvc(const QString &name, const QString &coin = QStringLiteral("bitcoin"), double amount = 0.5);
    static QByteArray json(const QJsonObject &object);

    // Starts the sandbox with the project's CRD preloaded (and `extraArgs`); a message on failure.
    static bool startWithCrd(testsupport::SandboxProcess &sandbox, QString *error, const QStringList &extraArgs = {});
    // POSTs cvc(name, coin, amount) into `ns`; returns the stored object, empty on failure.
    static QJsonObject create(testsupport::SandboxProcess &sandbox, const QString &name,
                              const QString &coin = QStringLiteral("bitcoin"), double amount = 0.5,
                              const QString &ns = QStringLiteral("default"));

    // Writes `content` to `path` (mode 0600 first when `ownerOnly`, for tokens and passwords).
    static bool writeFile(const QString &path, const QByteArray &content, bool ownerOnly = false);
    // POST /api/v1/namespaces; true when created.
    static bool createNamespace(testsupport::SandboxProcess &sandbox, const QString &name);
    // The names of the objects in watch events, e.g. {"ADDED a", "MODIFIED a"}.
    static QStringList eventSummary(const QList<QJsonObject> &events);

    // Empty when `reply` is a Status body with this HTTP code and reason (and the same `code` field);
    // otherwise a sentence saying what differs, for QVERIFY2.
    static QString statusMismatch(const testsupport::HttpReply &reply, int code, const QString &reason);

    static QString resourceVersion(const QJsonObject &object);
    static qint64 resourceVersionNumber(const QJsonObject &object);
};

} // namespace cvc::fidelity

// QVERIFY that `reply` is a Status body with this code and reason, printing what differs.
#define CVC_VERIFY_STATUS(reply, code, reason)                                                              \
    do {                                                                                                    \
        const QString cvcMismatch_ = cvc::fidelity::CvcFixtures::statusMismatch((reply), (code), (reason)); \
        QVERIFY2(cvcMismatch_.isEmpty(), qPrintable(cvcMismatch_));                                         \
    } while (false)

// QVERIFY that `reply` has this HTTP status, printing the reply otherwise.
#define CVC_VERIFY_HTTP(reply, code) QVERIFY2((reply).status == (code), qPrintable((reply).describe()))
