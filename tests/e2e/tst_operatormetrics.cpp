// /metrics as a platform team's Prometheus sees it: a real cvc-operator leading on kube-sandbox,
// priced by the fake CoinGecko (a Demo key), scraped live. promtool finds nothing to complain
// about; the standard controller-runtime, workqueue, rest client and leader election names are
// there with values that match what happened; per-CVC values appear only with --metrics-per-cvc;
// deprecated cvc_* names say so; and every metric the shipped Grafana dashboard and alert rules
// query is on the scrape.
#include "e2ehelpers.h"
#include "operatorprocess.h"
#include "promqlmetricnames.h"
#include "promtool.h"

#include "json/yamlconverter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace cvc::e2e;

namespace {

const QString controller = QStringLiteral("controller=\"cryptovaluecalculator\"");

// The sample names of an exposition (histograms as name_bucket, name_sum, name_count).
QSet<QString> sampleNames(const QString &exposition)
{
    QSet<QString> names;
    for (const QString &line : exposition.split(QLatin1Char('\n'))) {
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        names.insert(line.section(QRegularExpression(QStringLiteral("[{ ]")), 0, 0));
    }
    return names;
}

// The first sample line starting with `prefix` (a name and the start of its labels), its value; -1 when none.
double firstValue(const QString &exposition, const QString &prefix)
{
    for (const QString &line : exposition.split(QLatin1Char('\n'))) {
        if (line.startsWith(prefix))
            return line.section(QLatin1Char(' '), -1).toDouble();
    }
    return -1;
}

QByteArray sourceFile(const QString &relativePath)
{
    QFile f(SandboxProcess::sourcePath(relativePath));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every PromQL expression of the Grafana dashboard: panel targets and the query variables.
QStringList dashboardExpressions(const QJsonObject &dashboard)
{
    QStringList exprs;
    for (const QJsonValue &panel : dashboard.value(QStringLiteral("panels")).toArray()) {
        for (const QJsonValue &target : panel.toObject().value(QStringLiteral("targets")).toArray())
            exprs.append(target.toObject().value(QStringLiteral("expr")).toString());
    }
    // label_values(metric{…}, label): only its first argument is a selector.
    static const QRegularExpression labelValues(QStringLiteral(R"(label_values\(([^,]+),)"));
    for (const QJsonValue &variable : dashboard.value(QStringLiteral("templating")).toObject().value(QStringLiteral("list")).toArray()) {
        const QRegularExpressionMatch m = labelValues.match(variable.toObject().value(QStringLiteral("query")).toString());
        if (m.hasMatch())
            exprs.append(m.captured(1));
    }
    return exprs;
}

QStringList ruleExpressions(const QByteArray &rulesYaml)
{
    QStringList exprs;
    const cvc::YamlDocuments docs = cvc::YamlConverter::parseDocuments(rulesYaml);
    for (const QJsonValue &group : docs.documents.value(0).toObject().value(QStringLiteral("groups")).toArray()) {
        for (const QJsonValue &rule : group.toObject().value(QStringLiteral("rules")).toArray())
            exprs.append(rule.toObject().value(QStringLiteral("expr")).toString());
    }
    return exprs;
}

} // namespace

class TestOperatorMetrics : public KubectlTest
{
    Q_OBJECT
private Q_SLOTS:
    void liveScrapeIsStandardCleanAndCoversDashboardAndRules()
    {
        QVERIFY2(!Promtool::path().isEmpty(), "promtool not found: scripts/install-deps.sh installs Debian's prometheus");
        SandboxProcess sandbox;
        QVERIFY2(sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))}), qPrintable(sandbox.errorString()));
        KubectlRunner kubectl(sandbox);
        KubectlResult r = kubectl.run({QStringLiteral("apply"), QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/bitcoin.yaml")),
                                       QStringLiteral("-f"), SandboxProcess::sourcePath(QStringLiteral("examples/ethereum.yaml"))});
        QVERIFY2(r.succeeded(), qPrintable(r.describe()));

        FakeCoinGeckoProcess prices;
        QVERIFY2(prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222"), QStringLiteral("--price"), QStringLiteral("ethereum=3095.76")}),
                 qPrintable(prices.errorString()));
        QTemporaryDir keyDir;
        const QString keyPath = writeApiKeyFile(keyDir, "CG-e2e-metrics-demo-key");
        QVERIFY(!keyPath.isEmpty());
        // A Demo key, so the credit metrics the dashboard and CvcPriceCreditsLow read are there;
        // credits enough that the governor keeps the 1 s interval.
        const QStringList common{QStringLiteral("--lease-namespace"), QStringLiteral("default"),
                                 QStringLiteral("--coingecko-plan"), QStringLiteral("demo"), QStringLiteral("--api-key-file"), keyPath,
                                 QStringLiteral("--coingecko-credits"), QStringLiteral("100000000"),
                                 QStringLiteral("--price-sources"), QStringLiteral("coingecko")};
        OperatorProcess leader;
        QVERIFY2(leader.start(sandbox.kubeconfigPath(), prices.rootUrl(), common + QStringList{QStringLiteral("--metrics-per-cvc")},
                              QStringLiteral("1s")),
                 qPrintable(leader.errorString()));

        // Both CVCs valued: the leader reconciled them with success.
        r = kubectlUntil(kubectl, {QStringLiteral("get"), QStringLiteral("cvc")}, [](const KubectlResult &k) {
            return cvcRow(k, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106"))
                && cvcRow(k, QStringLiteral("lump-of-ethereum")).contains(QLatin1Char('$'));
        }, 20000);
        QVERIFY2(cvcRow(r, QStringLiteral("bitcoin-stash")).contains(QStringLiteral("$94.8106")), qPrintable(r.describe() + leader.output()));
        // The standby starts once values are written, so it cannot take the Lease first.
        OperatorProcess standby;
        QVERIFY2(standby.start(sandbox.kubeconfigPath(), prices.rootUrl(), common, QStringLiteral("1s")), qPrintable(standby.errorString()));

        QString text;
        QDeadlineTimer deadline(15000);
        do {
            text = QString::fromUtf8(leader.health(QStringLiteral("/metrics")).body);
            if (firstValue(text, QStringLiteral("controller_runtime_reconcile_total{") + controller + QStringLiteral(",result=\"success\"}")) >= 2
                && firstValue(text, QStringLiteral("cvc_value_usd{namespace=\"default\",name=\"lump-of-ethereum\"")) > 0)
                break;
            QTest::qWait(200); // polling the live endpoint with a deadline
        } while (!deadline.hasExpired());

        // promtool: no format error, no lint complaint.
        const Promtool::Result check = Promtool::checkMetrics(text.toUtf8());
        QVERIFY2(check.clean(), qPrintable(QStringLiteral("promtool check metrics (exit %1): %2\n%3").arg(check.exitCode).arg(check.output, text)));

        // controller-runtime's names with values that match what happened.
        QVERIFY2(firstValue(text, QStringLiteral("controller_runtime_reconcile_total{") + controller + QStringLiteral(",result=\"success\"}")) >= 2, qPrintable(text));
        for (const QString &result : {QStringLiteral("error"), QStringLiteral("requeue"), QStringLiteral("requeue_after")})
            QVERIFY2(firstValue(text, QStringLiteral("controller_runtime_reconcile_total{%1,result=\"%2\"}").arg(controller, result)) >= 0, qPrintable(result));
        QCOMPARE(firstValue(text, QStringLiteral("controller_runtime_reconcile_errors_total{") + controller + QLatin1Char('}')), 0.0);
        QVERIFY2(firstValue(text, QStringLiteral("controller_runtime_reconcile_time_seconds_count{") + controller + QLatin1Char('}')) >= 2, qPrintable(text));
        QCOMPARE(firstValue(text, QStringLiteral("controller_runtime_reconcile_time_seconds_bucket{") + controller + QStringLiteral(",le=\"+Inf\"}")),
                 firstValue(text, QStringLiteral("controller_runtime_reconcile_time_seconds_count{") + controller + QLatin1Char('}')));
        QCOMPARE(firstValue(text, QStringLiteral("controller_runtime_max_concurrent_reconciles{") + controller + QLatin1Char('}')), 4.0);
        QVERIFY(firstValue(text, QStringLiteral("controller_runtime_active_workers{") + controller + QLatin1Char('}')) >= 0);
        // client-go's workqueue family, name = the controller.
        const QString queue = QStringLiteral("{name=\"cryptovaluecalculator\"");
        QVERIFY2(firstValue(text, QStringLiteral("workqueue_adds_total") + queue) >= 2, qPrintable(text));
        QVERIFY(firstValue(text, QStringLiteral("workqueue_depth") + queue) >= 0);
        QVERIFY(firstValue(text, QStringLiteral("workqueue_queue_duration_seconds_count") + queue) >= 2);
        QVERIFY(firstValue(text, QStringLiteral("workqueue_work_duration_seconds_count") + queue) >= 2);
        QCOMPARE(firstValue(text, QStringLiteral("workqueue_retries_total") + queue), 0.0);
        QVERIFY(firstValue(text, QStringLiteral("workqueue_unfinished_work_seconds") + queue) >= 0);
        QVERIFY(firstValue(text, QStringLiteral("workqueue_longest_running_processor_seconds") + queue) >= 0);
        // rest client: the status PATCHes, and discovery, the LIST and the WATCH as GETs, by code, method and host.
        const QString host = QStringLiteral("%1:%2").arg(sandbox.url().host()).arg(sandbox.url().port());
        QVERIFY2(firstValue(text, QStringLiteral("rest_client_requests_total{code=\"200\",method=\"PATCH\",host=\"%1\"}").arg(host)) >= 2, qPrintable(text));
        QVERIFY2(firstValue(text, QStringLiteral("rest_client_requests_total{code=\"200\",method=\"GET\",host=\"%1\"}").arg(host)) >= 3, qPrintable(text));
        // Leader election: 1 on the leader, 0 on the standby, both named after the Lease.
        QCOMPARE(firstValue(text, QStringLiteral("leader_election_master_status{name=\"cvc-operator\"}")), 1.0);
        const QString standbyText = QString::fromUtf8(standby.health(QStringLiteral("/metrics")).body);
        QCOMPARE(firstValue(standbyText, QStringLiteral("leader_election_master_status{name=\"cvc-operator\"}")), 0.0);

        // Domain metrics: fixed names, coin and source as labels.
        QCOMPARE(firstValue(text, QStringLiteral("cvc_price_usd{coin=\"bitcoin\",source=\"coingecko\"}")), 41222.0);
        QCOMPARE(firstValue(text, QStringLiteral("cvc_price_usd{coin=\"ethereum\",source=\"coingecko\"}")), 3095.76);
        const double age = firstValue(text, QStringLiteral("cvc_price_age_seconds{coin=\"bitcoin\",source=\"coingecko\"}"));
        QVERIFY2(age >= 0 && age < 60, qPrintable(QString::number(age)));
        QVERIFY(firstValue(text, QStringLiteral("cvc_price_source_requests_total{source=\"coingecko\",code=\"200\"}")) >= 1);
        QVERIFY(firstValue(text, QStringLiteral("cvc_price_credits_used{plan=\"demo\"}")) >= 1);
        QVERIFY(firstValue(text, QStringLiteral("cvc_price_credits_remaining{plan=\"demo\"}")) > 99990000);
        QCOMPARE(firstValue(text, QStringLiteral("cvc_watch_relists_total{resource=\"cryptovaluecalculators.crypto.tools\"}")), 0.0);

        // Holdings only behind the flag: the leader has it, the standby does not.
        QCOMPARE(firstValue(text, QStringLiteral("cvc_value_usd{namespace=\"default\",name=\"bitcoin-stash\",coin=\"bitcoin\"}")), 94.8106);
        QCOMPARE(firstValue(text, QStringLiteral("cvc_amount{namespace=\"default\",name=\"bitcoin-stash\",coin=\"bitcoin\"}")), 0.0023);
        QVERIFY2(!standbyText.contains(QStringLiteral("cvc_value_usd")) && !standbyText.contains(QStringLiteral("cvc_amount")), qPrintable(standbyText));
        QVERIFY2(Promtool::checkMetrics(standbyText.toUtf8()).clean(), qPrintable(standbyText));

        // The old names stay for a release, marked deprecated with their replacement.
        QVERIFY2(text.contains(QStringLiteral("# HELP cvc_leader Deprecated: use leader_election_master_status ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("# HELP cvc_reconciles_total Deprecated: use controller_runtime_reconcile_total ")), qPrintable(text));
        QCOMPARE(firstValue(text, QStringLiteral("cvc_leader ")), 1.0);

        // Every metric the shipped dashboard and alert rules query is on this scrape.
        const QSet<QString> scraped = sampleNames(text);
        const QJsonDocument dashboard = QJsonDocument::fromJson(sourceFile(QStringLiteral("deploy/monitoring/grafana-dashboard.json")));
        QVERIFY2(dashboard.isObject(), "deploy/monitoring/grafana-dashboard.json is not a JSON object");
        const QStringList dashboardExprs = dashboardExpressions(dashboard.object());
        QVERIFY(dashboardExprs.size() >= 15);
        const QStringList ruleExprs = ruleExpressions(sourceFile(QStringLiteral("deploy/monitoring/cvc-operator.rules.yaml")));
        QCOMPARE(ruleExprs.size(), 5);
        QSet<QString> queried;
        for (const QString &expr : dashboardExprs + ruleExprs) {
            const QSet<QString> names = PromqlMetricNames::of(expr);
            QVERIFY2(!names.isEmpty(), qPrintable(QStringLiteral("no metric found in: ") + expr));
            for (const QString &name : names)
                QVERIFY2(scraped.contains(name), qPrintable(QStringLiteral("%1 (in %2) is not on the scrape").arg(name, expr)));
            queried += names;
        }
        // The dashboard shows the standard families, not only our own.
        for (const QString &name : {QStringLiteral("controller_runtime_reconcile_total"), QStringLiteral("workqueue_depth"),
                                    QStringLiteral("rest_client_requests_total"), QStringLiteral("leader_election_master_status")})
            QVERIFY2(queried.contains(name), qPrintable(name));
    }

    void promqlNamesAreTheSelectorsOnly()
    {
        QCOMPARE(PromqlMetricNames::of(QStringLiteral("histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=~\"$job\"}[$__rate_interval])))")),
                 QSet<QString>{QStringLiteral("a_bucket")});
        QCOMPARE(PromqlMetricNames::of(QStringLiteral("max(x{name=\"y\"}) < 1 or absent(x{name=\"y\"})")), QSet<QString>{QStringLiteral("x")});
        QCOMPARE(PromqlMetricNames::of(QStringLiteral("a / on (plan) b < 0.10 and 15 * 60 > 1e3")),
                 (QSet<QString>{QStringLiteral("a"), QStringLiteral("b")}));
    }
};

QTEST_GUILESS_MAIN(TestOperatorMetrics)
#include "tst_operatormetrics.moc"
