// A newcomer without a CoinGecko key, against a real kube-sandbox and the local CoinGecko
// stand-in (its keyless sources' stand-ins unreachable unless a test points one at the fake):
// when the keyless API refuses and nothing else answers, the main window says so in plain words
// and offers a free Demo key; Settings will not save a plan that needs a key without one, says
// when a session-only key is gone after a restart, and shows the month's budget; history
// backfill leaves live prices the calls they need.
#include "dashboard/apikeystore.h"
#include "dashboard/dashboardcontroller.h"
#include "dashboard/dashboardsettings.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/sessionsecretstore.h"
#include "dashboardstatusbar.h"
#include "dashboard/historybackfiller.h"
#include "fakecoingecko.h"
#include "history/historystore.h"
#include "kubectlrunner.h"
#include "mainwindow.h"
#include "pricenoticebar.h"
#include "prices/budgetgovernor.h"
#include "prices/coingeckoplan.h"
#include "prices/coingeckoclient.h"
#include "prices/pricecallledger.h"
#include "prices/pricehistoryclient.h"
#include "sandboxprocess.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cvc;
using namespace cvc::ui;
using namespace cvc::testsupport;

namespace {

const QByteArray demoKey = "CG-demo-key-for-first-use";

// A desktop without a Secret Service: the keychain answers that it is not there, as
// KeychainSecretStore does without a session bus (tst_secretstore runs that for real).
class NoKeychain : public SecretStore
{
public:
    using SecretStore::SecretStore;
    void read(const QString &, Callback done) override { answer(std::move(done)); }
    void write(const QString &, const QByteArray &, Callback done) override { answer(std::move(done)); }
    void remove(const QString &, Callback done) override { answer(std::move(done)); }
    QString description() const override { return QStringLiteral("no keychain"); }
    bool isPersistent() const override { return false; }

private:
    void answer(Callback done)
    {
        QMetaObject::invokeMethod(this, [done = std::move(done)] {
            done({Status::Unavailable, {}, QStringLiteral("no Secret Service on the session bus")});
        }, Qt::QueuedConnection);
    }
};

} // namespace

