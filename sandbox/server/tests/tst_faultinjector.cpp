// Fault settings as POST /sandbox/faults applies them: global ones as before, and ones aimed at a
// single client by user name or User-Agent prefix.
#include "faultinjector.h"
#include "objectstore.h"
#include "watchhub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cvc::sandbox;

namespace {

const FaultInjector::Client kOperator{QStringLiteral("system:serviceaccount:cvc-system:cvc-operator"),
                                      QStringLiteral("cvc-operator/0.1.0")};
const FaultInjector::Client kKubectl{QStringLiteral("alice"), QStringLiteral("kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07")};
const FaultInjector::Client kDashboard{QStringLiteral("bob"), QStringLiteral("cvc-dashboard/0.1.0")};

// How many of `requests` requests of `client` fail.
int failures(FaultInjector &faults, const FaultInjector::Client &client, int requests, int *lastStatus = nullptr)
{
    int failed = 0;
    for (int i = 0; i < requests; ++i) {
        int status = 0;
        int retryAfter = 0;
        if (faults.shouldFail(client, &status, &retryAfter)) {
            ++failed;
            if (lastStatus)
                *lastStatus = status;
        }
    }
    return failed;
}

} // namespace

class TestFaultInjector : public QObject
{
    Q_OBJECT

private:
    ObjectStore m_store;
    WatchHub m_hub{100};

    bool apply(FaultInjector &faults, const QByteArray &json, QString *error = nullptr)
    {
        QString ignored;
        return faults.apply(QJsonDocument::fromJson(json).object(), error ? error : &ignored);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_store.open(QString(), &error), qPrintable(error));
    }

    void globalFaultsHitEveryone()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"failRatio":1,"failStatus":429,"latencyMs":50})"));
        int status = 0;
        QCOMPARE(failures(faults, kOperator, 4, &status), 4);
        QCOMPARE(status, 429);
        QCOMPARE(failures(faults, kKubectl, 4), 4);
        QCOMPARE(faults.latencyMs(kDashboard), 50);
        QCOMPARE(faults.settings()["targets"].toArray().size(), 0);
        QCOMPARE(faults.settings()["injectedFailures"].toInt(), 8);
    }

    void userAgentTargetHitsOnlyThatClient()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"target":{"userAgent":"cvc-operator"},"failRatio":1,"failStatus":503,"retryAfterSeconds":7})"));
        int status = 0;
        QCOMPARE(failures(faults, kOperator, 5, &status), 5);
        QCOMPARE(status, 503);
        QCOMPARE(failures(faults, kKubectl, 5), 0);
        QCOMPARE(failures(faults, kDashboard, 5), 0);
        int retryAfter = 0;
        QVERIFY(faults.shouldFail(kOperator, &status, &retryAfter));
        QCOMPARE(retryAfter, 7);

        const QJsonObject settings = faults.settings();
        QCOMPARE(settings["failRatio"].toDouble(), 0.0);   // the global settings are untouched
        const QJsonArray targets = settings["targets"].toArray();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets[0]["target"].toObject(), (QJsonObject{{"userAgent", "cvc-operator"}}));
        QCOMPARE(targets[0]["failRatio"].toDouble(), 1.0);
        QCOMPARE(targets[0]["injectedFailures"].toInt(), 6);
        QCOMPARE(settings["injectedFailures"].toInt(), 6);
    }

    void userTargetMatchesTheExactName()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"target":{"user":"alice"},"latencyMs":300})"));
        QCOMPARE(faults.latencyMs(kKubectl), 300);
        QCOMPARE(faults.latencyMs({QStringLiteral("alice2"), QStringLiteral("kubectl/v1")}), 0);
        QCOMPARE(faults.latencyMs(kOperator), 0);
    }

    void targetedClientsGetTheirSettingsInsteadOfTheGlobalOnes()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"failRatio":1,"latencyMs":20})"));
        QVERIFY(apply(faults, R"({"target":{"user":"bob"},"latencyMs":100})"));
        QCOMPARE(failures(faults, kDashboard, 3), 0);
        QCOMPARE(faults.latencyMs(kDashboard), 100);
        QCOMPARE(failures(faults, kKubectl, 3), 3);
        QCOMPARE(faults.latencyMs(kKubectl), 20);
        // A later body for the same target changes only what it names.
        QVERIFY(apply(faults, R"({"target":{"user":"bob"},"failRatio":0.5})"));
        QCOMPARE(faults.latencyMs(kDashboard), 100);
        QCOMPARE(failures(faults, kDashboard, 10), 5);
        QCOMPARE(faults.settings()["targets"].toArray().size(), 1);
    }

    void shareIsExactPerTarget()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"target":{"userAgent":"kubectl"},"failRatio":0.3})"));
        QVERIFY(apply(faults, R"({"failRatio":0.5})"));
        // Interleaved requests: each target keeps its own running share.
        int kubectl = 0;
        int others = 0;
        for (int i = 0; i < 100; ++i) {
            kubectl += failures(faults, kKubectl, 1);
            others += failures(faults, kOperator, 1);
        }
        QVERIFY2(kubectl >= 29 && kubectl <= 31, qPrintable(QString::number(kubectl)));
        QVERIFY2(others >= 49 && others <= 51, qPrintable(QString::number(others)));
    }

    void resetClearsTargets()
    {
        FaultInjector faults(&m_hub, &m_store);
        QVERIFY(apply(faults, R"({"target":{"user":"alice"},"failRatio":1})"));
        QVERIFY(apply(faults, R"({"target":{"userAgent":"cvc-operator"},"failRatio":1})"));
        // One target only.
        QVERIFY(apply(faults, R"({"target":{"user":"alice"},"reset":true})"));
        QCOMPARE(failures(faults, kKubectl, 3), 0);
        QCOMPARE(failures(faults, kOperator, 3), 3);
        QCOMPARE(faults.settings()["targets"].toArray().size(), 1);
        // Everything.
        QVERIFY(apply(faults, R"({"reset":true})"));
        QCOMPARE(failures(faults, kOperator, 3), 0);
        QCOMPARE(faults.settings()["targets"].toArray().size(), 0);
    }

    void badTargetsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object") << QByteArray(R"({"target":"alice","failRatio":1})") << "target must be";
        QTest::newRow("both keys") << QByteArray(R"({"target":{"user":"a","userAgent":"b"},"failRatio":1})") << "target must be";
        QTest::newRow("unknown key") << QByteArray(R"({"target":{"group":"devs"},"failRatio":1})") << "target must be";
        QTest::newRow("empty") << QByteArray(R"({"target":{"user":""},"failRatio":1})") << "non-empty";
        QTest::newRow("drop") << QByteArray(R"({"target":{"user":"a"},"dropWatches":true})") << "without a target";
        QTest::newRow("compact") << QByteArray(R"({"target":{"user":"a"},"compact":true})") << "without a target";
        QTest::newRow("ratio") << QByteArray(R"({"target":{"user":"alice"},"failRatio":2})") << "failRatio must be";
        QTest::newRow("status") << QByteArray(R"({"target":{"user":"alice"},"failStatus":404})") << "failStatus must be";
    }

    void badTargetsChangeNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        FaultInjector faults(&m_hub, &m_store);
        const QJsonObject before = faults.settings();
        QString error;
        QVERIFY(!apply(faults, body, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(faults.settings(), before);
        QCOMPARE(failures(faults, kKubectl, 3), 0);
    }
};

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
