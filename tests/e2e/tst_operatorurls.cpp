// cvc-operator's log never carries the password of a URL: its start line names the API server
// and the CoinGecko root without "user:password@", as does every error about them afterwards.
#include "operatorprocess.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QLatin1String Password("pw-SECRET-4711");

} // namespace

class TestOperatorUrls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startLineHidesPasswords()
    {
        // Nobody listens there: the operator keeps retrying and logging.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();

        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("config"));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: c1\nclusters:\n- name: k1\n  cluster:\n"
                                  "    server: http://alice:%1@127.0.0.1:%2\nusers:\n- name: u1\n  user: {}\ncontexts:\n"
                                  "- name: c1\n  context:\n    cluster: k1\n    user: u1\n")
                       .arg(Password)
                       .arg(port)
                       .toUtf8());
        file.close();

        cvc::e2e::TestProcess operatorProcess(cvc::e2e::TestProcess::binPath(QStringLiteral("cvc-operator")));
        const QString coingecko = QStringLiteral("http://key:%1@127.0.0.1:%2/api/v3").arg(Password).arg(port);
        QVERIFY2(operatorProcess.start({QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--no-leader-election"),
                                        QStringLiteral("--coingecko-url"), coingecko},
                                       QStringLiteral("cvc-operator \\S+: server (\\S+),")),
                 qPrintable(operatorProcess.errorString() + operatorProcess.output()));
        QCOMPARE(operatorProcess.readyCapture(), QStringLiteral("http://127.0.0.1:%1").arg(port));
        QVERIFY2(operatorProcess.output().contains(QStringLiteral("http://127.0.0.1:%1/api/v3").arg(port)),
                 qPrintable(operatorProcess.output()));
        operatorProcess.terminate();
        QVERIFY2(!operatorProcess.output().contains(Password), qPrintable(operatorProcess.output()));
    }
};

QTEST_GUILESS_MAIN(TestOperatorUrls)
#include "tst_operatorurls.moc"