class TestFirstUseWithoutKey : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeCoinGecko m_coingecko;
    SandboxProcess m_sandbox;
    std::unique_ptr<KubectlRunner> m_kubectl;
    std::unique_ptr<SecretStore> m_keychain;
    std::unique_ptr<MainWindow> m_window;
    int m_windows = 0;

    // A window of its own (files in a folder of its own unless `settingsFile` is shared), started;
    // `plan`, when given, saved in its settings as if chosen before.
    MainWindow *openWindow(const QString &plan, SecretStore *keychain, const QString &settingsFile = {})
    {
        const QString folder = m_dir.filePath(QStringLiteral("window%1").arg(++m_windows));
        QDir().mkpath(folder);
        DashboardOptions options;
        options.connection.kubeconfig = m_sandbox.kubeconfigPath();
        options.coingeckoUrl = m_coingecko.rootUrl().toString();
        options.interval = std::chrono::seconds(60);
        options.historyPath = folder + QStringLiteral("/history.sqlite");
        options.settingsFile = settingsFile.isEmpty() ? folder + QStringLiteral("/settings.ini") : settingsFile;
        if (!plan.isEmpty()) {
            DashboardSettings saved(options.settingsFile);
            saved.setCoinGeckoPlan(plan);
        }
        m_window = std::make_unique<MainWindow>(options, keychain);
        m_window->resize(1180, 760);
        m_window->show();
        m_window->start();
        return m_window.get();
    }

    void closeWindow()
    {
        if (!m_window)
            return;
        // Closing releases the Lease, so the next window writes at once.
        m_window->close();
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 10000);
        m_window.reset();
    }

    QString value(const QString &name) const
    {
        HoldingsModel *model = m_window->controller()->holdings();
        const int row = model->rowOf(QStringLiteral("default/") + name);
        return row < 0 ? QString() : model->index(row, HoldingsModel::ValueColumn).data().toString();
    }

    int keyedCalls() const
    {
        int n = 0;
        for (const FakeCoinGeckoCall &call : m_coingecko.calls())
            n += call.hasHeader("x-cg-demo-api-key") ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Numbers as an English desktop writes them: "10,000".
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        m_coingecko.setDefaultPrices();
        QVERIFY2(m_coingecko.listen(), qPrintable(m_coingecko.errorString()));
        QVERIFY2(m_sandbox.start({"--preload", SandboxProcess::sourcePath("crds")}), qPrintable(m_sandbox.errorString()));
        m_kubectl = std::make_unique<KubectlRunner>(m_sandbox);
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
        const KubectlResult applied = m_kubectl->run({"apply", "-f", SandboxProcess::sourcePath("examples/bitcoin.yaml")});
        QVERIFY2(applied.succeeded(), qPrintable(applied.describe()));
        // The fallback sources are unreachable (CVC_TEST_PRICE_ENV points them at port 9).
        QVERIFY(qEnvironmentVariable("CVC_DEFILLAMA_URL").contains(QLatin1String(":9/")));
    }

    void cleanup()
    {
        closeWindow();
        m_coingecko.setFlavour(FakeCoinGecko::Flavour::Public);
        m_coingecko.clearCalls();
    }

    // CoinGecko's keyless API answers 429 and no other source answers: the window says so above
    // the table, offers a free Demo key, and the key typed into Settings brings the values.
    void keylessRefusalIsExplainedAndADemoKeyMendsIt()
    {
        m_keychain = std::make_unique<SessionSecretStore>();   // a keychain that works
        m_coingecko.failNext(1, 429, 600);
        MainWindow *window = openWindow(QString(), m_keychain.get());
        PriceNoticeBar *notice = window->priceNoticeBar();
        QTRY_VERIFY_WITH_TIMEOUT(!notice->text().isEmpty(), 45000);
        QCOMPARE(notice->text(),
                 QStringLiteral("No prices: CoinGecko's free public API is refusing calls from this address because too many "
                                "were made (HTTP 429), and no other price source answered (DefiLlama, Coinbase). Values stay "
                                "as they were until a source answers again. A free CoinGecko Demo key gives this dashboard "
                                "10,000 calls a month of its own."));
        QVERIFY(notice->isVisible());
        QVERIFY(notice->offersKey());
        QCOMPARE(value(QStringLiteral("bitcoin-stash")), QString());

        // The offer opens Settings at the key field, with the Demo plan chosen and where to get one.
        auto *addKey = notice->findChild<QPushButton *>(QStringLiteral("addKeyButton"));
        QVERIFY(addKey->isVisible());
        QTest::mouseClick(addKey, Qt::LeftButton);
        SettingsDialog *settings = window->settingsDialog();
        QTRY_VERIFY(settings->isVisible());
        auto *keyEdit = settings->findChild<QLineEdit *>(QStringLiteral("apiKeyEdit"));
        QTRY_COMPARE(settings->focusWidget(), keyEdit);
        QCOMPARE(settings->findChild<QComboBox *>(QStringLiteral("planCombo"))->currentText(), QStringLiteral("demo"));
        auto *help = settings->findChild<QLabel *>(QStringLiteral("keyHelpLabel"));
        QVERIFY(help->isVisible());
        QVERIFY2(help->text().contains(QStringLiteral("href=\"https://www.coingecko.com/en/api/pricing\"")), qPrintable(help->text()));

        // Demo without a key is refused beside the field, and nothing is saved.
        auto *save = settings->findChild<QPushButton *>(QStringLiteral("saveSettingsButton"));
        QTRY_COMPARE(settings->keyStatus(), QStringLiteral("No key stored."));
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(settings->keyError(),
                 QStringLiteral("The demo plan needs an API key: paste it here, or choose the public plan, which needs none."));
        QVERIFY(settings->findChild<QLabel *>(QStringLiteral("keyErrorLabel"))->isVisible());
        QVERIFY(settings->isVisible());
        QCOMPARE(DashboardSettings(window->controller()->options().settingsFile).coinGeckoPlan(), QStringLiteral("public"));

        // With the key the plan is saved, the loop restarts on it and the values come.
        QTest::keyClicks(keyEdit, QString::fromLatin1(demoKey));
        QVERIFY(settings->keyError().isEmpty());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!settings->isVisible(), 10000);
        QCOMPARE(DashboardSettings(window->controller()->options().settingsFile).coinGeckoPlan(), QStringLiteral("demo"));
        QTRY_VERIFY2_WITH_TIMEOUT(value(QStringLiteral("bitcoin-stash")) == QStringLiteral("$94.8106"),
                                  qPrintable(window->dashboardStatusBar()->writerText() + QLatin1Char('\n')
                                             + window->dashboardStatusBar()->feedText()),
                                  45000);
        QTRY_VERIFY_WITH_TIMEOUT(notice->isHidden(), 5000);
        QVERIFY(notice->text().isEmpty());
        QVERIFY(keyedCalls() >= 1);
    }

    // Settings' budget: the plan's monthly calls, what this month used by the ledger's count, what
    // the interval costs, and that the governor polls slower when the interval would overspend.
    void settingsShowTheMonthsBudget()
    {
        m_keychain = std::make_unique<SessionSecretStore>();
        // A Demo key stored before, in a keychain that works.
        bool stored = false;
        m_keychain->write(QString::fromLatin1(ApiKeyStore::keyName), demoKey,
                          [&](const SecretStore::Result &r) { stored = r.status == SecretStore::Status::Ok; });
        QTRY_VERIFY(stored);
        MainWindow *window = openWindow(QStringLiteral("demo"), m_keychain.get());
        QTRY_COMPARE_WITH_TIMEOUT(value(QStringLiteral("bitcoin-stash")), QStringLiteral("$94.8106"), 45000);
        // The ledger as the window saves it in its data folder, call by call.
        const QString folder = QFileInfo(window->controller()->options().historyPath).absolutePath();
        const auto counted = [&folder] {
            PriceCallLedger ledger;
            return ledger.setStorageDirectory(folder)
                ? ledger.callsThisMonth(PriceCallLedger::account(CoinGeckoPlan(CoinGeckoPlan::Kind::Demo), demoKey))
                : qint64(-1);
        };
        QTRY_VERIFY(counted() >= 1);
        // Every call the stand-in saw with this key is in the ledger.
        QTRY_COMPARE(counted(), qint64(keyedCalls()));
        const qint64 used = counted();

        window->showSettings();
        SettingsDialog *settings = window->settingsDialog();
        QTRY_VERIFY(settings->isVisible());
        auto *interval = settings->findChild<QSpinBox *>(QStringLiteral("intervalSpin"));
        // --interval 60s is what polls; the field shows it and leaves it to the command line.
        QCOMPARE(interval->value(), 60);
        QVERIFY(!interval->isEnabled());
        QTRY_COMPARE(settings->budgetText(),
                     QStringLiteral("The demo plan grants 10,000 calls a month; %1 used this month. Polling every 60 s "
                                    "costs about 44,640 calls a month.").arg(QLocale().toString(used)));
        // 60 s would overspend Demo's month: the governor's slower interval is named.
        const BudgetGovernor::Decision expected = BudgetGovernor(CoinGeckoPlan(CoinGeckoPlan::Kind::Demo), false)
                                                      .decide(std::chrono::seconds(60), used);
        if (expected.why == BudgetGovernor::Why::Budget) {
            // The figures are the governor's (a moment later here, so within one of each other).
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral(
                "^At that interval this month would need about ([0-9,]+) calls, more than the 9,000 the demo plan leaves "
                "for prices \\(1,000 of its 10,000 are kept for history\\)\\. The dashboard will poll every ([0-9,]+) s "
                "instead, so the calls last until the month ends\\.$")).match(settings->budgetWarning());
            QVERIFY2(m.hasMatch(), qPrintable(settings->budgetWarning()));
            QVERIFY(qAbs(QLocale().toLongLong(m.captured(1)) - expected.projectedAtAsked) <= 1);
            QVERIFY(qAbs(QLocale().toLongLong(m.captured(2)) - (expected.effective.count() + 999) / 1000) <= 1);
            QVERIFY(settings->findChild<QLabel *>(QStringLiteral("budgetWarningLabel"))->isVisible());
        } else {
            // The month's last hours: even 60 s fits what is left.
            QVERIFY(settings->budgetWarning().isEmpty());
        }

        // The public plan: no monthly allowance, only the per-minute limit.
        settings->findChild<QComboBox *>(QStringLiteral("planCombo"))->setCurrentText(QStringLiteral("public"));
        QVERIFY2(settings->budgetText().startsWith(QStringLiteral("The public plan has no monthly allowance, only a limit of about 5 calls a minute")),
                 qPrintable(settings->budgetText()));
        QVERIFY(settings->budgetWarning().isEmpty());
        settings->reject();
    }

    // A plan that needs a key, kept for a session only without a keychain: after a restart the
    // window says the key is gone and Settings says why, instead of values stopping in silence.
    void aSessionOnlyKeyLostInARestartIsNamed()
    {
        m_keychain = std::make_unique<NoKeychain>();
        const QString settingsFile = m_dir.filePath(QStringLiteral("restart-settings.ini"));
        {
            DashboardSettings settings(settingsFile);
            SessionSecretStore session;
            ApiKeyStore keys(m_keychain.get(), &session, &settings);
            SettingsDialog dialog(&settings, &keys);
            dialog.load();
            dialog.show();
            QTRY_VERIFY(dialog.keyStatus().startsWith(QStringLiteral("No keychain service is running")));
            dialog.findChild<QComboBox *>(QStringLiteral("planCombo"))->setCurrentText(QStringLiteral("demo"));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyEdit")), QString::fromLatin1(demoKey));
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("saveSettingsButton")), Qt::LeftButton);
            auto *sessionOnly = dialog.findChild<QPushButton *>(QStringLiteral("sessionOnlyButton"));
            QTRY_VERIFY(sessionOnly->isVisible());
            QTest::mouseClick(sessionOnly, Qt::LeftButton);
            QTRY_VERIFY(!dialog.isVisible());
            QCOMPARE(settings.coinGeckoPlan(), QStringLiteral("demo"));
        }
        // The restart: a new process has an empty session store.
        MainWindow *window = openWindow(QString(), m_keychain.get(), settingsFile);
        PriceNoticeBar *notice = window->priceNoticeBar();
        QTRY_VERIFY_WITH_TIMEOUT(!notice->text().isEmpty(), 45000);
        QCOMPARE(notice->text(),
                 QStringLiteral("No prices: the CoinGecko demo plan needs an API key, and the key was kept for the last "
                                "session only, which ended when the dashboard closed. Enter the key again in Settings, "
                                "or choose the public plan, which needs none."));
        QVERIFY(notice->offersKey());
        QCOMPARE(m_coingecko.callCount(), 0);
        QTest::mouseClick(notice->findChild<QPushButton *>(QStringLiteral("addKeyButton")), Qt::LeftButton);
        SettingsDialog *settings = window->settingsDialog();
        QTRY_VERIFY(settings->isVisible());
        QTRY_VERIFY2(settings->keyStatus().startsWith(QStringLiteral("The key you kept for the last session only was forgotten "
                                                                     "when the dashboard closed")),
                     qPrintable(settings->keyStatus()));
        QCOMPARE(settings->findChild<QComboBox *>(QStringLiteral("planCombo"))->currentText(), QStringLiteral("demo"));
        settings->reject();
    }

    // CoinGecko's host asks for a key (401, error 10002, as pro-api does without one): named as such.
    void aKeylessCallThatNeedsAKeyIsNamed()
    {
        m_keychain = std::make_unique<SessionSecretStore>();
        m_coingecko.setFlavour(FakeCoinGecko::Flavour::Pro);
        MainWindow *window = openWindow(QStringLiteral("public"), m_keychain.get());
        PriceNoticeBar *notice = window->priceNoticeBar();
        QTRY_VERIFY_WITH_TIMEOUT(!notice->text().isEmpty(), 45000);
        QVERIFY2(notice->text().startsWith(QStringLiteral("No prices: CoinGecko's public API refused to answer without an "
                                                          "API key (HTTP 401), and no other price source answered")),
                 qPrintable(notice->text()));
        QVERIFY(notice->offersKey());
    }

    // A keyless fallback that answers keeps the values coming: no notice, the source is named.
    void aFallbackThatAnswersNeedsNoNotice()
    {
        const QByteArray previous = qgetenv("CVC_DEFILLAMA_URL");
        qputenv("CVC_DEFILLAMA_URL", m_coingecko.providerRootUrl(QStringLiteral("defillama")).toEncoded());
        // DefiLlama's own price, so the value it gives is told apart from CoinGecko's.
        m_coingecko.providers().setPrice(QStringLiteral("defillama"), QStringLiteral("bitcoin"), 40000);
        m_keychain = std::make_unique<SessionSecretStore>();
        m_coingecko.failNext(1, 429, 600);
        MainWindow *window = openWindow(QStringLiteral("public"), m_keychain.get());
        QTRY_VERIFY_WITH_TIMEOUT(window->dashboardStatusBar()->feedText().startsWith(QStringLiteral("Prices: ok · DefiLlama")), 45000);
        QTRY_COMPARE_WITH_TIMEOUT(m_kubectl->run({"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.status.priceSource}"}).standardOutput,
                                  QStringLiteral("defillama"), 10000);
        QTRY_COMPARE(value(QStringLiteral("bitcoin-stash")), QStringLiteral("$92.0000"));
        QVERIFY(window->priceNoticeBar()->isHidden());
        m_coingecko.providers().removePrice(QStringLiteral("defillama"), QStringLiteral("bitcoin"));
        qputenv("CVC_DEFILLAMA_URL", previous);
    }

    // History backfill spends only what live prices leave: with the month's Demo calls all but
    // used, the gap stays open, CoinGecko's market_chart is never asked and the reason is given;
    // with calls to spare the same gap is filled. (The window runs the same backfiller with
    // OperatorRuntime::budgetDecision(); a window's gap needs hours without it, so this drives
    // the backfiller with the governor and a ledger directly.)
    void historyBackfillLeavesLivePricesTheirCalls()
    {
        CoinGeckoSettings settings;
        settings.plan = CoinGeckoPlan(CoinGeckoPlan::Kind::Demo);
        settings.apiKey = demoKey;
        settings.rootOverride = m_coingecko.rootUrl().toString();
        CoinGeckoClient client(settings);
        PriceHistoryClient prices(&client);
        prices.setMinimumSpacing(std::chrono::milliseconds(0));
        QTemporaryDir dir;
        HistoryStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("history.sqlite"))));
        const QString key = QStringLiteral("default/bitcoin-stash");
        QVERIFY(store.addSample({QDateTime::currentDateTimeUtc().addSecs(-3 * 3600), key, QStringLiteral("uid-1"),
                                 QStringLiteral("bitcoin"), 0.0023, 41000, 94.3}));
        PriceCallLedger ledger;
        const QString account = PriceCallLedger::account(settings.plan, demoKey);
        const BudgetGovernor governor(settings.plan, false);
        HistoryBackfiller backfiller(&store, &prices);
        backfiller.setBudget([&] { return governor.decide(std::chrono::seconds(60), ledger.callsThisMonth(account)); });

        ledger.correct(account, 9999);   // one call left: the next price tick's
        QSignalSpy failed(&backfiller, &HistoryBackfiller::failed);
        QSignalSpy finished(&backfiller, &HistoryBackfiller::finished);
        backfiller.run();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 1);
        const QString message = failed.first().first().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^The history of default/bitcoin-stash is not filled from CoinGecko: what is "
                                                   "left of the demo plan's 10,000 calls this month \\(1\\) is needed for "
                                                   "current prices, every [0-9,]+ s until the month ends$"))
                     .match(message).hasMatch(),
                 qPrintable(message));
        QCOMPARE(m_coingecko.callCount(), 0);

        ledger.correct(account, 100);    // calls to spare beyond the month's polling
        backfiller.run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
        QCOMPARE(failed.count(), 1);
        QVERIFY(finished.last().first().toInt() > 0);
        QCOMPARE(m_coingecko.callCount(QStringLiteral("/coins/bitcoin/market_chart/range")), 1);
    }

    void cleanupTestCase()
    {
        closeWindow();
    }
};

QTEST_MAIN(TestFirstUseWithoutKey)
#include "tst_firstusewithoutkey.moc"
