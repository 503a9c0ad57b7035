// A fault soak: kube-sandbox with a few hundred CVCs, two cvc-operator replicas on one Lease, and
// kubectl editing CVCs while faults rotate: dropped watches, 410 compactions, shares of 503 and 429
// with Retry-After, latency past the leader's renew deadline, a sandbox restart, price errors and
// garbage price bodies. Afterwards, asserted as counts: every value exact against a fresh LIST,
// no user edit lost, never two writers at once, no process crashed.
//
// CI runs it for about 90 s; CVC_SOAK_SECONDS=600 runs it for 10 minutes (bench/soak/README.md).
// It prints its figures either way.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QtTest>

using namespace cvc::e2e;

namespace {

const QString collection = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators");
constexpr int cvcCount = 240;
constexpr int phaseMs = 6000;
constexpr int renewDeadlineMs = 3000;

const QStringList leaseArgs{QStringLiteral("--lease-namespace"), QStringLiteral("default"),
                            QStringLiteral("--lease-duration"), QStringLiteral("4s"),
                            QStringLiteral("--renew-deadline"), QStringLiteral("3s"),
                            QStringLiteral("--retry-period"), QStringLiteral("500ms")};

QString coinOf(int i)
{
    return i % 2 ? QStringLiteral("ethereum") : QStringLiteral("bitcoin");
}

// Exact in binary, so the expected value text is exact.
double amountFor(int i, int edit)
{
    return 0.25 * ((i + edit) % 16 + 1);
}

QString valueText(double amount, double price)
{
    return QLatin1Char('$') + QString::number(amount * price, 'f', 4);
}

enum class Fault { Calm, DropWatches, Compaction, Unavailable, TooManyRequests, LeaderHangs, Restart, PriceErrors };

const char *faultName(Fault f)
{
    switch (f) {
    case Fault::Calm: return "calm";
    case Fault::DropWatches: return "dropped watches";
    case Fault::Compaction: return "410 compaction";
    case Fault::Unavailable: return "30% 503 with Retry-After";
    case Fault::TooManyRequests: return "30% 429 with Retry-After";
    case Fault::LeaderHangs: return "leader's requests hang past its renew deadline";
    case Fault::Restart: return "kube-sandbox restart";
    case Fault::PriceErrors: return "price errors and garbage bodies";
    }
    return "?";
}

} // namespace

