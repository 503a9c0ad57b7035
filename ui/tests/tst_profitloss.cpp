// Cost basis and P&L in the dashboard (issue 15 item 1): the dialog edits spec.costBasis with
// validation and previews the P&L; the window's own loop writes status.profitLoss, which
// `kubectl get cvc -o wide` shows; the table, the per-coin totals and the portfolio total show it.
// Against a real kube-sandbox process, real kubectl and the fake CoinGecko.
#include "cvcdialog.h"
#include "dashboard/cointotalsmodel.h"
#include "dashboard/dashboardcontroller.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/reconcileloop.h"
#include "dashboard/sessionsecretstore.h"
#include "dashboardstatusbar.h"
#include "fakecoingecko.h"
#include "kubectlrunner.h"
#include "mainwindow.h"
#include "operator/operatorruntime.h"
#include "portfolioview.h"
#include "prices/pricefeed.h"
#include "sandboxprocess.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;
using namespace cvc::testsupport;

class TestProfitLoss : public QObject
{
    Q_OBJECT

private:
    QString cell(const QString &name, int column) const
    {
        HoldingsModel *holdings = m_window->controller()->holdings();
        const int row = holdings->rowOf(QStringLiteral("default/") + name);
        return row < 0 ? QString() : holdings->index(row, column).data().toString();
    }
    template<typename T> T *dialogChild(const char *name) const
    {
        T *child = m_window->cvcDialog()->findChild<T *>(QString::fromLatin1(name));
        Q_ASSERT(child);
        return child;
    }
    // The P&L cell of `kubectl get cvc -o wide`: the last column, from where its header starts
    // (empty cells are blanks, so splitting on spaces would shift columns).
    QString kubectlProfitLoss(const QString &name) const
    {
        const KubectlResult r = m_kubectl->run({"get", "cvc", name, "-o", "wide"});
        const QStringList lines = r.standardOutput.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (lines.size() < 2)
            return QStringLiteral("(no row: %1)").arg(r.describe());
        const qsizetype at = lines.at(0).indexOf(QStringLiteral("P&L"));
        return at < 0 ? QStringLiteral("(no P&L column)") : lines.at(1).mid(at).trimmed();
    }

