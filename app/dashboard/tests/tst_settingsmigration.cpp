// The move from QSettings' "Unknown Organization" folder to ~/.config/cvc-dashboard/, as a user who
// ran an older cvc-dashboard meets it: a temporary HOME seeded with the old layout.
#include "applicationidentity.h"
#include "settingsmigration.h"

#include "dashboard/dashboardsettings.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsMigration : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;

    QString home(const QString &path) const { return m_home.filePath(path); }

    static void writeFile(const QString &path, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    static QByteArray readFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Before the first QSettings: it reads where user settings go only once per process.
        QVERIFY(m_home.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qunsetenv("XDG_CONFIG_HOME");
        qunsetenv("XDG_DATA_HOME");
        ApplicationIdentity::apply();
    }

    void olderVersionsSettingsAndDataAreRead()
    {
        // What an older cvc-dashboard left: settings under QSettings' stand-in organisation, data in
        // ~/.local/share/cvc-dashboard.
        const QString legacy = home(QStringLiteral(".config/Unknown Organization/cvc-dashboard.conf"));
        QDir().mkpath(QFileInfo(legacy).absolutePath());
        {
            QSettings old(legacy, QSettings::IniFormat);
            old.setValue(QStringLiteral("connection/context"), QStringLiteral("dev-cluster"));
            old.setValue(QStringLiteral("coingecko/plan"), QStringLiteral("demo"));
            old.setValue(QStringLiteral("history/range"), QStringLiteral("7d"));
        }
        writeFile(home(QStringLiteral(".local/share/cvc-dashboard/history.sqlite")), "the user's history");
        writeFile(home(QStringLiteral(".local/share/cvc-dashboard/sandbox/state.db")), "the sandbox's state");

        QCOMPARE(SettingsMigration::legacyPath(), legacy);
        QString error;
        const QString done = SettingsMigration::migrateLegacy(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(done.contains(QStringLiteral("moved")), qPrintable(done));

        const cvc::ui::DashboardSettings settings;
        QCOMPARE(settings.fileName(), home(QStringLiteral(".config/cvc-dashboard/cvc-dashboard.conf")));
        QCOMPARE(settings.lastContext(), QStringLiteral("dev-cluster"));
        QCOMPARE(settings.coinGeckoPlan(), QStringLiteral("demo"));
        QCOMPARE(settings.historyRange(), QStringLiteral("7d"));
        QVERIFY(!QFileInfo::exists(legacy));
        QVERIFY(!QFileInfo::exists(home(QStringLiteral(".config/Unknown Organization"))));

        // The data is read where it always was: not moved under the new organisation folder.
        QCOMPARE(ApplicationIdentity::dataDirectory(), home(QStringLiteral(".local/share/cvc-dashboard")));
        QCOMPARE(readFile(ApplicationIdentity::dataDirectory() + QStringLiteral("/history.sqlite")), QByteArray("the user's history"));
        QCOMPARE(readFile(ApplicationIdentity::dataDirectory() + QStringLiteral("/sandbox/state.db")), QByteArray("the sandbox's state"));

        // Once: the next start finds nothing to do.
        QCOMPARE(SettingsMigration::migrateLegacy(&error), QString());
        QVERIFY(error.isEmpty());
    }

    void newerSettingsAreNeverOverwritten()
    {
        // An older version ran again after this one and wrote the old file beside the new one.
        QTemporaryDir dir;
        const QString from = dir.filePath(QStringLiteral("Unknown Organization/cvc-dashboard.conf"));
        const QString to = dir.filePath(QStringLiteral("cvc-dashboard/cvc-dashboard.conf"));
        QDir().mkpath(QFileInfo(from).absolutePath());
        QDir().mkpath(QFileInfo(to).absolutePath());
        {
            QSettings old(from, QSettings::IniFormat);
            old.setValue(QStringLiteral("connection/context"), QStringLiteral("old-cluster"));
            old.setValue(QStringLiteral("history/range"), QStringLiteral("30d"));
            QSettings current(to, QSettings::IniFormat);
            current.setValue(QStringLiteral("connection/context"), QStringLiteral("new-cluster"));
        }
        const QByteArray oldContent = readFile(from);

        QString error;
        const QString done = SettingsMigration::migrate(from, to, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(done.contains(QStringLiteral("taken from the old file: history/range)")), qPrintable(done));

        const cvc::ui::DashboardSettings settings(to);
        QCOMPARE(settings.lastContext(), QStringLiteral("new-cluster"));   // the newer value
        QCOMPARE(settings.historyRange(), QStringLiteral("30d"));          // only the old file had it
        // Nothing is lost: the old file is kept, renamed, so it is merged only once.
        QVERIFY(!QFileInfo::exists(from));
        QCOMPARE(readFile(from + QStringLiteral(".migrated")), oldContent);
        QCOMPARE(SettingsMigration::migrate(from, to, &error), QString());
    }

    void windowIconComesFromTheResources()
    {
        const QIcon icon = QApplication::windowIcon();
        QVERIFY(!icon.isNull());
        for (int size : {16, 32, 48, 256})
            QCOMPARE(icon.pixmap(size).size(), QSize(size, size));
        QCOMPARE(QGuiApplication::desktopFileName(), QStringLiteral("cvc-dashboard"));
        QCOMPARE(QCoreApplication::organizationName(), QStringLiteral("cvc-dashboard"));
    }
};

QTEST_MAIN(TestSettingsMigration)
#include "tst_settingsmigration.moc"
