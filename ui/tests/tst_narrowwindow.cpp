// The window at 640 px (trial problem 9: it could not be narrower than 973 px, held by the
// one-line kubectl banner of the sandbox). Leaves screenshots/narrow-640x480.png to look at.
#include "mainwindow.h"

#include "dashboard/sessionsecretstore.h"

#include <QDir>
#include <QLabel>
#include <QLayout>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace cvc::ui;

class TestNarrowWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    // Which direct and indirect children want more than `width`: what to fix when this fails.
    static QString widerThan(const QWidget *root, int width)
    {
        QStringList wide;
        for (const QWidget *child : root->findChildren<QWidget *>()) {
            if (child->isVisibleTo(root) && child->minimumSizeHint().width() > width)
                wide << QStringLiteral("%1 (%2) %3").arg(child->objectName(), QString::fromLatin1(child->metaObject()->className()))
                            .arg(child->minimumSizeHint().width());
        }
        return wide.join(QStringLiteral(", "));
    }

private Q_SLOTS:
    void fitsIn640WithTheSandboxBanner()
    {
        DashboardOptions options;
        options.runLoop = false;
        options.historyPath = m_dir.filePath(QStringLiteral("history.sqlite"));
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        // The trial's path: the banner that held the window at 973 px.
        options.sandboxKubeconfig = QStringLiteral("/tmp/guitrial.vwAP/home/.local/share/cvc-dashboard/sandbox/kubeconfig");
        SessionSecretStore secrets;
        MainWindow window(options, &secrets);
        window.resize(640, 480);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QVERIFY2(window.minimumSizeHint().width() <= 640,
                 qPrintable(QStringLiteral("minimum width %1; wider than 640: %2")
                                .arg(window.minimumSizeHint().width()).arg(widerThan(&window, 640))));
        QTRY_COMPARE(window.width(), 640);

        // The banner wraps instead of clipping: all of its text, the kubectl line included, is inside it.
        auto *banner = window.findChild<QLabel *>(QStringLiteral("sandboxInfo"));
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(options.sandboxKubeconfig));
        QVERIFY2(banner->geometry().right() < window.centralWidget()->width(), qPrintable(QString::number(banner->width())));
        QVERIFY2(banner->height() >= banner->heightForWidth(banner->width()),
                 qPrintable(QStringLiteral("%1 < %2").arg(banner->height()).arg(banner->heightForWidth(banner->width()))));
        QVERIFY(banner->height() > banner->fontMetrics().height() * 2);   // more than one line at this width

        // The toolbar folds what does not fit into its extension menu rather than widening the window.
        auto *toolbar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(toolbar->width() <= 640);

        const QString folder = QStringLiteral(CVC_BUILD_DIR "/screenshots");
        QDir().mkpath(folder);
        QVERIFY(window.grab().save(folder + QStringLiteral("/narrow-640x480.png")));
    }
};

QTEST_MAIN(TestNarrowWindow)
#include "tst_narrowwindow.moc"