    QTemporaryDir m_dir;
    FakeCoinGecko m_coingecko;
    SandboxProcess m_sandbox;
    std::unique_ptr<KubectlRunner> m_kubectl;
    SessionSecretStore *m_secrets = nullptr;
    MainWindow *m_window = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale::c());
        QVERIFY(m_dir.isValid());
        m_coingecko.setDefaultPrices();
        QVERIFY2(m_coingecko.listen(), qPrintable(m_coingecko.errorString()));
        QVERIFY2(m_sandbox.start({"--preload", SandboxProcess::sourcePath("crds")}), qPrintable(m_sandbox.errorString()));
        m_kubectl = std::make_unique<KubectlRunner>(m_sandbox);
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
        DashboardOptions options;
        options.connection.kubeconfig = m_sandbox.kubeconfigPath();
        options.coingeckoUrl = m_coingecko.rootUrl().toString();
        options.interval = std::chrono::seconds(60);
        options.historyPath = m_dir.filePath(QStringLiteral("history.sqlite"));
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        m_secrets = new SessionSecretStore(this);
        m_window = new MainWindow(options, m_secrets);
        m_window->resize(1280, 800);
        m_window->show();
        m_window->start();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->dashboardStatusBar()->connectionText(), QStringLiteral("Live"), 15000);
        // A bitcoin CVC without a cost basis: it is in no P&L. Valuing it gives the window (which
        // holds the Lease and writes) the bitcoin price the dialog previews with.
        QVERIFY(m_kubectl->run({"apply", "-f", "-"}, QByteArrayLiteral(
                "{\"apiVersion\":\"crypto.tools/v1\",\"kind\":\"CryptoValueCalculator\",\"metadata\":{\"name\":\"more-bitcoin\"},"
                "\"spec\":{\"coin\":\"bitcoin\",\"amount\":1}}")).succeeded());
        QTRY_VERIFY_WITH_TIMEOUT(m_window->controller()->loop()->runtime()
                                     && m_window->controller()->loop()->runtime()->feed()->lastSuccessAt().isValid(), 20000);
    }

    void cleanupTestCase()
    {
        if (!m_window)
            return;
        m_window->close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 10000);
        delete m_window;
    }

    void aBadCostBasisIsExplainedAndNothingIsSent()
    {
        m_window->newCvc();
        CvcDialog *dialog = m_window->cvcDialog();
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialogChild<QLineEdit>("nameEdit"), "bad-basis");
        QTest::keyClicks(dialogChild<QLineEdit>("amountEdit"), "1");
        QTest::keyClicks(dialogChild<QLineEdit>("costBasisEdit"), "lots");
        QTest::mouseClick(dialogChild<QPushButton>("saveButton"), Qt::LeftButton);
        QLabel *error = dialogChild<QLabel>("costBasisError");
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), QStringLiteral("\"lots\" is not a number of USD. Use digits and a dot, like 20000.50, or leave it empty."));
        QVERIFY(dialog->isVisible());
        dialogChild<QLineEdit>("costBasisEdit")->setText(QStringLiteral("-5"));
        QCOMPARE(error->text(), QStringLiteral("The cost basis cannot be negative."));
        dialog->reject();
        QVERIFY(!m_kubectl->run({"get", "cvc", "bad-basis"}).succeeded());
    }

    // 0.0023 BTC at 41222 is $94.8106; paid $100: -$5.1894, -5.19 %.
    void costBasisFromTheDialogIsProfitLossEverywhere()
    {
        m_window->newCvc();
        CvcDialog *dialog = m_window->cvcDialog();
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialogChild<QLineEdit>("nameEdit"), "bitcoin-stash");
        dialogChild<QComboBox>("coinCombo")->setCurrentText("bitcoin");
        QTest::keyClicks(dialogChild<QLineEdit>("amountEdit"), "0.0023");
        QTest::keyClicks(dialogChild<QLineEdit>("costBasisEdit"), "100");
        QCOMPARE(dialogChild<QLabel>("previewLabel")->text(), QStringLiteral("$94.8106 at $41222.00 per coin; P&L -$5.1894 (-5.19%)"));
        QTest::mouseClick(dialogChild<QPushButton>("saveButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 5000);

        QCOMPARE(m_kubectl->run({"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.spec.costBasis}"}).standardOutput, QStringLiteral("100"));
        QTRY_COMPARE_WITH_TIMEOUT(kubectlProfitLoss("bitcoin-stash"), QStringLiteral("-5.1894"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(cell("bitcoin-stash", HoldingsModel::ProfitLossColumn), QStringLiteral("-$5.1894 (-5.19%)"), 5000);
        QCOMPARE(m_window->controller()->holdings()->headerData(HoldingsModel::ProfitLossColumn, Qt::Horizontal).toString(),
                 QStringLiteral("P&L"));

        // The other bitcoin CVC has no cost basis: it is in no P&L.
        QTRY_COMPARE_WITH_TIMEOUT(cell("more-bitcoin", HoldingsModel::ValueColumn), QStringLiteral("$41222.0000"), 15000);
        QCOMPARE(cell("more-bitcoin", HoldingsModel::ProfitLossColumn), QString());
        PortfolioView *portfolio = m_window->portfolioView();
        QTRY_COMPARE_WITH_TIMEOUT(portfolio->profitLossText(),
                                  QStringLiteral("P&L: -$5.1894 (-5.19%) · cost basis on 1 of 2 CVCs"), 5000);
        QTableView *coins = portfolio->findChild<QTableView *>(QStringLiteral("coinTotalsView"));
        QVERIFY(coins);
        QCOMPARE(coins->model()->index(0, CoinTotalsModel::ProfitLossColumn).data().toString(), QStringLiteral("-$5.1894"));
        // For people to look at: the P&L column and the portfolio's P&L line.
        const QString dir = QStringLiteral(CVC_BUILD_DIR "/screenshots");
        QDir().mkpath(dir);
        QVERIFY(m_window->grab().save(dir + QStringLiteral("/profit-loss-table.png")));
        auto *tabs = m_window->findChild<QTabWidget *>();
        QVERIFY(tabs);
        tabs->setCurrentWidget(portfolio);
        QVERIFY(m_window->grab().save(dir + QStringLiteral("/profit-loss-portfolio.png")));

        // Editing: the dialog shows the cost basis; clearing it removes it and the P&L.
        m_window->editCvc(QStringLiteral("default/bitcoin-stash"));
        QTRY_VERIFY(dialog->isVisible());
        QLineEdit *costBasis = dialogChild<QLineEdit>("costBasisEdit");
        QCOMPARE(costBasis->text(), QStringLiteral("100"));
        costBasis->clear();
        QTest::mouseClick(dialogChild<QPushButton>("saveButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(m_kubectl->run({"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.spec.costBasis}"}).standardOutput,
                                  QString(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(cell("bitcoin-stash", HoldingsModel::ProfitLossColumn), QString(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(kubectlProfitLoss("bitcoin-stash"), QString(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(portfolio->profitLossText(), QStringLiteral("P&L: set a cost basis on a CVC to see it"), 5000);
    }
};

QTEST_MAIN(TestProfitLoss)
#include "tst_profitloss.moc"
