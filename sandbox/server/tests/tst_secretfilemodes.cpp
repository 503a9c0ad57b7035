// Files that hold secrets (kubeconfig, admin token, CA key, the database and its -wal/-shm) must be
// private from the moment they exist, not only once they are complete: a local user watching the
// folder with inotify could otherwise open them in the gap between creat(2) and chmod(2) and keep
// reading. This test records, in-process, the mode every file under its folder is created with by
// standing in for open64/chmod/fchmod (Qt and SQLite call them through the PLT).
#undef _FORTIFY_SOURCE

#include "kubeconfigwriter.h"
#include "sandboxserver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstdarg>
#include <mutex>
#include <vector>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct FileEvent
{
    QString path;
    QString what;   // "create" or "chmod"
    int mode = 0;   // for create: what the file got (mode & ~umask)
};

std::mutex g_mutex;
std::vector<FileEvent> g_events;
mode_t g_umask = 022;

void record(const char *path, const char *what, int mode)
{
    std::lock_guard lock(g_mutex);
    g_events.push_back({QFile::decodeName(path), QString::fromLatin1(what), mode});
}

QString pathOfDescriptor(int fd)
{
    char buffer[4096];
    const QByteArray link = "/proc/self/fd/" + QByteArray::number(fd);
    const ssize_t length = ::readlink(link.constData(), buffer, sizeof buffer - 1);
    return length > 0 ? QFile::decodeName(QByteArray(buffer, int(length))) : QString();
}

} // namespace

extern "C" int open64(const char *path, int flags, ...)
{
    using Open = int (*)(const char *, int, ...);
    static const Open real = reinterpret_cast<Open>(dlsym(RTLD_NEXT, "open64"));
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list args;
        va_start(args, flags);
        mode = mode_t(va_arg(args, int));
        va_end(args);
    }
    struct stat before {};
    const bool existed = (flags & O_CREAT) && ::lstat(path, &before) == 0;
    const int fd = real(path, flags, mode);
    if (fd >= 0 && (flags & O_CREAT) && !existed)
        record(path, "create", int(mode & ~g_umask & 07777));
    return fd;
}

extern "C" int chmod(const char *path, mode_t mode) noexcept
{
    using Chmod = int (*)(const char *, mode_t);
    static const Chmod real = reinterpret_cast<Chmod>(dlsym(RTLD_NEXT, "chmod"));
    record(path, "chmod", int(mode & 07777));
    return real(path, mode);
}

extern "C" int fchmod(int fd, mode_t mode) noexcept
{
    using Fchmod = int (*)(int, mode_t);
    static const Fchmod real = reinterpret_cast<Fchmod>(dlsym(RTLD_NEXT, "fchmod"));
    record(QFile::encodeName(pathOfDescriptor(fd)).constData(), "chmod", int(mode & 07777));
    return real(fd, mode);
}

namespace {

std::vector<FileEvent> eventsUnder(const QString &folder)
{
    std::lock_guard lock(g_mutex);
    std::vector<FileEvent> out;
    const QString prefix = QFileInfo(folder).canonicalFilePath() + QLatin1Char('/');
    for (const FileEvent &event : g_events) {
        if (event.path.startsWith(prefix))
            out.push_back(event);
    }
    return out;
}

void clearEvents()
{
    std::lock_guard lock(g_mutex);
    g_events.clear();
}

int modeOf(const QString &path)
{
    struct stat st {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

// Every file created under `folder` (certificates excluded: they are public) was private from the
// start. Returns a description of the first one that was not.
QString firstLooseCreation(const QString &folder)
{
    for (const FileEvent &event : eventsUnder(folder)) {
        if (event.what == QLatin1String("create") && !event.path.endsWith(QLatin1String(".crt")) && (event.mode & 077))
            return QStringLiteral("%1 created with mode %2").arg(event.path).arg(event.mode, 4, 8, QLatin1Char('0'));
    }
    return QString();
}

} // namespace

class TestSecretFileModes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A typical desktop umask, under which open(2)'s usual 0666 gives a world-readable file.
        g_umask = 022;
        ::umask(g_umask);
    }

    void init() { clearEvents(); }

    void recorderSeesLooseCreations()
    {
        // The recorder itself must be able to see a loose file, or the checks below prove nothing.
        QTemporaryDir dir;
        QFile loose(dir.filePath(QStringLiteral("loose")));
        QVERIFY(loose.open(QIODevice::WriteOnly));
        loose.close();
        QVERIFY(!firstLooseCreation(dir.path()).isEmpty());
    }

