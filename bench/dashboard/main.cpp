// bench-dashboard: one price tick for 10,000 CVCs through the holdings model, proxy, table and
// portfolio (offscreen), all events in one event-loop turn and a few per turn, against the bare
// cache and a model reset measured in the same run (figures in README.md); then
// CPU while nothing changes, for the same stack and for the whole window connected to kube-sandbox.
// Prints; asserts nothing.
#include "appidlebenchmark.h"
#include "dashboardmemorybenchmark.h"
#include "holdingsstack.h"
#include "idlemeter.h"
#include "kube/objectcache.h"
#include "tickbenchmark.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QTextStream>

using namespace cvc::bench;

namespace {

// The offscreen platform warns on every window shown; the figures are easier to read without it.
QtMessageHandler g_standardHandler = nullptr;

void dropPlatformNoise(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("does not support propagateSizeHints")))
        return;
    if (g_standardHandler)
        g_standardHandler(type, context, message);
}

QString ms(double value)
{
    return QString::number(value, 'f', 1) + QStringLiteral(" ms");
}

QString ratio(double value, double base)
{
    return base > 0 ? QString::number(value / base, 'f', 1) + QStringLiteral("×") : QStringLiteral("n/a");
}

QString percent(double value)
{
    return value < 0 ? QStringLiteral("n/a") : QString::number(value, 'f', 2) + QStringLiteral(" %");
}

void printTickLine(QTextStream &out, const QString &label, const TickBenchmark::Case &c, double resetMs)
{
    out << "  " << label.leftJustified(42) << ms(c.totalMs).rightJustified(10) << ms(c.overCacheMs).rightJustified(10)
        << ms(c.afterLastEventMs).rightJustified(10) << "   (" << ratio(c.overCacheMs, resetMs) << " the reset)\n";
}

void printTick(QTextStream &out, const TickBenchmark::Figures &f)
{
    out << "one tick = " << 2 * f.objects << " watch events (annotation, then status, per CVC); median of " << f.ticks
        << " ticks, CPU time\n";
    out << "  load of " << f.objects << " CVCs into the stack:          " << ms(f.loadMs) << '\n';
    out << "  baseline: bare ObjectCache, nobody listening:   " << ms(f.cacheOnlyMs) << '\n';
    out << "  baseline: model reset with the same views:      " << ms(f.resetMs) << '\n';
    // "over the cache": minus the same tick into a bare cache; "after": from the cache's last event on.
    out << "tick applied to                                 whole  over cache     after\n";
    printTickLine(out, QStringLiteral("HoldingsModel alone (no proxy/views):"), f.modelOnly, f.resetMs);
    out << " model and views (proxy, table, totals, repaint):\n";
    printTickLine(out, QStringLiteral("all events in one turn, sorted by name:"), f.byName, f.resetMs);
    printTickLine(out, QStringLiteral("all events in one turn, sorted by value:"), f.byValue, f.resetMs);
    printTickLine(out, QStringLiteral("%1 events / %2 ms, sorted by name:").arg(f.eventsPerTurn).arg(TickBenchmark::turnGapMs), f.byNameTrickle, f.resetMs);
    printTickLine(out, QStringLiteral("%1 events / %2 ms, sorted by value:").arg(f.eventsPerTurn).arg(TickBenchmark::turnGapMs), f.byValueTrickle,
                  f.resetMs);
    out.flush();
}

void printAppIdle(QTextStream &out, const AppIdleBenchmark::Figures &f, const QString &role)
{
    out << "idle, whole window (" << role << "): ";
    if (!f.problem.isEmpty()) {
        out << "n/a (" << f.problem << ")\n";
        out.flush();
        return;
    }
    out << percent(f.idle.ownCpuPercent) << " of one core over " << QString::number(f.idle.seconds, 'f', 1)
        << " s; kube-sandbox meanwhile " << percent(f.idle.otherCpuPercent) << "; all " << f.objects << " rows after "
        << QString::number(f.loadSeconds, 'f', 2) << " s; " << f.priceCalls << " price calls and " << f.loopWrites
        << " writes by the window\n";
    out.flush();
}

