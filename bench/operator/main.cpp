// bench-operator: how the reconcile loop scales with 1,000 and 10,000 CVCs in kube-sandbox.
// Prints figures, asserts nothing:
//   - price calls per tick (must be 1 however many CVCs),
//   - time of a full revaluation pass after a price change,
//   - the operator's write rate as a ratio to a raw loop of the same writes (annotation, then
//     status, with a watch open) against the same server in the same run, and to a loop of one
//     small PATCH per CVC,
//   - create-to-value latency p50/p99 with a warm price,
//   - the operator's RSS.
// Usage: bench-operator [--counts 1000,10000] [--latency-samples 200]
#include "operatorprocess.h"
#include "sandboxprocess.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace cvc::e2e;
using cvc::testsupport::SandboxProcess;

namespace {

struct Request
{
    QByteArray method;
    QString path;
    QByteArray body;
    QByteArray contentType;
};

// Sends requests with up to `parallel` in flight on one manager (writes over HTTP/1.1 keep-alive,
// as KubeClient sends them); returns ms.
qint64 runAll(SandboxProcess &sandbox, const QList<Request> &requests, int parallel, int *failures)
{
    QNetworkAccessManager nam;
    QElapsedTimer clock;
    clock.start();
    int next = 0;
    int done = 0;
    int inFlight = 0;
    *failures = 0;
    QEventLoop loop;
    std::function<void()> pump = [&] {
        while (inFlight < parallel && next < requests.size()) {
            const Request &r = requests[next++];
            QNetworkRequest req = sandbox.networkRequest(r.path);
            if (!r.contentType.isEmpty())
                req.setHeader(QNetworkRequest::ContentTypeHeader, r.contentType);
            // As KubeClient sends writes (36fabaa): Qt 6.4's h2 client holds a body 40 ms.
            if (!r.body.isEmpty())
                req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
            QNetworkReply *reply = nam.sendCustomRequest(req, r.method, r.body);
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status < 200 || status >= 300)
                    ++*failures;
                reply->deleteLater();
                --inFlight;
                ++done;
                if (done == requests.size())
                    loop.quit();
                else
                    pump();
            });
        }
    };
    pump();
    if (!requests.isEmpty())
        loop.exec();
    return clock.elapsed();
}

QJsonObject cvc(const QString &name, double amount)
{
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("crypto.tools/v1")},
                       {QStringLiteral("kind"), QStringLiteral("CryptoValueCalculator")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("coin"), QStringLiteral("bitcoin")},
                                                             {QStringLiteral("amount"), amount}}}};
}

const QString collection = QStringLiteral("/apis/crypto.tools/v1/namespaces/default/cryptovaluecalculators");

// What the operator's status patch of a first valuation holds, in size and shape.
QByteArray statusPatch(int i, const QString &now)
{
    QJsonArray conditions;
    const QList<std::tuple<QString, QString, QString, QString>> rows{
        {QStringLiteral("Ready"), QStringLiteral("True"), QStringLiteral("Valued"), QStringLiteral("valued at 41222 USD per bitcoin")},
        {QStringLiteral("Reconciling"), QStringLiteral("False"), QStringLiteral("Valued"), QStringLiteral("the value is written")},
        {QStringLiteral("Stalled"), QStringLiteral("False"), QStringLiteral("Valued"), QStringLiteral("the spec is valid")},
        {QStringLiteral("PriceStale"), QStringLiteral("False"), QStringLiteral("PriceFresh"), QStringLiteral("the price comes from the latest CoinGecko answer")},
        {QStringLiteral("InvalidSpec"), QStringLiteral("False"), QStringLiteral("SpecValid"), QStringLiteral("spec.coin and spec.amount are valid")}};
    for (const auto &[type, status, reason, message] : rows)
        conditions.append(QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("status"), status},
                                      {QStringLiteral("reason"), reason}, {QStringLiteral("message"), message},
                                      {QStringLiteral("observedGeneration"), 1}, {QStringLiteral("lastTransitionTime"), now}});
    const double value = 41.222 * (i + 1);
    return QJsonDocument(QJsonObject{{QStringLiteral("status"), QJsonObject{
        {QStringLiteral("observedGeneration"), 1}, {QStringLiteral("price"), 41222}, {QStringLiteral("value"), value},
        {QStringLiteral("currency"), QStringLiteral("USD")}, {QStringLiteral("priceSource"), QStringLiteral("coingecko")},
        {QStringLiteral("priceUpdatedAt"), now}, {QStringLiteral("lastUpdated"), now}, {QStringLiteral("change24h"), QStringLiteral("+1.25%")},
        {QStringLiteral("conditions"), conditions}}}}).toJson(QJsonDocument::Compact);
}

