// TempKubeconfig writes kubeconfigs kubectl accepts for every credential kind (checked with
// `kubectl config view`, which needs no server), with mode 0600.
#include "kubectlrunner.h"
#include "tempkubeconfig.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QVersionNumber>

using namespace cvc::testsupport;

class TestTempKubeconfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kinds_data();
    void kinds();
    void isolatedHome();
};

void TestTempKubeconfig::kinds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("userKey");
    for (const auto &[kind, key] : {std::pair{"token", "token"}, {"tokenFile", "tokenFile"}, {"basic", "username"},
                                    {"cert", "client-certificate-data"}, {"exec", "exec"}})
        QTest::newRow(kind) << QString::fromLatin1(kind) << QString::fromLatin1(key);
}

void TestTempKubeconfig::kinds()
{
    QFETCH(QString, kind);
    QFETCH(QString, userKey);
    // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    QTemporaryDir dir;
    TempKubeconfig config;
    config.setServer(QUrl("https://127.0.0.1:1"));
    config.setCertificateAuthorityPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    config.setNamespace("team-a");
    if (kind == "token")
        config.setToken("t0ken");
    else if (kind == "tokenFile")
        config.setTokenFile(dir.filePath("token"));
    else if (kind == "basic")
        config.setBasicAuth("bob", "pw");
    else if (kind == "cert")
        config.setClientCertificate("cert-pem", "key-pem");
    else {
        TempKubeconfig::Exec exec;
        exec.command = "/bin/true";
        exec.provideClusterInfo = true;
        exec.clusterConfig = QJsonObject{{"audience", "x"}};
        config.setExec(exec);
    }
    const QString path = dir.filePath("config");
    QVERIFY(config.writeTo(path));
    const QFileDevice::Permissions groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QVERIFY(!(QFileInfo(path).permissions() & groupOrOther));
    QVERIFY(QFileInfo(path).permissions() & QFileDevice::ReadOwner);

    KubectlRunner kubectl(path);
    const KubectlResult view = kubectl.run({"config", "view", "--raw", "-o", "json"});
    QVERIFY2(view.succeeded(), qPrintable(view.describe()));
    const QJsonObject parsed = QJsonDocument::fromJson(view.standardOutput.toUtf8()).object();
    QCOMPARE(parsed.value("current-context").toString(), QStringLiteral("test"));
    const QJsonObject user = parsed.value("users").toArray().at(0).toObject().value("user").toObject();
    QVERIFY2(user.contains(userKey), qPrintable(view.standardOutput));
    QCOMPARE(parsed.value("contexts").toArray().at(0).toObject().value("context").toObject().value("namespace").toString(), QStringLiteral("team-a"));
    if (kind == "exec") {
        QVERIFY2(view.standardOutput.contains("client.authentication.k8s.io/exec"), qPrintable(view.standardOutput));
        // interactiveMode came with exec v1 in kubectl 1.22; older ones drop the field they do not know.
        if (KubectlRunner::clientVersion() >= QVersionNumber(1, 22))
            QCOMPARE(user.value("exec").toObject().value("interactiveMode").toString(), QStringLiteral("Never"));
    }
}

// The runner's kubectl sees its own HOME, not the machine's.
void TestTempKubeconfig::isolatedHome()
{
    // Never skipped: scripts/install-deps.sh always provides kubectl (Debian's 1.20 at least).
    QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
    KubectlRunner first(QString{});
    KubectlRunner second(QString{});
    QVERIFY(first.homePath() != second.homePath());
    first.setEnvironmentValue("KUBECONFIG", "/nonexistent");
    const KubectlResult result = first.run({"config", "current-context"});
    QVERIFY2(!result.succeeded(), qPrintable(result.describe()));
}

QTEST_GUILESS_MAIN(TestTempKubeconfig)
#include "tst_tempkubeconfig.moc"