class TestOperatorSoak : public KubectlTest
{
    Q_OBJECT

private:
    QString holder(SandboxProcess &sandbox)
    {
        return sandbox.request("GET", QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/default/leases/cvc-operator"))
            .json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("holderIdentity")).toString();
    }

private Q_SLOTS:
    void faultsRotateAndNothingIsLost()
    {
        const int soakSeconds = qEnvironmentVariableIsSet("CVC_SOAK_SECONDS") ? qEnvironmentVariableIntValue("CVC_SOAK_SECONDS") : 90;
        const ReplicaUsers users({QStringLiteral("a"), QStringLiteral("b")});
        SandboxProcess sandbox;
        // On a file, so that a restart keeps the objects, the CA and the tokens, like a real API server.
        sandbox.setDataFile(QDir(sandbox.tempPath()).filePath(QStringLiteral("state.db")));
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds")),
                                QStringLiteral("--token-auth-file"), users.tokenFile()}),
                 qPrintable(sandbox.errorString()));
        QHash<QString, double> amounts;
        QHash<QString, QString> coins;
        for (int i = 0; i < cvcCount; ++i) {
            const QString name = QStringLiteral("soak-%1").arg(i);
            amounts.insert(name, amountFor(i, 0));
            coins.insert(name, coinOf(i));
            const QJsonObject cvc{{QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1")},
                                  {QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator")},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                                  {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), coins.value(name)},
                                                                       {QStringLiteral("amount"), amounts.value(name)}}}};
            QCOMPARE(sandbox.requestJson("POST", collection, cvc).status, 201);
        }
        QHash<QString, double> price{{QStringLiteral("bitcoin"), 40000}, {QStringLiteral("ethereum"), 3000}};
        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=40000"), QStringLiteral("--price"),
                               QStringLiteral("ethereum=3000")}),
                 qPrintable(prices.errorString()));

        OperatorProcess a;
        OperatorProcess b;
        for (const auto &[process, id] : {std::pair{&a, QStringLiteral("a")}, std::pair{&b, QStringLiteral("b")}}) {
            const QString kubeconfig = users.kubeconfigFor(sandbox, id);
            QVERIFY(!kubeconfig.isEmpty());
            QVERIFY2(process->start(kubeconfig, prices.rootUrl(), leaseArgs + QStringList{QStringLiteral("--identity"), id},
                                    QStringLiteral("1s")),
                     qPrintable(process->errorString()));
        }
        KubectlRunner kubectl(sandbox);

        // The write log lives in the sandbox's memory and keeps 10,000 entries: read what is new
        // after every phase and before each restart (resourceVersions go on across a restart).
        QJsonArray writeLog;
        qint64 lastRv = 0;
        const auto collectWrites = [&] {
            const QJsonArray part = sandbox.writes(QUrlQuery{{QStringLiteral("sinceResourceVersion"), QString::number(lastRv)}});
            for (const QJsonValue &v : part) {
                writeLog.append(v);
                lastRv = std::max(lastRv, v.toObject().value(QStringLiteral("resourceVersion")).toString().toLongLong());
            }
        };

        const QList<Fault> rotation{Fault::Calm, Fault::DropWatches, Fault::Unavailable, Fault::LeaderHangs, Fault::Restart, Fault::Compaction,
                                    Fault::TooManyRequests, Fault::PriceErrors};
        QElapsedTimer soak;
        soak.start();
        int phases = 0;
        int edits = 0;
        int failedEdits = 0;
        int restarts = 0;
        QString hungUser;
        QRandomGenerator random(20261207);
        while (soak.elapsed() < soakSeconds * 1000LL) {
            const Fault fault = rotation.at(phases % rotation.size());
            ++phases;
            // Undo the last phase's faults; everyone starts each phase from the same footing.
            QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("reset"), true}}));
            if (!hungUser.isEmpty())
                QVERIFY(sandbox.setFaultForUser(hungUser, QJsonObject{{QStringLiteral("reset"), true}}));
            hungUser.clear();

            switch (fault) {
            case Fault::Calm:
                break;
            case Fault::DropWatches:
                QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("dropWatches"), true}}));
                break;
            case Fault::Compaction:
                QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("compact"), true}}));
                QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("dropWatches"), true}}));
                break;
            case Fault::Unavailable:
            case Fault::TooManyRequests:
                QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("failRatio"), 0.3},
                                                     {QStringLiteral("failStatus"), fault == Fault::Unavailable ? 503 : 429},
                                                     {QStringLiteral("retryAfterSeconds"), 1}}));
                break;
            case Fault::LeaderHangs: {
                const QString id = holder(sandbox);
                if (!id.isEmpty()) {
                    hungUser = ReplicaUsers::userOf(id);
                    QVERIFY(sandbox.setFaultForUser(hungUser, QJsonObject{{QStringLiteral("latencyMs"), renewDeadlineMs + 1500}}));
                }
                break;
            }
            case Fault::Restart:
                collectWrites();
                QVERIFY2(sandbox.restart(), qPrintable(sandbox.errorString()));
                ++restarts;
                break;
            case Fault::PriceErrors:
                QVERIFY(prices.setState(QJsonObject{{QStringLiteral("failNext"), QJsonObject{{QStringLiteral("count"), 2},
                                                                                              {QStringLiteral("status"), 500}}},
                                                    {QStringLiteral("malformedNext"), 2}}));
                break;
            }

            // A market move and a person editing amounts, while the fault lasts.
            const QString movedCoin = phases % 2 ? QStringLiteral("bitcoin") : QStringLiteral("ethereum");
            price[movedCoin] += movedCoin == QLatin1String("bitcoin") ? 125.5 : 7.25;
            QVERIFY(prices.setPrice(movedCoin, price.value(movedCoin)));
            for (int e = 0; e < 3; ++e) {
                const int i = int(random.bounded(cvcCount));
                const QString name = QStringLiteral("soak-%1").arg(i);
                const double amount = amountFor(i, phases + e + 1);
                const KubectlResult r = kubectl.run({QStringLiteral("patch"), QStringLiteral("cvc"), name, QStringLiteral("--type=merge"),
                                                     QStringLiteral("-p"), QStringLiteral("{\"spec\":{\"amount\":%1}}").arg(amount)});
                ++edits;
                if (r.succeeded())
                    amounts.insert(name, amount);
                else
                    ++failedEdits;   // refused by an injected 503/429: the person sees it and nothing changed
            }
            QTest::qWait(phaseMs); // the phase's length: the fault runs while the operators work
            collectWrites();
            QVERIFY2(a.isRunning() && b.isRunning(), qPrintable(QStringLiteral("an operator exited during \"%1\":\n%2\n%3")
                                                                    .arg(QLatin1String(faultName(fault)), a.output().right(3000),
                                                                         b.output().right(3000))));
        }
        QVERIFY(sandbox.setFault(QJsonObject{{QStringLiteral("reset"), true}}));
        if (!hungUser.isEmpty())
            QVERIFY(sandbox.setFaultForUser(hungUser, QJsonObject{{QStringLiteral("reset"), true}}));

        // Values exact against a fresh LIST, and no user edit lost.
        const auto wrong = [&] {
            QStringList out;
            const auto list = sandbox.request("GET", collection);
            if (list.status != 200)
                return QStringList{QStringLiteral("LIST answered %1: %2").arg(list.status).arg(QString::fromUtf8(list.body.left(300)))};
            const QJsonArray items = list.json().value(QStringLiteral("items")).toArray();
            if (items.size() != cvcCount)
                out << QStringLiteral("%1 CVCs instead of %2").arg(items.size()).arg(cvcCount);
            for (const QJsonValue &v : items) {
                const QJsonObject o = v.toObject();
                const QString name = o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
                const double amount = o.value(QStringLiteral("spec")).toObject().value(QStringLiteral("amount")).toDouble();
                if (amount != amounts.value(name))
                    out << QStringLiteral("%1: amount %2, the last edit set %3").arg(name).arg(amount).arg(amounts.value(name));
                const QString value = o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                                          .value(QStringLiteral("value")).toString();
                const QString expected = valueText(amounts.value(name), price.value(coins.value(name)));
                if (value != expected)
                    out << QStringLiteral("%1: %2 instead of %3").arg(name, value, expected);
            }
            return out;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(wrong().isEmpty(), qPrintable(wrong().mid(0, 10).join(QLatin1Char('\n'))), 60000);

        // Never two writers: the CVC writes of one replica and the other never interleave within
        // a leadership term, so there are no more runs of CVC writers than of Lease holders.
        collectWrites();
        QStringList cvcWriters;
        QStringList leaseWriters;
        QHash<QString, int> writesByUser;
        for (const QJsonValue &v : std::as_const(writeLog)) {
            const QJsonObject w = v.toObject();
            const QString user = w.value(QStringLiteral("user")).toString();
            if (!user.startsWith(QLatin1String("replica-")))
                continue;
            const QString resource = w.value(QStringLiteral("resource")).toString();
            QStringList &runs = resource == QLatin1String("leases") ? leaseWriters : cvcWriters;
            if (resource == QLatin1String("cryptovaluecalculators"))
                ++writesByUser[user];
            if (resource != QLatin1String("leases") && resource != QLatin1String("cryptovaluecalculators"))
                continue;
            if (runs.isEmpty() || runs.last() != user)
                runs.append(user);
        }
        const QString figures = QStringLiteral("%1 s, %2 phases (%3 restarts), %4 kubectl edits (%5 refused by injected faults), "
                                               "writes to CVCs: replica-a %6, replica-b %7; leadership terms %8, writer runs %9")
                                    .arg(soak.elapsed() / 1000).arg(phases).arg(restarts).arg(edits).arg(failedEdits)
                                    .arg(writesByUser.value(QStringLiteral("replica-a")))
                                    .arg(writesByUser.value(QStringLiteral("replica-b")))
                                    .arg(leaseWriters.size()).arg(cvcWriters.size());
        qInfo("%s", qPrintable(figures));
        QVERIFY2(cvcWriters.size() <= leaseWriters.size(), qPrintable(QStringLiteral("two writers at once: ") + figures));
        if (phases > rotation.indexOf(Fault::LeaderHangs))
            QVERIFY2(leaseWriters.size() >= 2, qPrintable(QStringLiteral("the Lease never changed hands: ") + figures));

        // No crash: both replicas and the sandbox still run, and stop cleanly.
        QVERIFY(sandbox.isRunning());
        QCOMPARE(a.terminate(), 0);
        QCOMPARE(b.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestOperatorSoak)
#include "tst_operatorsoak.moc"
