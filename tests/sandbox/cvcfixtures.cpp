#include "cvcfixtures.h"

#include "httpreply.h"
#include "sandboxprocess.h"

#include <QFile>
#include <QJsonDocument>

namespace cvc::fidelity {

using testsupport::HttpReply;
using testsupport::SandboxProcess;

QString CvcFixtures::collection(const QString &ns)
{
    return QStringLiteral("/apis/crypto.tools/v1/namespaces/%1/cryptovaluecalculators").arg(ns);
}

QString CvcFixtures::object(const QString &name, const QString &ns)
{
    return collection(ns) + QLatin1Char('/') + name;
}

QString CvcFixtures::crdPath()
{
    return SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml"));
}

QString CvcFixtures::originalCrdPath()
{
    return SandboxProcess::sourcePath(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"));
}

QString CvcFixtures::examplePath(const QString &file)
{
    return SandboxProcess::sourcePath(QStringLiteral("examples/") + file);
}

QJsonObject CvcFixtures::cvc(const QString &name, const QString &coin, double amount)
{
    return {{QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1")},
            {QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), coin}, {QStringLiteral("amount"), amount}}}};
}

QByteArray CvcFixtures::json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool CvcFixtures::startWithCrd(SandboxProcess &sandbox, QString *error, const QStringList &extraArgs)
{
    const bool started = sandbox.start(QStringList{QStringLiteral("--preload"), crdPath()} + extraArgs);
    if (!started && error)
        *error = sandbox.errorString();
    return started;
}

QJsonObject CvcFixtures::create(SandboxProcess &sandbox, const QString &name, const QString &coin, double amount,
                                const QString &ns)
{
    const HttpReply reply = sandbox.request("POST", collection(ns), json(cvc(name, coin, amount)), "application/json");
    if (reply.status != 201) {
        qWarning("creating %s/%s: %s", qPrintable(ns), qPrintable(name), qPrintable(reply.describe()));
        return {};
    }
    return reply.json();
}

bool CvcFixtures::writeFile(const QString &path, const QByteArray &content, bool ownerOnly)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qWarning("cannot write %s: %s", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    if (ownerOnly)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(content) == content.size() && file.flush();
}

bool CvcFixtures::createNamespace(SandboxProcess &sandbox, const QString &name)
{
    const QJsonObject body{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("Namespace")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}}};
    const HttpReply reply = sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"), body);
    if (reply.status != 201)
        qWarning("creating namespace %s: %s", qPrintable(name), qPrintable(reply.describe()));
    return reply.status == 201;
}

QStringList CvcFixtures::eventSummary(const QList<QJsonObject> &events)
{
    QStringList summary;
    for (const QJsonObject &event : events) {
        const QJsonObject object = event.value(QLatin1String("object")).toObject();
        summary << event.value(QLatin1String("type")).toString() + QLatin1Char(' ')
                + object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    }
    return summary;
}

QString CvcFixtures::statusMismatch(const HttpReply &reply, int code, const QString &reason)
{
    const QJsonObject status = reply.json();
    QStringList problems;
    if (reply.status != code)
        problems << QStringLiteral("HTTP %1, expected %2").arg(reply.status).arg(code);
    if (status.value(QLatin1String("kind")).toString() != QLatin1String("Status"))
        problems << QStringLiteral("body is not a Status");
    if (status.value(QLatin1String("apiVersion")).toString() != QLatin1String("v1"))
        problems << QStringLiteral("Status apiVersion is not v1");
    if (status.value(QLatin1String("status")).toString() != QLatin1String("Failure"))
        problems << QStringLiteral("status is not Failure");
    if (status.value(QLatin1String("reason")).toString() != reason)
        problems << QStringLiteral("reason \"%1\", expected \"%2\"").arg(status.value(QLatin1String("reason")).toString(), reason);
    if (status.value(QLatin1String("code")).toInt() != code)
        problems << QStringLiteral("code field %1, expected %2").arg(status.value(QLatin1String("code")).toInt()).arg(code);
    if (problems.isEmpty())
        return {};
    return problems.join(QStringLiteral("; ")) + QStringLiteral(" — reply: ") + reply.describe();
}

QString CvcFixtures::resourceVersion(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

qint64 CvcFixtures::resourceVersionNumber(const QJsonObject &object)
{
    return resourceVersion(object).toLongLong();
}

} // namespace cvc::fidelity
