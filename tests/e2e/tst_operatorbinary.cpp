// cvc-operator is headless: it must not link QtGui or QtWidgets (it runs in a slim container).
#include "operatorprocess.h"
#include "sandboxprocess.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QProcess>
#include <QtTest>

class TestOperatorBinary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linksNoGui()
    {
        const QString binary = cvc::e2e::TestProcess::binPath(QStringLiteral("cvc-operator"));
        QVERIFY2(QFile::exists(binary), qPrintable(binary));
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {binary});
        QVERIFY(ldd.waitForFinished(10000));
        const QString libs = QString::fromUtf8(ldd.readAllStandardOutput());
        QVERIFY2(libs.contains(QStringLiteral("libQt6Core")), qPrintable(libs));
        QVERIFY2(!libs.contains(QStringLiteral("libQt6Gui")), qPrintable(libs));
        QVERIFY2(!libs.contains(QStringLiteral("libQt6Widgets")), qPrintable(libs));
    }

    void helpAndBadFlags()
    {
        const QString binary = cvc::e2e::TestProcess::binPath(QStringLiteral("cvc-operator"));
        QProcess p;
        p.start(binary, {QStringLiteral("--help")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        const QString help = QString::fromUtf8(p.readAllStandardOutput());
        for (const char *flag : {"--kubeconfig", "--context", "--namespace", "--all-namespaces", "--interval", "--coingecko-url",
                                 "--coingecko-plan", "--api-key-file", "--lease-namespace", "--no-leader-election",
                                 "--health-addr", "--qps", "--max-qps", "--burst", "--log-format", "--check"})
            QVERIFY2(help.contains(QLatin1String(flag)), flag);
        p.start(binary, {QStringLiteral("--interval"), QStringLiteral("soon")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("--interval")));
    }

    void checkFlag()
    {
        cvc::testsupport::SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), cvc::testsupport::SandboxProcess::sourcePath(QStringLiteral("crds"))}),
                 qPrintable(sandbox.errorString()));
        QProcess p;
        p.start(cvc::e2e::TestProcess::binPath(QStringLiteral("cvc-operator")),
                {QStringLiteral("--check"), QStringLiteral("--kubeconfig"), sandbox.kubeconfigPath()});
        QVERIFY(p.waitForFinished(30000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitCode() == 0, qPrintable(out + QString::fromUtf8(p.readAllStandardError())));
        QVERIFY2(out.contains(sandbox.url().toString()), qPrintable(out));
        QVERIFY2(!out.contains(QString::fromLatin1(sandbox.adminToken())), "--check printed the token");
    }

    void jsonLogAndClearErrors()
    {
        QProcess p;
        p.start(cvc::e2e::TestProcess::binPath(QStringLiteral("cvc-operator")),
                {QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent/kubeconfig"), QStringLiteral("--log-format"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 1);
        const QList<QByteArray> lines = p.readAllStandardError().trimmed().split('\n');
        QVERIFY(!lines.isEmpty());
        const QJsonObject line = QJsonDocument::fromJson(lines.last()).object();
        QCOMPARE(line.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
        QVERIFY2(line.value(QStringLiteral("msg")).toString().contains(QStringLiteral("/nonexistent/kubeconfig")), lines.last().constData());
        QVERIFY(!line.value(QStringLiteral("time")).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOperatorBinary)
#include "tst_operatorbinary.moc"