// The cvc-dashboard process with no CVCs (the baseline of this run) and with `objects`.
void printMemory(QTextStream &out, int objects)
{
    constexpr int settleMs = 15000;
    const DashboardMemoryBenchmark::Figures empty = DashboardMemoryBenchmark::run(0, settleMs);
    const DashboardMemoryBenchmark::Figures full = DashboardMemoryBenchmark::run(objects, settleMs);
    const auto mib = [](qint64 kib) -> QString { return QString::number(kib / 1024.0, 'f', 1) + QStringLiteral(" MiB"); };
    out << "\nmemory, the cvc-dashboard process (offscreen, writing, table loaded, " << settleMs / 1000 << " s after its watch opened):\n";
    for (const auto &f : {empty, full}) {
        out << "  " << qSetFieldWidth(6) << f.objects << qSetFieldWidth(0) << " CVCs: ";
        if (!f.problem.isEmpty())
            out << "n/a (" << f.problem << ")\n";
        else
            out << "RSS " << mib(f.rssKiB) << ", peak " << mib(f.peakKiB) << "\n";
    }
    if (empty.problem.isEmpty() && full.problem.isEmpty() && objects > 0)
        out << "  each CVC adds " << QString::number((full.rssKiB - empty.rssKiB) * 1024.0 / objects / 1024.0, 'f', 2)
            << " KiB (goal: the whole process <= 120 MiB at 10,000)\n";
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    // Widgets without a display, as the tests run them; the runtime folder silences Qt's warning.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    g_standardHandler = qInstallMessageHandler(dropPlatformNoise);
    QTemporaryDir runtimeDir;
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        qputenv("XDG_RUNTIME_DIR", runtimeDir.path().toLocal8Bit());
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the dashboard's holdings model and views on a tick, and idle CPU."));
    parser.addHelpOption();
    const QCommandLineOption cvcs(QStringLiteral("cvcs"), QStringLiteral("CVCs loaded."), QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption ticks(QStringLiteral("ticks"), QStringLiteral("Ticks per case (the median is printed)."),
                                   QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption perTurn(QStringLiteral("events-per-turn"),
                                     QStringLiteral("Watch events per event-loop turn in the trickle cases."),
                                     QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption idle(QStringLiteral("idle-seconds"), QStringLiteral("How long to measure idle CPU."),
                                  QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption appInterval(QStringLiteral("app-interval"),
                                         QStringLiteral("The window's price interval in seconds while it writes."),
                                         QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption noApp(QStringLiteral("no-app"), QStringLiteral("Skip the whole window against kube-sandbox."));
    const QCommandLineOption memory(QStringLiteral("memory"),
                                    QStringLiteral("Only the cvc-dashboard process's memory with no CVCs and with --cvcs."));
    parser.addOptions({cvcs, ticks, perTurn, idle, appInterval, noApp, memory});
    parser.process(app);
    const int objects = parser.value(cvcs).toInt();
    const int idleMs = int(parser.value(idle).toDouble() * 1000);

    QTextStream out(stdout);
    out << "bench-dashboard: " << objects << " CVCs, platform " << QApplication::platformName() << "\n\n";
    if (parser.isSet(memory)) {
        printMemory(out, objects);
        return 0;
    }
    TickBenchmark ticking(objects, parser.value(ticks).toInt(), parser.value(perTurn).toInt());
    printTick(out, ticking.run());

    {
        // The stack alone, loaded and left alone: anything above zero is a timer or a repaint loop.
        cvc::ObjectCache cache;
        TickBenchmark::storeLikeTheDashboard(&cache);
        HoldingsStack stack(&cache);
        cache.replaceAll(TickBenchmark::loadedObjects(objects), QString::number(objects));
        stack.settle();
        const IdleMeter::Figures f = IdleMeter::measure(idleMs);
        out << "\nidle, model and views with " << objects << " CVCs, no network, " << QString::number(f.seconds, 'f', 1)
            << " s: " << percent(f.ownCpuPercent) << " of one core\n";
        out.flush();
    }

    if (parser.isSet(noApp)) {
        out << "idle, whole window against kube-sandbox: n/a (--no-app)\n";
        return 0;
    }
    printMemory(out, objects);
    const int interval = parser.value(appInterval).toInt();
    printAppIdle(out, AppIdleBenchmark(AppIdleBenchmark::Role::Observer, interval).run(objects, idleMs),
                 QStringLiteral("loop off, another writer holds the lease"));
    printAppIdle(out, AppIdleBenchmark(AppIdleBenchmark::Role::Writer, interval).run(objects, idleMs),
                 QStringLiteral("loop on and holding the lease, --interval %1s, prices unchanged").arg(interval));
    return 0;
}
