// Review C1, end to end: one CVC nested 1,100 levels deep under spec (the original CRD keeps
// unknown spec fields, and kube-apiserver stores up to 10,000 levels) must not stop the others.
// Before, it made the whole LIST unreadable to Qt's parser: the watcher relisted forever and no
// CVC in any namespace was valued.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>
#include <QtTest>

using namespace cvc::e2e;

namespace {

const QString collection = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators");

QByteArray cvcBody(const QString &name, const QByteArray &amount, int extraLevels = 0)
{
    QByteArray extra;
    if (extraLevels > 0)
        extra = ",\"extra\":" + QByteArray("{\"a\":").repeated(extraLevels) + "1" + QByteArray("}").repeated(extraLevels);
    return "{\"apiVersion\":\"crypto.tools/v1\",\"kind\":\"CryptoValueCalculator\",\"metadata\":{\"name\":\"" + name.toUtf8()
           + "\"},\"spec\":{\"coin\":\"bitcoin\",\"amount\":" + amount + extra + "}}";
}

QString valueOf(SandboxProcess &sandbox, const QString &name)
{
    return sandbox.request("GET", collection + QLatin1Char('/') + name)
        .json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
        .value(QStringLiteral("value")).toString();
}

} // namespace

class TestOperatorPoisonPill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneDeepCvcStopsNoOther()
    {
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"),
                                SandboxProcess::sourcePath(QStringLiteral("tests/data/cryptovaluecalculators-original.yaml"))}),
                 qPrintable(sandbox.errorString()));
        // Accepted by the server, as kube-apiserver accepts it.
        for (const auto &[name, amount, levels] : {std::tuple{QStringLiteral("before-1"), QByteArray("0.5"), 0},
                                                   std::tuple{QStringLiteral("deep-in-list"), QByteArray("1"), 1100},
                                                   std::tuple{QStringLiteral("before-2"), QByteArray("2"), 0}}) {
            const auto reply = sandbox.request("POST", collection, cvcBody(name, amount, levels), "application/json");
            QVERIFY2(reply.status == 201, qPrintable(name + QLatin1Char(' ') + QString::number(reply.status) + QLatin1Char(' ')
                                                     + QString::fromUtf8(reply.body.left(300))));
        }

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=40000")}), qPrintable(prices.errorString()));
        OperatorProcess op;
        QVERIFY2(op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {QStringLiteral("--no-leader-election")}),
                 qPrintable(op.errorString()));

        // Through the initial LIST: the others are valued, the operator is ready and says why one is missing.
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(sandbox, QStringLiteral("before-1")), QStringLiteral("$20000.0000"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(sandbox, QStringLiteral("before-2")), QStringLiteral("$80000.0000"), 10000);
        QCOMPARE(op.health(QStringLiteral("/readyz")).status, 200);
        QVERIFY(op.metric(QStringLiteral("cvc_objects_skipped_total")) >= 1);
        QCOMPARE(op.metric(QStringLiteral("cvc_objects")), 2.0);
        QVERIFY2(op.output().contains(QStringLiteral("deep-in-list")), qPrintable(op.output().right(2000)));

        // Through a live watch event: another deep one arrives, then a normal one right behind it.
        const double listsBefore = op.metric(QStringLiteral("cvc_watch_lists_total"));
        QCOMPARE(sandbox.request("POST", collection, cvcBody(QStringLiteral("deep-on-watch"), "1", 1100), "application/json").status, 201);
        QCOMPARE(sandbox.request("POST", collection, cvcBody(QStringLiteral("after"), "0.25"), "application/json").status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(sandbox, QStringLiteral("after")), QStringLiteral("$10000.0000"), 10000);
        QVERIFY(op.metric(QStringLiteral("cvc_objects_skipped_total")) >= 2);
        // The watch went on: no relist was needed to get past the deep object.
        QCOMPARE(op.metric(QStringLiteral("cvc_watch_lists_total")), listsBefore);
        QCOMPARE(op.health(QStringLiteral("/readyz")).status, 200);

        // The deep ones are left alone, not written half-understood.
        QStringList written;
        for (const QJsonValue &w : sandbox.writes(QUrlQuery{{QStringLiteral("fieldManager"), QStringLiteral("cvc-operator")}}))
            written.append(w.toObject().value(QStringLiteral("name")).toString());
        QVERIFY2(written.contains(QStringLiteral("after")), qPrintable(written.join(QLatin1Char(' '))));
        QVERIFY2(!written.contains(QStringLiteral("deep-in-list")) && !written.contains(QStringLiteral("deep-on-watch")),
                 qPrintable(written.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(TestOperatorPoisonPill)
#include "tst_operatorpoisonpill.moc"
