// The dashboard without a window: DashboardController against a real kube-sandbox process,
// kubectl and the fake CoinGecko. What a window would show comes from the controller's models
// and signals; kubectl checks what it wrote.
#include "dashboard/cvcwriter.h"
#include "dashboard/dashboardcontroller.h"
#include "dashboard/holdingsmodel.h"
#include "dashboard/reconcileloop.h"
#include "dashboard/sessionsecretstore.h"
#include "operator/operatorruntime.h"
#include "fakecoingecko.h"
#include "kubectlrunner.h"
#include "sandboxprocess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cvc;
using namespace cvc::ui;
using namespace cvc::testsupport;

class TestDashboardController : public QObject
{
    Q_OBJECT

private:
    DashboardOptions options(const QString &kubeconfig) const
    {
        DashboardOptions o;
        o.connection.kubeconfig = kubeconfig;
        o.coingeckoUrl = m_coingecko.rootUrl().toString();
        o.interval = std::chrono::seconds(60);
        o.historyPath = m_dir.filePath(QStringLiteral("history.sqlite"));
        o.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        return o;
    }
    QString kubectl(const QStringList &args) const { return m_kubectl->run(args).standardOutput.trimmed(); }
    QString cell(const QString &key, int column) const
    {
        const int row = m_controller->holdings()->rowOf(key);
        return row < 0 ? QString() : m_controller->holdings()->index(row, column).data().toString();
    }

