// kube-sandbox's own files as a second local user would find them: the database (which holds
// Secrets) and its -wal/-shm are owner-only, the default data folder is private, and
// --issue-client-cert never writes a key through a file or symlink someone else put in a shared
// out folder, nor outside it.
#include "sandboxprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cvc::testsupport;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

struct Run
{
    int exitCode = -1;
    QString standardError;
};

// kube-sandbox --data <data> --issue-client-cert <subject> --out-dir <outDir>
Run issue(const QString &data, const QString &subject, const QString &outDir)
{
    QProcess process;
    process.start(SandboxProcess::executablePath(), {QStringLiteral("--data"), data, QStringLiteral("--issue-client-cert"),
                                                     subject, QStringLiteral("--out-dir"), outDir});
    Run run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.standardError = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestSandboxSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A typical desktop umask (kube-sandbox inherits it): files made with open(2)'s usual 0666
        // would be readable by every local user.
        ::umask(022);
    }

    void databaseFilesAreOwnerOnly()
    {
        QTemporaryDir dir;
        SandboxProcess sandbox;
        const QString database = dir.filePath(QStringLiteral("fresh/state.db"));
        sandbox.setDataFile(database);
        QVERIFY2(sandbox.start(), qPrintable(sandbox.errorString()));
        // A Secret makes the point: its data must not be readable by others through the database.
        const QJsonObject secret{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", QJsonObject{{"name", "coingecko-api-key"}}},
                                 {"data", QJsonObject{{"api-key", "Q0ctU1VQRVJTRUNSRVQtMTIz"}}}};
        QCOMPARE(sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces/default/secrets"), secret).status, 201);
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QVERIFY2(QFileInfo::exists(database + suffix), qPrintable(database + suffix));
            QCOMPARE(modeOf(database + suffix), 0600);
        }
        // The folder made for it is private as well; so is the state folder beside it.
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("fresh"))), 0700);
        QCOMPARE(modeOf(database + QStringLiteral(".d")), 0700);
        QCOMPARE(sandbox.stop(), 0);
    }

    void defaultDataFolderIsPrivate()
    {
        QTemporaryDir home;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home.path());
        environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(SandboxProcess::executablePath(), {QStringLiteral("--port"), QStringLiteral("0")});
        QByteArray output;
        while (!output.contains("listening on") && process.waitForReadyRead(30000))
            output += process.readAllStandardOutput();
        QVERIFY2(output.contains("listening on"), qPrintable(QString::fromUtf8(process.readAllStandardError())));
        const QString folder = home.filePath(QStringLiteral("data/kube-sandbox"));
        QVERIFY2(output.contains(QFile::encodeName(folder + QStringLiteral("/state.db"))), output.constData());
        QCOMPARE(modeOf(folder), 0700);
        QCOMPARE(modeOf(folder + QStringLiteral("/state.db")), 0600);
        process.terminate();
        QVERIFY(process.waitForFinished(15000));
        QCOMPARE(process.exitCode(), 0);
    }

    void issueClientCertificateRefusesPlantedFiles()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("state.db"));
        const QString shared = dir.filePath(QStringLiteral("shared"));
        QVERIFY(QDir().mkpath(shared));
        // Another user's trap: dev.key leads to a file of the victim's.
        const QString victim = dir.filePath(QStringLiteral("victim.txt"));
        QVERIFY(writeFile(victim, "the victim's notes\n"));
        QVERIFY(QFile::link(victim, shared + QStringLiteral("/dev.key")));
        Run run = issue(data, QStringLiteral("dev"), shared);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.standardError.contains(shared + QStringLiteral("/dev.key")) && run.standardError.contains(QLatin1String("already exists")),
                 qPrintable(run.standardError));
        QCOMPARE(readFile(victim), QByteArray("the victim's notes\n"));
        QVERIFY(!QFileInfo::exists(shared + QStringLiteral("/dev.crt")));

        // A key file someone created beforehand (keeping his ownership and mode) is refused too.
        const QString planted = shared + QStringLiteral("/ops.key");
        QVERIFY(writeFile(planted, ""));
        QVERIFY(QFile::setPermissions(planted, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther
                                                   | QFileDevice::WriteOther));
        run = issue(data, QStringLiteral("ops:devs"), shared);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.standardError.contains(planted), qPrintable(run.standardError));
        QCOMPARE(readFile(planted), QByteArray());
    }

    void issueClientCertificateRefusesPathsInUserNames_data()
    {
        QTest::addColumn<QString>("user");
        QTest::newRow("parent") << QStringLiteral("../escaped");
        QTest::newRow("subfolder") << QStringLiteral("team/dev");
        QTest::newRow("dotdot") << QStringLiteral("..");
    }

    void issueClientCertificateRefusesPathsInUserNames()
    {
        QFETCH(QString, user);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run run = issue(dir.filePath(QStringLiteral("state.db")), user + QStringLiteral(":devs"), out);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.standardError.contains(QStringLiteral("\"%1\"").arg(user)) && run.standardError.contains(QLatin1String("may not contain")),
                 qPrintable(run.standardError));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
    }

    void issueClientCertificatesForTwoUsersIntoOneFolder()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("state.db"));
        const QString out = dir.filePath(QStringLiteral("certs"));
        for (const QString &user : {QStringLiteral("dev"), QStringLiteral("ops")}) {
            const Run run = issue(data, user, out);
            QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
            QVERIFY(readFile(out + QLatin1Char('/') + user + QStringLiteral(".key")).contains("PRIVATE KEY"));
            QCOMPARE(modeOf(out + QLatin1Char('/') + user + QStringLiteral(".key")), 0600);
            QVERIFY(readFile(out + QLatin1Char('/') + user + QStringLiteral(".crt")).contains("BEGIN CERTIFICATE"));
        }
        QCOMPARE(readFile(out + QStringLiteral("/ca.crt")), readFile(data + QStringLiteral(".d/ca.crt")));
    }
};

QTEST_GUILESS_MAIN(TestSandboxSecrets)
#include "tst_sandboxsecrets.moc"
