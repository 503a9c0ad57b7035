// How fast cvc-operator writes with its default flags, end to end: the request rate rises for a
// crowd of new CVCs and falls when the server pushes back (429 with Retry-After, rising latency),
// with nothing lost either way. Counts are asserted (the rate's moves by reason, writes per CVC,
// the values), never timings.
#include "e2ehelpers.h"
#include "operatorprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <memory>

using namespace cvc::e2e;

namespace {

const QString collection = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators");
constexpr int cvcCount = 300;

// Amounts that are exact in binary, so the expected text is exact too.
double amountOf(int i)
{
    return 0.25 * (i % 8 + 1);
}

QString expectedValue(int i, double price)
{
    return QLatin1Char('$') + QString::number(amountOf(i) * price, 'f', 4);
}

// How many CVCs carry the value `price` gives them, read with a fresh LIST.
int correctlyValued(SandboxProcess &sandbox, double price)
{
    const QJsonArray items = sandbox.request("GET", collection).json().value(QStringLiteral("items")).toArray();
    int ok = 0;
    for (const QJsonValue &item : items) {
        const QJsonObject meta = item.toObject().value(QStringLiteral("metadata")).toObject();
        const int i = meta.value(QStringLiteral("name")).toString().section(QLatin1Char('-'), 1).toInt();
        if (meta.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("value")).toString() == expectedValue(i, price))
            ++ok;
    }
    return ok;
}

double rateChanges(const OperatorProcess &op, const char *reason)
{
    return op.metric(QStringLiteral("cvc_api_rate_changes_total{reason=\"%1\"}").arg(QLatin1String(reason)));
}

} // namespace

class TestOperatorPacing : public QObject
{
    Q_OBJECT

private:
    // Each test function has a world of its own (a fresh sandbox with new CVCs, prices).
    std::unique_ptr<SandboxProcess> m_sandbox;
    std::unique_ptr<FakeCoinGeckoProcess> m_prices;

    void startWorld()
    {
        m_sandbox = std::make_unique<SandboxProcess>();
        m_prices = std::make_unique<FakeCoinGeckoProcess>();
        QVERIFY2(m_sandbox->start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}),
                 qPrintable(m_sandbox->errorString()));
        for (int i = 0; i < cvcCount; ++i) {
            const QJsonObject cvc{{QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1")},
                                  {QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator")},
                                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("cvc-%1").arg(i)}}},
                                  {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), QStringLiteral("bitcoin")},
                                                                       {QStringLiteral("amount"), amountOf(i)}}}};
            QCOMPARE(m_sandbox->requestJson("POST", collection, cvc).status, 201);
        }
        QVERIFY2(m_prices->start({QStringLiteral("--price"), QStringLiteral("bitcoin=40000")}), qPrintable(m_prices->errorString()));
    }

    // The operator as users run it (leader election, --qps 20, --max-qps 1000), but with the
    // routine revaluation unspread so that a price change is a burst of demand.
    void startOperator(OperatorProcess &op)
    {
        QVERIFY2(op.start(m_sandbox->kubeconfigPath(), m_prices->rootUrl(), {QStringLiteral("--revaluation-spread"), QStringLiteral("0")}),
                 qPrintable(op.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(correctlyValued(*m_sandbox, 40000) == cvcCount, qPrintable(op.output().right(2000)), 60000);
    }

private Q_SLOTS:
    void init()
    {
        startWorld();
    }

    void cleanup()
    {
        m_prices.reset();
        m_sandbox.reset();
    }

    void newCvcsRaiseTheRateFromTheDefault()
    {
        OperatorProcess op;
        startOperator(op);
        // 300 CVCs at the default 20 requests/s would take 30 s: the rate rose because requests
        // waited and the server answered quickly.
        QVERIFY2(rateChanges(op, "demand") > 0, qPrintable(op.output().right(2000)));
        QCOMPARE(rateChanges(op, "refused"), 0.0);
        QVERIFY(op.metric(QStringLiteral("cvc_api_rate_limit_qps")) >= 20.0);
        // Two writes per new CVC (annotation, status), and no Event on a CVC for a routine
        // valuation (the one Event is the Lease's LeaderElection).
        QTRY_COMPARE_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_valuations_total")), double(cvcCount), 10000);
        QCOMPARE(op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}")), 2.0 * cvcCount);
        const QJsonArray events = m_sandbox->request("GET", QStringLiteral("/api/v1/events?fieldSelector=involvedObject.kind%3DCryptoValueCalculator"))
                                      .json().value(QStringLiteral("items")).toArray();
        QVERIFY2(events.isEmpty(), QJsonDocument(events).toJson().left(2000).constData());
    }

    void tooManyRequestsBringTheRateDownAndRetryAfterIsHonoured()
    {
        OperatorProcess op;
        startOperator(op);
        QCOMPARE(op.metric(QStringLiteral("cvc_api_retry_after_holds_total")), 0.0);
        // Half the operator's requests refused, as API Priority and Fairness refuses a client
        // beyond its share; everyone else (this test's LIST) is served.
        QVERIFY(m_sandbox->setFaultForUserAgent(QStringLiteral("cvc-operator"),
                                               QJsonObject{{QStringLiteral("failRatio"), 0.5}, {QStringLiteral("failStatus"), 429},
                                                           {QStringLiteral("retryAfterSeconds"), 1}}));
        QVERIFY(m_prices->setPrice(QStringLiteral("bitcoin"), 41000));
        QTRY_VERIFY_WITH_TIMEOUT(rateChanges(op, "refused") > 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(op.metric(QStringLiteral("cvc_api_rate_limit_qps")), 20.0, 30000);
        QVERIFY(op.metric(QStringLiteral("cvc_api_retry_after_holds_total")) > 0);
        // Nothing is lost: once the server relents every CVC has the new value.
        QVERIFY(m_sandbox->setFaultForUserAgent(QStringLiteral("cvc-operator"), QJsonObject{{QStringLiteral("reset"), true}}));
        QTRY_VERIFY2_WITH_TIMEOUT(correctlyValued(*m_sandbox, 41000) == cvcCount, qPrintable(op.output().right(2000)), 60000);
    }

    void risingLatencyBringsTheRateDown()
    {
        OperatorProcess op;
        startOperator(op);
        const double refusedBefore = rateChanges(op, "refused");
        // The server slows down for the operator: 300 ms a request where it answered in a few.
        QVERIFY(m_sandbox->setFaultForUserAgent(QStringLiteral("cvc-operator"), QJsonObject{{QStringLiteral("latencyMs"), 300}}));
        QVERIFY(m_prices->setPrice(QStringLiteral("bitcoin"), 39000));
        QTRY_VERIFY2_WITH_TIMEOUT(rateChanges(op, "latency") > 0, qPrintable(op.output().right(2000)), 30000);
        QCOMPARE(rateChanges(op, "refused"), refusedBefore);
        QCOMPARE(op.metric(QStringLiteral("cvc_api_retry_after_holds_total")), 0.0);
        QVERIFY(m_sandbox->setFaultForUserAgent(QStringLiteral("cvc-operator"), QJsonObject{{QStringLiteral("reset"), true}}));
        QTRY_VERIFY2_WITH_TIMEOUT(correctlyValued(*m_sandbox, 39000) == cvcCount, qPrintable(op.output().right(2000)), 60000);
    }
};

QTEST_GUILESS_MAIN(TestOperatorPacing)
#include "tst_operatorpacing.moc"