    QTemporaryDir m_dir;
    FakeCoinGecko m_coingecko;
    SandboxProcess m_sandbox;
    std::unique_ptr<KubectlRunner> m_kubectl;
    SessionSecretStore m_secrets;
    std::unique_ptr<DashboardController> m_controller;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_coingecko.setDefaultPrices();
        QVERIFY2(m_coingecko.listen(), qPrintable(m_coingecko.errorString()));
        QVERIFY2(m_sandbox.start({"--preload", SandboxProcess::sourcePath("crds")}), qPrintable(m_sandbox.errorString()));
        m_kubectl = std::make_unique<KubectlRunner>(m_sandbox);
        QVERIFY2(!KubectlRunner::kubectlPath().isEmpty(), "no kubectl: run scripts/install-deps.sh");
        QVERIFY(m_kubectl->run({"create", "-f", "-"}, QByteArrayLiteral(
            "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: bitcoin-stash\n  namespace: default\n"
            "  labels:\n    team: treasury\nspec:\n  coin: bitcoin\n  amount: 0.5\n")).succeeded());
        m_controller = std::make_unique<DashboardController>(options(m_sandbox.kubeconfigPath()), &m_secrets);
    }

    // The context of the kubeconfig opens; the table fills from the one watch and this
    // controller's loop values what it shows.
    void connectsAndValues()
    {
        QString initial;
        QCOMPARE(m_controller->contextNames(&initial), QStringList{QStringLiteral("kube-sandbox")});
        QCOMPARE(initial, QStringLiteral("kube-sandbox"));
        QSignalSpy opened(m_controller.get(), &DashboardController::contextOpened);
        QSignalSpy ready(m_controller.get(), &DashboardController::sessionReady);
        m_controller->connectTo(initial);
        QCOMPARE(opened.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QVERIFY(m_controller->writer()->hasClient());
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->holdings()->rowOf(QStringLiteral("default/bitcoin-stash")) >= 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!kubectl({"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.metadata.annotations.value}"}).isEmpty(), 20000);
        const QString written = kubectl({"get", "cvc", "bitcoin-stash", "-o", "jsonpath={.metadata.annotations.value}"});
        QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("default/bitcoin-stash"), HoldingsModel::ValueColumn), written, 10000);
    }

    // A context the kubeconfig lacks is a problem named for the user, not a crash or silence.
    void aMissingContextFailsWithItsName()
    {
        QSignalSpy failed(m_controller.get(), &DashboardController::failed);
        DashboardController other(options(m_sandbox.kubeconfigPath()), &m_secrets);
        QSignalSpy otherFailed(&other, &DashboardController::failed);
        other.connectTo(QStringLiteral("no-such-context"));
        QCOMPARE(otherFailed.size(), 1);
        QVERIFY2(otherFailed.first().first().toString().contains(QStringLiteral("no-such-context")),
                 qPrintable(otherFailed.first().first().toString()));
        QCOMPARE(failed.size(), 0);
    }

    // The cache keeps only what the table shows; the whole object (labels included) is read
    // from the server when asked for.
    void readsTheWholeObjectFresh()
    {
        QVERIFY(m_kubectl->run({"label", "cvc", "bitcoin-stash", "owner=alice"}).succeeded());
        QJsonObject read;
        m_controller->readObject(QStringLiteral("default/bitcoin-stash"), [&read](const QJsonObject &object) { read = object; });
        QTRY_VERIFY_WITH_TIMEOUT(!read.isEmpty(), 10000);
        const QJsonObject labels = read.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
        QCOMPARE(labels.value(QStringLiteral("team")).toString(), QStringLiteral("treasury"));
        QCOMPARE(labels.value(QStringLiteral("owner")).toString(), QStringLiteral("alice"));

        QSignalSpy failed(m_controller.get(), &DashboardController::failed);
        bool called = false;
        m_controller->readObject(QStringLiteral("default/not-there"), [&called](const QJsonObject &) { called = true; });
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("default/not-there")), qPrintable(failed.first().first().toString()));
        QVERIFY(!called);
    }

    void removesWhatTheUserDeletes()
    {
        QVERIFY(m_kubectl->run({"create", "-f", "-"}, QByteArrayLiteral(
            "apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: doomed\n  namespace: default\n"
            "spec:\n  coin: dogecoin\n  amount: 10\n")).succeeded());
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->holdings()->rowOf(QStringLiteral("default/doomed")) >= 0, 10000);
        QSignalSpy posted(m_controller.get(), &DashboardController::messagePosted);
        m_controller->remove({QStringLiteral("default/doomed")});
        QTRY_VERIFY_WITH_TIMEOUT(m_controller->holdings()->rowOf(QStringLiteral("default/doomed")) < 0, 10000);
        QVERIFY(!m_kubectl->run({"get", "cvc", "doomed"}).succeeded());
        bool said = false;
        for (const QList<QVariant> &message : posted)
            said = said || message.first().toString() == QStringLiteral("Deleted default/doomed");
        QVERIFY(said);
    }

    // Stopping releases the Lease at once, so another writer need not wait for it to expire.
    void stopReleasesTheLease()
    {
        QTRY_VERIFY_WITH_TIMEOUT(!kubectl({"get", "lease", "cvc-operator", "-n", "default", "-o", "jsonpath={.spec.holderIdentity}"}).isEmpty(), 20000);
        QVERIFY(!m_controller->isStopped());
        bool done = false;
        m_controller->stop([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        QVERIFY(m_controller->isStopped());
        QCOMPARE(kubectl({"get", "lease", "cvc-operator", "-n", "default", "-o", "jsonpath={.spec.holderIdentity}"}), QString());
        m_controller->close();
    }

    // The month's CoinGecko calls are kept in the data folder: a restarted window's budget
    // governor starts from them, not from zero.
    void theCallLedgerSurvivesARestart()
    {
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("price-call-ledger.json"))));
        const qint64 before = m_controller->loop()->runtime() ? m_controller->loop()->runtime()->budgetDecision().used : -1;
        m_controller.reset();
        QVERIFY(m_coingecko.callCount() > 0);
        DashboardController again(options(m_sandbox.kubeconfigPath()), &m_secrets);
        qint64 atStart = -1;
        connect(again.loop(), &ReconcileLoop::started, this, [&] { atStart = again.loop()->runtime()->budgetDecision().used; });
        again.connectTo(QStringLiteral("kube-sandbox"));
        QTRY_VERIFY_WITH_TIMEOUT(atStart >= 0, 10000);
        QVERIFY2(atStart >= std::max<qint64>(before, 1), qPrintable(QStringLiteral("%1 after restart, %2 before").arg(atStart).arg(before)));
        bool done = false;
        again.stop([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        again.close();
    }
};

QTEST_MAIN(TestDashboardController)
#include "tst_dashboardcontroller.moc"
