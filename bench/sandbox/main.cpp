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
    out << qSetFieldWidth(8) << Qt::right << "CVCs" << "create/s" << "GET/s" << "LIST/s" << "LIST MB/s" << "PATCH/s"
        << qSetFieldWidth(12) << "watch ev/s" << "watch lag ms" << qSetFieldWidth(9) << "RSS MiB" << "peak MiB" << "errors"
        << qSetFieldWidth(0) << '\n';
    out.flush();
    for (const QString &size : parser.value(sizes).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const BenchmarkFigures f = benchmark.measure(size.toInt());
        out << qSetFieldWidth(8) << Qt::right << f.objects << qSetRealNumberPrecision(0) << Qt::fixed << f.createPerSecond
            << f.getPerSecond << qSetRealNumberPrecision(1) << f.listPerSecond << f.listMegabytesPerSecond
            << qSetRealNumberPrecision(0) << f.patchPerSecond << qSetFieldWidth(12) << f.watchEventsPerSecond << f.watchLatencyMs
            << qSetFieldWidth(9) << f.rssKb / 1024 << f.peakRssKb / 1024 << f.failures << qSetFieldWidth(0) << '\n';
        out.flush();
    }
    sandbox.stop();
    return 0;
}