// The operator's writes without the operator: per CVC the annotation PATCH, then the status
// PATCH, `parallel` CVCs at once on one manager, while a watch of the collection is open and read
// (as the operator's is, so the server does the same work). Returns ms.
qint64 runOperatorWrites(SandboxProcess &sandbox, int count, int parallel, int *failures)
{
    QNetworkAccessManager nam;
    QNetworkReply *watch = nam.get(sandbox.networkRequest(collection + QStringLiteral("?watch=1")));
    QObject::connect(watch, &QNetworkReply::readyRead, watch, [watch] { watch->readAll(); });
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QElapsedTimer clock;
    clock.start();
    int next = 0;
    int done = 0;
    int inFlight = 0;
    *failures = 0;
    QEventLoop loop;
    const auto send = [&](const QString &path, const QByteArray &body, std::function<void()> then) {
        QNetworkRequest req = sandbox.networkRequest(path);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/merge-patch+json"));
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);   // as KubeClient sends writes
        QNetworkReply *reply = nam.sendCustomRequest(req, "PATCH", body);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, then] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300)
                ++*failures;
            reply->deleteLater();
            then();
        });
    };
    std::function<void()> pump = [&] {
        while (inFlight < parallel && next < count) {
            const int i = next++;
            const QString path = collection + QStringLiteral("/cvc-%1").arg(i);
            ++inFlight;
            send(path, QByteArrayLiteral(R"({"metadata":{"annotations":{"value":"$)") + QByteArray::number(41.222 * (i + 1), 'f', 4) + QByteArrayLiteral(R"("}}})"),
                 [&, i, path] {
                send(path + QStringLiteral("/status"), statusPatch(i, now), [&] {
                    --inFlight;
                    if (++done == count)
                        loop.quit();
                    else
                        pump();
                });
            });
        }
    };
    pump();
    if (count > 0)
        loop.exec();
    const qint64 ms = clock.elapsed();
    watch->abort();
    return ms;
}

// A line of /proc/<pid>/status in KiB: "VmRSS" (now) or "VmHWM" (the peak so far).
qint64 statusKb(qint64 pid, const QByteArray &field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(QByteArray(field + ':')))
            return line.mid(field.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

qint64 rssKb(qint64 pid)
{
    return statusKb(pid, "VmRSS");
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (condition())
            return true;
        QTest::qWait(50);
    }
    return condition();
}