    void kubeconfigIsPrivateFromCreation()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kube/config"));
        QString error;
        QVERIFY2(cvc::sandbox::KubeconfigWriter::write(path, QStringLiteral("https://127.0.0.1:1"), "CA", QStringLiteral("t0ken"), &error),
                 qPrintable(error));
        // Written again over an older, readable one (every start rewrites it for the new port).
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QVERIFY2(cvc::sandbox::KubeconfigWriter::write(path, QStringLiteral("https://127.0.0.1:2"), "CA", QStringLiteral("t0ken"), &error),
                 qPrintable(error));
        const QString loose = firstLooseCreation(dir.path());
        QVERIFY2(loose.isEmpty(), qPrintable(loose));
        QCOMPARE(modeOf(path), 0600);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("server: https://127.0.0.1:2"));
    }

    void serverStateIsPrivateFromCreation()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("data/state.db"));
        cvc::sandbox::SandboxServer::Config config;
        config.databasePath = database;
        config.stateDir = database + QStringLiteral(".d");
        {
            cvc::sandbox::SandboxServer server;
            QString error;
            QVERIFY2(server.start(config, QHostAddress::LocalHost, 0, &error), qPrintable(error));
            // The default namespaces were written at start, so the WAL and its index exist now.
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
                QVERIFY2(QFileInfo::exists(database + suffix), qPrintable(database + suffix));
                QCOMPARE(modeOf(database + suffix), 0600);
            }
            QCOMPARE(modeOf(config.stateDir + QStringLiteral("/admin-token")), 0600);
            QCOMPARE(modeOf(config.stateDir + QStringLiteral("/ca.key")), 0600);
            QCOMPARE(modeOf(config.stateDir), 0700);
            QCOMPARE(modeOf(dir.filePath(QStringLiteral("data"))), 0700);
            server.stop();
        }
        const QString loose = firstLooseCreation(dir.path());
        QVERIFY2(loose.isEmpty(), qPrintable(loose));
    }

    void adminTokenIsPrivateFromCreation()
    {
        QTemporaryDir dir;
        cvc::sandbox::SandboxServer::Config config;
        config.stateDir = dir.filePath(QStringLiteral("state"));
        cvc::sandbox::SandboxServer server;
        QString error;
        QVERIFY2(server.start(config, QHostAddress::LocalHost, 0, &error), qPrintable(error));
        server.stop();
        const QString loose = firstLooseCreation(dir.path());
        QVERIFY2(loose.isEmpty(), qPrintable(loose));
        QCOMPARE(modeOf(config.stateDir + QStringLiteral("/admin-token")), 0600);
    }

    void adminTokenRewrittenPrivately()
    {
        QTemporaryDir dir;
        cvc::sandbox::SandboxServer::Config config;
        config.stateDir = dir.filePath(QStringLiteral("state"));
        QVERIFY(QDir().mkpath(config.stateDir));
        // An empty token file (a crash while it was written) makes the server write a new one.
        QFile empty(config.stateDir + QStringLiteral("/admin-token"));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        QVERIFY(QFile::setPermissions(empty.fileName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        // Whoever opened the readable empty file keeps it open: the token must not land in it.
        QFile heldOpen(empty.fileName());
        QVERIFY(heldOpen.open(QIODevice::ReadOnly));
        clearEvents();
        cvc::sandbox::SandboxServer server;
        QString error;
        QVERIFY2(server.start(config, QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(!server.adminToken().isEmpty());
        server.stop();
        const QString loose = firstLooseCreation(dir.path());
        QVERIFY2(loose.isEmpty(), qPrintable(loose));
        QCOMPARE(modeOf(empty.fileName()), 0600);
        QFile token(empty.fileName());
        QVERIFY(token.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(token.readAll()), server.adminToken());
        QCOMPARE(heldOpen.readAll(), QByteArray());
    }

    void looseDatabaseOfAnOlderVersionIsNarrowed()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("state.db"));
        cvc::sandbox::SandboxServer::Config config;
        config.databasePath = database;
        config.stateDir = database + QStringLiteral(".d");
        {
            cvc::sandbox::SandboxServer server;
            QString error;
            QVERIFY2(server.start(config, QHostAddress::LocalHost, 0, &error), qPrintable(error));
            server.stop();
        }
        // What kube-sandbox before this fix left behind: a database anyone may read.
        QVERIFY(QFile::setPermissions(database, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                                    | QFileDevice::ReadOther));
        cvc::sandbox::SandboxServer server;
        QString error;
        QVERIFY2(server.start(config, QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QCOMPARE(modeOf(database), 0600);
        QCOMPARE(modeOf(database + QStringLiteral("-wal")), 0600);
        server.stop();
    }
};

QTEST_GUILESS_MAIN(TestSecretFileModes)
#include "tst_secretfilemodes.moc"
