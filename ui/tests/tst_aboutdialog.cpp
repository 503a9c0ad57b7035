// Help ▸ About and Help ▸ Keyboard Shortcuts (trial problem 20: no Help, no About, no F1 or ?, no
// Settings shortcut, Esc does not clear the filter), on a real MainWindow, offscreen.
#include "aboutdialog.h"
#include "holdingsview.h"
#include "mainwindow.h"
#include "shortcutsdialog.h"

#include "dashboard/sessionsecretstore.h"
#include "util/version.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc::ui;

class TestAboutDialog : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    DashboardOptions offlineOptions() const
    {
        DashboardOptions options;
        options.runLoop = false;
        options.connection.kubeconfig = m_dir.filePath(QStringLiteral("kubeconfig"));
        options.historyPath = m_dir.filePath(QStringLiteral("history.sqlite"));
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        return options;
    }

    static QMenu *helpMenu(MainWindow &window)
    {
        return window.menuBar()->findChild<QMenu *>(QStringLiteral("helpMenu"));
    }

    // For people to look at: the Xvfb run's screenshots folder.
    static void saveScreenshot(QWidget *widget, const QString &name)
    {
        const QString folder = QStringLiteral(CVC_BUILD_DIR "/screenshots");
        QDir().mkpath(folder);
        QVERIFY(widget->grab().save(folder + QLatin1Char('/') + name));
    }

    static QString labelText(QWidget *dialog, const char *name)
    {
        auto *label = dialog->findChild<QLabel *>(QLatin1String(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile kubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")));
        QVERIFY(kubeconfig.open(QIODevice::WriteOnly));
        kubeconfig.write("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
    }

    void helpMenuIsTheLastMenu()
    {
        SessionSecretStore secrets;
        MainWindow window(offlineOptions(), &secrets);
        QMenu *help = helpMenu(window);
        QVERIFY(help);
        QCOMPARE(window.menuBar()->actions().last(), help->menuAction());
        QCOMPARE(help->actions(), (QList<QAction *>{window.shortcutsAction(), window.aboutAction()}));
        QVERIFY(window.shortcutsAction()->shortcuts().contains(QKeySequence(Qt::Key_F1)));
        QVERIFY(window.shortcutsAction()->shortcuts().contains(QKeySequence(QStringLiteral("?"))));
    }

    void aboutNamesVersionLicencePricesAndKubeconfig()
    {
        SessionSecretStore secrets;
        MainWindow window(offlineOptions(), &secrets);
        window.aboutAction()->trigger();
        AboutDialog *about = window.aboutDialog();
        QVERIFY(about);
        QTRY_VERIFY(about->isVisible());
        QCOMPARE(about->windowTitle(), QStringLiteral("About CVC Dashboard"));
        // The version is project(VERSION) of the top-level CMakeLists.txt.
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$")).match(QString::fromLatin1(cvc::version)).hasMatch());
        QVERIFY2(labelText(about, "aboutTitle").contains(QString::fromLatin1(cvc::version)), qPrintable(labelText(about, "aboutTitle")));
        QVERIFY(labelText(about, "aboutVersion").startsWith(QString::fromLatin1(cvc::version) + QStringLiteral(" (Qt ")));
        QVERIFY(!labelText(about, "aboutLicence").isEmpty());
        QCOMPARE(labelText(about, "aboutPrices"),
                 QStringLiteral("<a href=\"https://www.coingecko.com/en/api\">Price data by CoinGecko</a>"));
        QVERIFY(about->findChild<QLabel *>(QStringLiteral("aboutPrices"))->openExternalLinks());
        // Not connected yet (start() was not called): the kubeconfig it will read.
        QCOMPARE(labelText(about, "aboutClientConfig"),
                 QStringLiteral("%1 (not connected yet)").arg(m_dir.filePath(QStringLiteral("kubeconfig"))));

        saveScreenshot(about, QStringLiteral("about.png"));

        about->setClientConfig({QStringLiteral("/home/me/.kube/config"), QStringLiteral("/tmp/b&c")}, QStringLiteral("prod"));
        QCOMPARE(labelText(about, "aboutClientConfig"),
                 QStringLiteral("context <b>prod</b> from /home/me/.kube/config, /tmp/b&amp;c"));
        about->setClientConfig({}, QStringLiteral("in-pod"));
        QCOMPARE(labelText(about, "aboutClientConfig"), QStringLiteral("context <b>in-pod</b>, in-cluster configuration"));
    }

    void keyboardHelpListsEveryShortcut()
    {
        SessionSecretStore secrets;
        MainWindow window(offlineOptions(), &secrets);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_F1);
        ShortcutsDialog *help = window.shortcutsDialog();
        QVERIFY(help);
        QTRY_VERIFY(help->isVisible());
        const auto rows = help->rows();
        const auto keysOf = [&rows](const QString &what) {
            for (const auto &[action, keys] : rows) {
                if (action == what)
                    return keys;
            }
            return QStringLiteral("<not listed>");
        };
        QCOMPARE(keysOf(QStringLiteral("New…")), QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
        QCOMPARE(keysOf(QStringLiteral("Delete…")), QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText));
        QCOMPARE(keysOf(QStringLiteral("Resync")), QStringLiteral("F5"));
        QCOMPARE(keysOf(QStringLiteral("Filter")), QStringLiteral("Ctrl+F"));
        QCOMPARE(keysOf(QStringLiteral("Settings…")), QStringLiteral("Ctrl+,"));
        QCOMPARE(keysOf(QStringLiteral("Keyboard Shortcuts")), QStringLiteral("F1, ?"));
        QCOMPARE(keysOf(QStringLiteral("Edit the selected CVC (in the table)")), QStringLiteral("Enter"));
        QCOMPARE(keysOf(QStringLiteral("Clear the filter (in the filter box)")), QStringLiteral("Esc"));
        // Every action with a shortcut is listed, and nothing without one.
        int withShortcut = 0;
        for (QAction *action : window.findChildren<QAction *>(QString(), Qt::FindDirectChildrenOnly))
            withShortcut += !action->shortcuts().isEmpty();
        QCOMPARE(rows.size(), withShortcut + 2);
        saveScreenshot(help, QStringLiteral("keyboard-shortcuts.png"));
        help->close();
        // ? opens it as well, as in k9s.
        window.holdingsView()->setFocus();
        QTest::keyClick(window.holdingsView(), Qt::Key_Question);   // the text "?", as a keyboard map delivers it
        QTRY_VERIFY(help->isVisible());
    }

    void escapeClearsTheFilter()
    {
        SessionSecretStore secrets;
        MainWindow window(offlineOptions(), &secrets);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.filterAction()->trigger();
        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QTest::keyClicks(filter, QStringLiteral("eth?"));
        QCOMPARE(filter->text(), QStringLiteral("eth?"));   // ? is text in the filter box, not help
        QTest::keyClick(filter, Qt::Key_Escape);
        QCOMPARE(filter->text(), QString());
        QVERIFY(window.holdingsView()->hasFocus());
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