void benchmark(int count, int latencySamples)
{
    std::printf("\n== %d CVCs ==\n", count);
    SandboxProcess sandbox;
    if (!sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds"))})) {
        std::printf("cannot start kube-sandbox: %s\n", qPrintable(sandbox.errorString()));
        return;
    }
    QList<Request> creates;
    for (int i = 0; i < count; ++i)
        creates.append({"POST", collection, QJsonDocument(cvc(QStringLiteral("cvc-%1").arg(i), 0.001 * (i + 1))).toJson(QJsonDocument::Compact),
                        "application/json"});
    int failures = 0;
    qint64 ms = runAll(sandbox, creates, 8, &failures);
    std::printf("created %d CVCs in %lld ms (%d failed)\n", count, ms, failures);

    // The raw PATCH loop: what the server takes from one client doing nothing else.
    QList<Request> patches;
    for (int i = 0; i < count; ++i)
        patches.append({"PATCH", collection + QStringLiteral("/cvc-%1").arg(i),
                        R"({"metadata":{"annotations":{"bench":"raw"}}})", "application/merge-patch+json"});
    ms = runAll(sandbox, patches, 8, &failures);
    const double rawRate = ms > 0 ? count * 1000.0 / ms : 0;
    std::printf("raw PATCH loop: %d patches in %lld ms = %.0f writes/s (%d failed)\n", count, ms, rawRate, failures);

    FakeCoinGeckoProcess prices;
    if (!prices.start({QStringLiteral("--price"), QStringLiteral("bitcoin=41222")})) {
        std::printf("cannot start fake-coingecko: %s\n", qPrintable(prices.errorString()));
        return;
    }
    // Out of the box: the operator as users start it (leader election on, default rate and
    // concurrency), against CVCs nobody has valued yet. kopf 1.38 took 84 s for 1,000 here.
    QElapsedTimer clock;
    {
        OperatorProcess op;
        clock.start();
        if (!op.start(sandbox.kubeconfigPath(), prices.rootUrl(), {}, QStringLiteral("20s"))) {
            std::printf("cannot start cvc-operator: %s\n", qPrintable(op.errorString()));
            return;
        }
        double peakQps = 0;
        const auto valued = [&] {
            peakQps = std::max(peakQps, op.metric(QStringLiteral("cvc_api_rate_limit_qps")));
            return op.metric(QStringLiteral("cvc_valuations_total")) >= count;
        };
        waitFor(valued, 600000);
        const qint64 firstMs = clock.elapsed();
        const double writes = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}"));
        std::printf("default flags, first valuation of all (start, lease, list, first price call, writes): %lld ms, "
                    "%.2f writes per CVC, %.0f Events, rate rose from 20 to %.0f requests/s\n",
                    firstMs, writes / count, op.metric(QStringLiteral("cvc_events_total{result=\"created\"}")), peakQps);

        // The routine revaluation with defaults is spread over half the interval (10 s here).
        waitFor([&] { return op.metric(QStringLiteral("workqueue_depth{name=\"cryptovaluecalculator\"}")) == 0 && op.metric(QStringLiteral("controller_runtime_active_workers{controller=\"cryptovaluecalculator\"}")) == 0; }, 60000);
        const double before = op.metric(QStringLiteral("cvc_valuations_total"));
        prices.clearCalls();
        prices.setPrice(QStringLiteral("bitcoin"), 41500);
        waitFor([&] { return !prices.priceCalls().isEmpty(); }, 30000);
        clock.restart();
        QElapsedTimer sample;
        sample.start();
        double lastWrites = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}"));
        double peakWriteRate = 0;
        qint64 lastSampleMs = 0;
        waitFor([&] {
            if (sample.elapsed() - lastSampleMs >= 1000) {
                const double w = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}"));
                peakWriteRate = std::max(peakWriteRate, (w - lastWrites) * 1000.0 / double(sample.elapsed() - lastSampleMs));
                lastWrites = w;
                lastSampleMs = sample.elapsed();
            }
            return op.metric(QStringLiteral("cvc_valuations_total")) >= before + count;
        }, 600000);
        std::printf("default flags, routine revaluation after a price change: %lld ms (spread target 10,000 ms), "
                    "peak %.0f writes/s over 1 s\n", clock.elapsed(), peakWriteRate);
        std::printf("operator RSS with default flags: %lld KiB steady, %lld KiB peak\n", rssKb(op.pid()),
                    statusKb(op.pid(), "VmHWM"));
        op.terminate();
    }

    // The operator's own writes with no operator: the fair baseline of the capacity ratio.
    // Run after the out-of-the-box operator, which must meet CVCs nobody has valued.
    ms = runOperatorWrites(sandbox, count, 8, &failures);
    const double rawOperatorRate = ms > 0 ? 2 * count * 1000.0 / ms : 0;
    std::printf("raw loop of the operator's writes (annotation then status per CVC, a watch open): %d patches in %lld ms = %.0f writes/s (%d failed)\n",
                2 * count, ms, rawOperatorRate, failures);

    // Capacity: no client-side limit, no spreading, more workers.
    OperatorProcess op;
    clock.restart();
    if (!op.start(sandbox.kubeconfigPath(), prices.rootUrl(),
                  {QStringLiteral("--no-leader-election"), QStringLiteral("--qps"), QStringLiteral("100000"),
                   QStringLiteral("--burst"), QStringLiteral("100000"), QStringLiteral("--concurrency"), QStringLiteral("8"),
                   QStringLiteral("--revaluation-spread"), QStringLiteral("0")},
                  QStringLiteral("5s"))) {
        std::printf("cannot start cvc-operator: %s\n", qPrintable(op.errorString()));
        return;
    }
    const auto valuations = [&] { return op.metric(QStringLiteral("cvc_valuations_total")); };
    // A full revaluation pass after a price change.
    waitFor([&] { return op.metric(QStringLiteral("workqueue_depth{name=\"cryptovaluecalculator\"}")) == 0 && op.metric(QStringLiteral("controller_runtime_active_workers{controller=\"cryptovaluecalculator\"}")) == 0; }, 60000);
    prices.clearCalls();
    const double writesBefore = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}"));
    const double valuedBefore = valuations();
    prices.setPrice(QStringLiteral("bitcoin"), 42000);
    // The pass starts with the next tick's call.
    waitFor([&] { return !prices.priceCalls().isEmpty(); }, 15000);
    clock.restart();
    waitFor([&] { return valuations() >= valuedBefore + count; }, 600000);
    const qint64 passMs = clock.elapsed();
    const double writes = op.metric(QStringLiteral("cvc_writes_total{result=\"ok\"}")) - writesBefore;
    const auto calls = prices.priceCalls();
    qint64 spanMs = calls.size() > 1 ? calls.first().first.msecsTo(calls.last().first) : 0;
    std::printf("revaluation pass: %lld ms for %d CVCs, %.0f PATCHes (%.0f writes/s)\n", passMs, count, writes,
                passMs > 0 ? writes * 1000.0 / passMs : 0);
    std::printf("operator write rate / raw loop of the same writes: %.2f (/ raw small PATCH loop: %.2f)\n",
                passMs > 0 && rawOperatorRate > 0 ? (writes * 1000.0 / passMs) / rawOperatorRate : 0,
                passMs > 0 && rawRate > 0 ? (writes * 1000.0 / passMs) / rawRate : 0);
    // Ticks are 5 s apart: more than one call per tick would show as calls > span/5s + 1.
    std::printf("price calls during the pass: %lld over %lld ms (ticks every 5 s: %.2f calls per tick)\n",
                qint64(calls.size()), spanMs, calls.isEmpty() ? 0.0 : calls.size() / (1.0 + spanMs / 5000.0));

    // Create-to-value latency with a warm price.
    QList<qint64> latencies;
    QNetworkAccessManager nam;
    for (int i = 0; i < latencySamples; ++i) {
        const QString name = QStringLiteral("latency-%1").arg(i);
        sandbox.requestJson("POST", collection, cvc(name, 1.0));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            const auto r = sandbox.request("GET", collection + QLatin1Char('/') + name);
            if (r.json().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject().contains(QStringLiteral("value")))
                break;
        }
        latencies.append(t.elapsed());
    }
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.isEmpty()) {
        std::printf("create-to-value latency (warm price, %d samples, polled with GET): p50 %lld ms, p99 %lld ms\n",
                    int(latencies.size()), latencies[latencies.size() / 2], latencies[std::min<qsizetype>(latencies.size() - 1, latencies.size() * 99 / 100)]);
    }
    std::printf("operator RSS: %lld KiB\n", rssKb(op.pid()));
    op.terminate();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    const QCommandLineOption counts(QStringLiteral("counts"), QStringLiteral("CVC counts, comma-separated."), QStringLiteral("list"),
                                    QStringLiteral("1000,10000"));
    const QCommandLineOption samples(QStringLiteral("latency-samples"), QStringLiteral("Creates timed for latency."),
                                     QStringLiteral("n"), QStringLiteral("200"));
    p.addOptions({counts, samples});
    p.process(app);
    for (const QString &c : p.value(counts).split(QLatin1Char(','), Qt::SkipEmptyParts))
        benchmark(c.toInt(), p.value(samples).toInt());
    return 0;
}
