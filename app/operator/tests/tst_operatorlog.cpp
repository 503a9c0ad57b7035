// cvc-operator's log as a user reads it: one line per message, whatever the message carries
// (review S7). Text that reaches the log from elsewhere here is the --kubeconfig path, quoted in the
// "does not exist" error; server messages and object names take the same path through OperatorLog.

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

QString operatorPath()
{
    return qEnvironmentVariable("CVC_BIN_DIR", QStringLiteral(CVC_BIN_DIR)) + QStringLiteral("/cvc-operator");
}

// A path with a forged log line and a terminal escape in it.
const QString kForged = QStringLiteral("/nonexistent/cvc\n2026-01-01T00:00:00.000Z info  all CVCs valued\x1b[2J");

QByteArray runOperator(const QStringList &args, int *exitCode)
{
    QProcess process;
    process.start(operatorPath(), args);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
    }
    *exitCode = process.exitCode();
    return process.readAllStandardError();
}

} // namespace

class TestOperatorLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textLogKeepsEachMessageOnOneLine()
    {
        int exitCode = 0;
        const QByteArray err = runOperator({QStringLiteral("--kubeconfig"), kForged}, &exitCode);
        QCOMPARE(exitCode, 1);
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QByteArray line = lines.first();
        QVERIFY2(line.contains(" error "), line.constData());
        QVERIFY2(line.contains("/nonexistent/cvc\\n2026-01-01T00:00:00.000Z info  all CVCs valued\\x1b[2J"), line.constData());
        QVERIFY(!err.contains('\x1b'));
        QVERIFY(!err.contains('\r'));
    }

    void jsonLogCarriesTheTextUnchanged()
    {
        int exitCode = 0;
        const QByteArray err =
            runOperator({QStringLiteral("--log-format"), QStringLiteral("json"), QStringLiteral("--kubeconfig"), kForged}, &exitCode);
        QCOMPARE(exitCode, 1);
        const QList<QByteArray> lines = err.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY(!err.contains('\x1b'));
        QJsonParseError error;
        const QJsonObject entry = QJsonDocument::fromJson(lines.first(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(entry.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
        // A log collector gets the path exactly, the JSON encoding keeps it on one line.
        QVERIFY(entry.value(QStringLiteral("msg")).toString().contains(kForged));
    }
};

QTEST_GUILESS_MAIN(TestOperatorLog)
#include "tst_operatorlog.moc"
