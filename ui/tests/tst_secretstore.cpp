// The API key and the keychain: a real Secret Service (gnome-keyring under dbus-run-session, as
// scripts/test.sh runs the tests) stores and reads it; without any service the settings dialog
// says so, offers this session only, and nothing lands on disk in clear.
#include "dashboard/apikeystore.h"
#include "dashboard/dashboardsettings.h"
#include "dashboard/keychainsecretstore.h"
#include "dashboard/sessionsecretstore.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace cvc::ui;

namespace {

const QByteArray secretKey = "CG-test-key-7f3a9c2e51";

SecretStore::Result waitFor(std::function<void(SecretStore::Callback)> call)
{
    SecretStore::Result result;
    bool done = false;
    call([&](const SecretStore::Result &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        result = {SecretStore::Status::Failed, {}, QStringLiteral("no answer within 20 s")};
    return result;
}

// Child mode: a settings dialog with no reachable session bus.
int runWithoutKeychain(const QString &dir)
{
    DashboardSettings settings(dir + QStringLiteral("/settings.ini"));
    KeychainSecretStore keychain(QStringLiteral("cvc-dashboard-test"));
    SessionSecretStore session;
    ApiKeyStore keys(&keychain, &session);
    SettingsDialog dialog(&settings, &keys);
    dialog.load();
    dialog.show();
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyEdit"));
    QTest::keyClicks(edit, QString::fromLatin1(secretKey));
    dialog.findChild<QComboBox *>(QStringLiteral("planCombo"))->setCurrentText(QStringLiteral("demo"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("saveSettingsButton")), Qt::LeftButton);
    auto *sessionOnly = dialog.findChild<QPushButton *>(QStringLiteral("sessionOnlyButton"));
    if (!QTest::qWaitFor([&] { return sessionOnly->isVisible(); }, 20000)) {
        std::printf("NO-OFFER: %s\n", qPrintable(dialog.keyStatus()));
        return 1;
    }
    std::printf("STATUS: %s\n", qPrintable(dialog.keyStatus()));
    dialog.grab().save(dir + QStringLiteral("/settings-no-keychain.png"));
    QTest::mouseClick(sessionOnly, Qt::LeftButton);
    QByteArray loaded;
    bool done = false;
    keys.load([&](const QByteArray &key, const SecretStore::Result &) {
        loaded = key;
        done = true;
    });
    QTest::qWaitFor([&] { return done; }, 5000);
    std::printf(loaded == secretKey ? "SESSION-OK\n" : "SESSION-MISSING\n");
    settings.sync();
    return 0;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keychainStoresAndReadsTheKey()
    {
        KeychainSecretStore keychain(QStringLiteral("cvc-dashboard-test"));
        const SecretStore::Result probe = waitFor([&](SecretStore::Callback done) {
            keychain.write(QStringLiteral("probe"), "x", done);
        });
        if (probe.status == SecretStore::Status::Unavailable)
            QSKIP(qPrintable(QStringLiteral("no Secret Service here (%1); scripts/test.sh runs one").arg(probe.message)));
        QCOMPARE(probe.status, SecretStore::Status::Ok);

        QTemporaryDir dir;
        DashboardSettings settings(dir.filePath(QStringLiteral("settings.ini")));
        SessionSecretStore session;
        ApiKeyStore keys(&keychain, &session);
        SettingsDialog dialog(&settings, &keys);
        dialog.load();
        dialog.show();
        QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyEdit")), QString::fromLatin1(secretKey));
        QSignalSpy changed(&dialog, &SettingsDialog::settingsChanged);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("saveSettingsButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 20000);
        QVERIFY2(dialog.keyStatus().startsWith(QStringLiteral("A key is stored in the desktop keychain")),
                 qPrintable(dialog.keyStatus()));

        // A fresh store reads it back, and so does libsecret's own tool.
        KeychainSecretStore again(QStringLiteral("cvc-dashboard-test"));
        const SecretStore::Result read = waitFor([&](SecretStore::Callback done) {
            again.read(QString::fromLatin1(ApiKeyStore::keyName), done);
        });
        QCOMPARE(read.status, SecretStore::Status::Ok);
        QCOMPARE(read.secret, secretKey);
        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"), {"lookup", "server", "cvc-dashboard-test", "user", ApiKeyStore::keyName});
        QVERIFY(lookup.waitForFinished(10000));
        QCOMPARE(lookup.readAllStandardOutput().trimmed(), secretKey);

        // Not in the settings file.
        settings.sync();
        QFile file(dir.filePath(QStringLiteral("settings.ini")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(secretKey));

        QCOMPARE(waitFor([&](SecretStore::Callback done) { keys.forget(done); }).status, SecretStore::Status::Ok);
        QCOMPARE(waitFor([&](SecretStore::Callback done) { again.read(QString::fromLatin1(ApiKeyStore::keyName), done); }).status,
                 SecretStore::Status::NotFound);
    }

    void withoutAKeychainTheUserIsToldAndNothingIsWrittenInClear()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QDir(dir.path()).mkpath(QStringLiteral("home/run"));
        QFile::setPermissions(dir.filePath(QStringLiteral("home/run")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // A bus address that leads nowhere: what a desktop without a keyring looks like.
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
        env.remove(QStringLiteral("DISPLAY"));
        env.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.filePath(QStringLiteral("home/run")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("home/.config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("home/.local/share")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {"--child-no-keychain", dir.path()});
        QVERIFY(child.waitForFinished(60000));
        const QString out = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(child.exitCode() == 0, qPrintable(out + child.readAllStandardError()));
        QVERIFY2(out.contains(QStringLiteral("STATUS: No keychain service is running")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("SESSION-OK")), qPrintable(out));
        QFile::remove(QStringLiteral(CVC_BUILD_DIR "/screenshots/settings-no-keychain.png"));
        QFile::copy(dir.filePath(QStringLiteral("settings-no-keychain.png")),
                    QStringLiteral(CVC_BUILD_DIR "/screenshots/settings-no-keychain.png"));

        // Every file the child could have written: none holds the key.
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            ++files;
            QVERIFY2(!file.readAll().contains(secretKey), qPrintable(file.fileName()));
        }
        QVERIFY(files > 0); // the settings file at least
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child-no-keychain") == 0)
        return runWithoutKeychain(QString::fromLocal8Bit(argv[2]));
    QDir().mkpath(QStringLiteral(CVC_BUILD_DIR "/screenshots"));
    TestSecretStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
