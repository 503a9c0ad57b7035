#include "sandboxbenchmark.h"

#include "requestpump.h"
#include "sandboxprocess.h"
#include "watchstream.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>
#include <vector>

namespace cvc::bench {

namespace {
const QString kNamespace = QStringLiteral("bench");
const QString kCollection = QStringLiteral("/apis/crypto.tools/v1/namespaces/bench/cryptovaluecalculators");
const char *const kCoins[] = {"bitcoin", "ethereum", "dogecoin", "shiba-inu"};

QString cvcName(int index)
{
    return QStringLiteral("cvc-%1").arg(index, 5, 10, QLatin1Char('0'));
}

QByteArray cvcBody(int index)
{
    const QJsonObject body{{"apiVersion", "crypto.tools/v1"},
                           {"kind", "CryptoValueCalculator"},
                           {"metadata", QJsonObject{{"name", cvcName(index)}, {"labels", QJsonObject{{"bench", "yes"}}}}},
                           {"spec", QJsonObject{{"coin", kCoins[index % 4]}, {"amount", 0.5 + index}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
} // namespace

SandboxBenchmark::SandboxBenchmark(testsupport::SandboxProcess &sandbox, const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_sandbox(sandbox)
    , m_settings(settings)
{
    m_sandbox.requestJson("POST", QStringLiteral("/api/v1/namespaces"),
                          QJsonObject{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", kNamespace}}}});
}

void SandboxBenchmark::readMemory(qint64 pid, qint64 *rssKb, qint64 *peakKb)
{
    *rssKb = *peakKb = 0;
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return;
    for (const QByteArray &line : status.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() >= 2 && parts[0] == "VmRSS:")
            *rssKb = parts[1].toLongLong();
        else if (parts.size() >= 2 && parts[0] == "VmHWM:")
            *peakKb = parts[1].toLongLong();
    }
}

BenchmarkFigures SandboxBenchmark::measure(int objects)
{
    BenchmarkFigures figures;
    figures.objects = objects;
    RequestPump pump(m_sandbox);
    const int first = m_population;
    const RequestPump::Result created = pump.run(objects - first, m_settings.concurrency, [&](int i) {
        return RequestPump::Request{"POST", kCollection, cvcBody(first + i), "application/json"};
    });
    m_population = objects;
    figures.createPerSecond = created.perSecond();
    figures.failures += created.failed;

    QRandomGenerator random(42);
    const RequestPump::Result gets = pump.run(m_settings.requests, m_settings.concurrency, [&](int) {
        return RequestPump::Request{"GET", kCollection + QLatin1Char('/') + cvcName(int(random.bounded(objects))), {}, {}};
    });
    figures.getPerSecond = gets.perSecond();
    figures.failures += gets.failed;

    // A LIST returns every object, so the count shrinks as the population grows.
    const int lists = qMax(3, m_settings.lists * 1000 / qMax(1000, objects));
    const RequestPump::Result listed = pump.run(lists, qMin(2, m_settings.concurrency), [&](int) {
        return RequestPump::Request{"GET", kCollection + QStringLiteral("?limit=500000"), {}, {}};
    });
    figures.listPerSecond = listed.perSecond();
    figures.listMegabytesPerSecond = listed.elapsedMs > 0 ? listed.bytes / 1048576.0 / (listed.elapsedMs / 1000.0) : 0;
    figures.failures += listed.failed;

    const RequestPump::Result patched = pump.run(m_settings.requests, m_settings.concurrency, [&](int i) {
        return RequestPump::Request{"PATCH", kCollection + QLatin1Char('/') + cvcName(int(random.bounded(objects))),
                                    QStringLiteral(R"({"spec":{"amount":%1}})").arg(1000 + i).toUtf8(), "application/merge-patch+json"};
    });
    figures.patchPerSecond = patched.perSecond();
    figures.failures += patched.failed;

    figures.watchEventsPerSecond = measureWatchFanOut(&figures);
    readMemory(m_sandbox.pid(), &figures.rssKb, &figures.peakRssKb);
    return figures;
}

double SandboxBenchmark::measureWatchFanOut(BenchmarkFigures *figures)
{
    const QString rv = m_sandbox.request("GET", kCollection + QStringLiteral("?limit=1")).json()
                           .value("metadata").toObject().value("resourceVersion").toString();
    std::vector<std::unique_ptr<testsupport::WatchStream>> watches;
    qint64 delivered = 0;
    const qint64 expected = qint64(m_settings.watchers) * m_settings.watchWrites;
    QEventLoop loop;
    for (int i = 0; i < m_settings.watchers; ++i) {
        auto watch = std::make_unique<testsupport::WatchStream>(m_sandbox);
        connect(watch.get(), &testsupport::WatchStream::eventReceived, &loop, [&] {
            if (++delivered >= expected)
                loop.quit();
        });
        if (!watch->open(kCollection + QStringLiteral("?watch=1&resourceVersion=") + rv))
            ++figures->failures;
        watches.push_back(std::move(watch));
    }

    // One writer, one patch after another (each waits for its reply), while the watchers listen.
    RequestPump writer(m_sandbox);
    QElapsedTimer timer;
    timer.start();
    qint64 writesDoneMs = 0;
    QTimer::singleShot(0, &loop, [&] {
        const RequestPump::Result writes = writer.run(m_settings.watchWrites, 1, [&](int i) {
            return RequestPump::Request{"PATCH", kCollection + QLatin1Char('/') + cvcName(i % qMax(1, m_population)),
                                        // A fresh value on every run: a no-op write would emit no event.
                                        QStringLiteral(R"({"metadata":{"labels":{"tick":"%1"}}})").arg(++m_tick).toUtf8(),
                                        "application/merge-patch+json"};
        });
        figures->failures += writes.failed;
        writesDoneMs = timer.elapsed();
        if (delivered >= expected)
            loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    const qint64 elapsed = timer.elapsed();
    figures->watchLatencyMs = double(elapsed - writesDoneMs);
    if (delivered < expected)
        figures->failures += int(expected - delivered);
    return elapsed > 0 ? delivered * 1000.0 / elapsed : 0.0;
}

} // namespace cvc::bench
