// SecureFile and ClientCertificateFiles as a user of a shared folder sees them: what ends up on
// disk, with which mode, and what is refused.
#include "clientcertificatefiles.h"
#include "securefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cvc::sandbox;

namespace {

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

// The mode bits as ls shows them (0600, 0644, …).
int modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

} // namespace

class TestSecureFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A typical desktop umask: anything created with open(2)'s default mode is readable by all.
        ::umask(022);
    }

    void writeNewCreatesOwnerOnlyFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("token"));
        QString error;
        QVERIFY2(SecureFile::writeNew(path, "secret", SecureFile::OwnerOnly, &error), qPrintable(error));
        QCOMPARE(readFile(path), QByteArray("secret"));
        QCOMPARE(modeOf(path), 0600);
    }

    void writeNewRefusesExistingFileAndSymlinks()
    {
        QTemporaryDir dir;
        const QString victim = dir.filePath(QStringLiteral("victim.txt"));
        QVERIFY(writeFile(victim, "mine"));
        const QString link = dir.filePath(QStringLiteral("dev.key"));
        QVERIFY(QFile::link(victim, link));
        const QString dangling = dir.filePath(QStringLiteral("dangling.key"));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("not-yet")), dangling));

        for (const QString &path : {victim, link, dangling}) {
            QString error;
            QVERIFY(!SecureFile::writeNew(path, "-----BEGIN PRIVATE KEY-----", SecureFile::OwnerOnly, &error));
            QVERIFY2(error.contains(path) && error.contains(QLatin1String("already exists")), qPrintable(error));
        }
        QCOMPARE(readFile(victim), QByteArray("mine"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("not-yet"))));
        QVERIFY(QFileInfo(link).isSymLink());
    }

    void writeNewNamesTheFileWhenItCannotCreate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing-folder/token"));
        QString error;
        QVERIFY(!SecureFile::writeNew(path, "x", SecureFile::OwnerOnly, &error));
        QVERIFY2(error.startsWith(path + QLatin1String(": cannot create")), qPrintable(error));
    }

    void replaceSwapsContentAndModeAtomically()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(writeFile(path, "old, readable by all"));
        QVERIFY(QFile::setPermissions(path, SecureFile::PublicReadable));
        QString error;
        QVERIFY2(SecureFile::replace(path, "new", SecureFile::OwnerOnly, &error), qPrintable(error));
        QCOMPARE(readFile(path), QByteArray("new"));
        QCOMPARE(modeOf(path), 0600);
        // No temporary file is left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList{"kubeconfig"});
    }

    void replaceDoesNotWriteThroughASymlink()
    {
        QTemporaryDir dir;
        const QString victim = dir.filePath(QStringLiteral("victim.txt"));
        QVERIFY(writeFile(victim, "mine"));
        const QString path = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(QFile::link(victim, path));
        QString error;
        QVERIFY2(SecureFile::replace(path, "token: abc", SecureFile::OwnerOnly, &error), qPrintable(error));
        QCOMPARE(readFile(victim), QByteArray("mine"));
        QVERIFY(!QFileInfo(path).isSymLink());
        QCOMPARE(readFile(path), QByteArray("token: abc"));
    }

    void replaceNamesTheFileWhenTheFolderIsMissing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("gone/kubeconfig"));
        QString error;
        QVERIFY(!SecureFile::replace(path, "x", SecureFile::OwnerOnly, &error));
        QVERIFY2(error.startsWith(QLatin1String("cannot write ") + path), qPrintable(error));
    }

    void restrictToOwnerCreatesOrNarrows()
    {
        QTemporaryDir dir;
        const QString fresh = dir.filePath(QStringLiteral("state.db"));
        QString error;
        QVERIFY2(SecureFile::restrictToOwner(fresh, true, &error), qPrintable(error));
        QCOMPARE(modeOf(fresh), 0600);
        QCOMPARE(QFileInfo(fresh).size(), 0);

        const QString loose = dir.filePath(QStringLiteral("old.db"));
        QVERIFY(writeFile(loose, "rows"));
        QVERIFY(QFile::setPermissions(loose, SecureFile::PublicReadable));
        QVERIFY2(SecureFile::restrictToOwner(loose, false, &error), qPrintable(error));
        QCOMPARE(modeOf(loose), 0600);
        QCOMPARE(readFile(loose), QByteArray("rows"));

        const QString absent = dir.filePath(QStringLiteral("old.db-wal"));
        QVERIFY2(SecureFile::restrictToOwner(absent, false, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(absent));
    }

    void makePrivateFolderLeavesForeignFoldersAlone()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), SecureFile::PublicReadable | QFileDevice::ExeOwner
                                                        | QFileDevice::ExeGroup | QFileDevice::ExeOther));
        const QString fresh = dir.filePath(QStringLiteral("a/b/state.d"));
        QString error;
        QVERIFY2(SecureFile::makePrivateFolder(fresh, false, &error), qPrintable(error));
        QCOMPARE(modeOf(fresh), 0700);
        QVERIFY2(SecureFile::makePrivateFolder(dir.path(), false, &error), qPrintable(error));
        QCOMPARE(modeOf(dir.path()), 0755);
        QVERIFY2(SecureFile::makePrivateFolder(dir.path(), true, &error), qPrintable(error));
        QCOMPARE(modeOf(dir.path()), 0700);

        const QString file = dir.filePath(QStringLiteral("plain"));
        QVERIFY(writeFile(file, "x"));
        QVERIFY(!SecureFile::makePrivateFolder(file, false, &error));
        QVERIFY2(error.contains(file) && error.contains(QLatin1String("not a folder")), qPrintable(error));
    }

    void clientCertificateFilesRefuseUnsafeUserNames_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString() << "is empty";
        QTest::newRow("slash") << "../../etc/evil" << "contains \"/\"";
        QTest::newRow("absolute") << "/tmp/evil" << "contains \"/\"";
        QTest::newRow("dotdot") << ".." << "contains \"..\"";
    }

    void clientCertificateFilesRefuseUnsafeUserNames()
    {
        QFETCH(QString, user);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QString error;
        QVERIFY(!ClientCertificateFiles::write(dir.path(), user, {"CERT", "KEY"}, "CA", &error));
        QVERIFY2(error.contains(reason), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("\"%1\"").arg(user)));
        QVERIFY(QDir(dir.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot));
    }

    void clientCertificateFilesShareTheOutFolder()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out"));
        QString error;
        QVERIFY2(ClientCertificateFiles::write(out, QStringLiteral("dev"), {"CERT-dev", "KEY-dev"}, "CA", &error), qPrintable(error));
        QCOMPARE(modeOf(out + QStringLiteral("/dev.key")), 0600);
        QCOMPARE(modeOf(out + QStringLiteral("/dev.crt")), 0644);
        QCOMPARE(readFile(out + QStringLiteral("/ca.crt")), QByteArray("CA"));
        // A second user into the same folder: the same CA certificate is already there.
        QVERIFY2(ClientCertificateFiles::write(out, QStringLiteral("ops"), {"CERT-ops", "KEY-ops"}, "CA", &error), qPrintable(error));
        QCOMPARE(readFile(out + QStringLiteral("/ops.key")), QByteArray("KEY-ops"));
        // Someone else's ca.crt is neither overwritten nor accepted, and nothing new stays behind.
        QVERIFY(!ClientCertificateFiles::write(out, QStringLiteral("qa"), {"CERT-qa", "KEY-qa"}, "OTHER CA", &error));
        QVERIFY2(error.contains(out + QStringLiteral("/ca.crt")), qPrintable(error));
        QCOMPARE(readFile(out + QStringLiteral("/ca.crt")), QByteArray("CA"));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/qa.key")));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/qa.crt")));
        // An existing key is never overwritten.
        QVERIFY(!ClientCertificateFiles::write(out, QStringLiteral("dev"), {"CERT-new", "KEY-new"}, "CA", &error));
        QVERIFY2(error.contains(out + QStringLiteral("/dev.key")), qPrintable(error));
        QCOMPARE(readFile(out + QStringLiteral("/dev.key")), QByteArray("KEY-dev"));
    }
};

QTEST_GUILESS_MAIN(TestSecureFile)
#include "tst_securefile.moc"
