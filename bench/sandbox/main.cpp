// bench-sandbox: requests per second and watch fan-out of kube-sandbox at several population sizes,
// plus the server's memory. Prints a table; asserts nothing.
#include "sandboxbenchmark.h"
#include "sandboxprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using cvc::bench::BenchmarkFigures;
using cvc::bench::SandboxBenchmark;
using cvc::testsupport::SandboxProcess;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures kube-sandbox: GET, LIST, PATCH per second, watch fan-out, RSS."));
    parser.addHelpOption();
    const QCommandLineOption sizes(QStringLiteral("sizes"), QStringLiteral("Comma-separated CVC counts."), QStringLiteral("N,M"),
                                   QStringLiteral("1000,10000"));
    const QCommandLineOption requests(QStringLiteral("requests"), QStringLiteral("GETs and PATCHes per size."), QStringLiteral("N"),
                                      QStringLiteral("2000"));
    const QCommandLineOption watchers(QStringLiteral("watchers"), QStringLiteral("Concurrent watches."), QStringLiteral("N"),
                                      QStringLiteral("64"));
    const QCommandLineOption writes(QStringLiteral("watch-writes"), QStringLiteral("Writes during the fan-out run."), QStringLiteral("N"),
                                    QStringLiteral("300"));
    const QCommandLineOption ephemeral(QStringLiteral("ephemeral"), QStringLiteral("Run the sandbox in memory instead of on a SQLite file."));
    parser.addOptions({sizes, requests, watchers, writes, ephemeral});
    parser.process(app);

    SandboxProcess sandbox;
    if (!parser.isSet(ephemeral))
        sandbox.setDataFile(sandbox.tempPath() + QStringLiteral("/bench.db"));
    // A long watch history, so the fan-out run never sees 410.
    if (!sandbox.start({QStringLiteral("--preload"), SandboxProcess::sourcePath(QStringLiteral("crds/cryptovaluecalculators.yaml")),
                        QStringLiteral("--watch-history"), QStringLiteral("100000")})) {
        QTextStream(stderr) << "cannot start kube-sandbox: " << sandbox.errorString() << '\n';
        return 1;
    }

    SandboxBenchmark::Settings settings;
    settings.requests = parser.value(requests).toInt();
    settings.watchers = parser.value(watchers).toInt();
    settings.watchWrites = parser.value(writes).toInt();
    SandboxBenchmark benchmark(sandbox, settings);

    QTextStream out(stdout);
    qint64 idleRss = 0, idlePeak = 0;
    SandboxBenchmark::readMemory(sandbox.pid(), &idleRss, &idlePeak);
    out << "kube-sandbox " << (parser.isSet(ephemeral) ? "in memory" : "on SQLite") << ", " << settings.watchers << " watchers, "
        << settings.requests << " GETs/PATCHes per size, 6 connections; idle RSS " << idleRss / 1024 << " MiB\n\n";
    out << QString::asprintf("%8s %9s %9s %8s %10s %9s %12s %13s %8s %9s %7s\n", "CVCs", "create/s", "GET/s", "LIST/s", "LIST MB/s",
                             "PATCH/s", "watch ev/s", "drain ms", "RSS MiB", "peak MiB", "errors");
    out.flush();
    for (const QString &size : parser.value(sizes).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const BenchmarkFigures f = benchmark.measure(size.toInt());
        out << QString::asprintf("%8d %9.0f %9.0f %8.1f %10.1f %9.0f %12.0f %13.0f %8lld %9lld %7d\n", f.objects, f.createPerSecond,
                                 f.getPerSecond, f.listPerSecond, f.listMegabytesPerSecond, f.patchPerSecond, f.watchEventsPerSecond,
                                 f.watchLatencyMs, f.rssKb / 1024, f.peakRssKb / 1024, f.failures);
        out.flush();
    }
    sandbox.stop();
    return 0;
}
