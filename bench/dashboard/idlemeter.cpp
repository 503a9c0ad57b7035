#include "idlemeter.h"

#include <QEventLoop>
#include <QFile>
#include <QList>
#include <QTimer>

#include <chrono>

#include <sys/resource.h>
#include <unistd.h>

namespace cvc::bench {

double IdleMeter::ownCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double IdleMeter::cpuSecondsOf(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !file.open(QIODevice::ReadOnly))
        return -1;
    // The command name may hold spaces; the fields after its closing parenthesis are fixed:
    // utime and stime are the 12th and 13th there (14th and 15th of the whole line).
    const QByteArray line = file.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

IdleMeter::Figures IdleMeter::measure(int milliseconds, qint64 otherPid)
{
    using Clock = std::chrono::steady_clock;
    const double ownBefore = ownCpuSeconds();
    const double otherBefore = cpuSecondsOf(otherPid);
    const Clock::time_point start = Clock::now();
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
    Figures figures;
    figures.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    figures.ownCpuPercent = (ownCpuSeconds() - ownBefore) / figures.seconds * 100;
    const double otherAfter = cpuSecondsOf(otherPid);
    if (otherBefore >= 0 && otherAfter >= 0)
        figures.otherCpuPercent = (otherAfter - otherBefore) / figures.seconds * 100;
    return figures;
}

} // namespace cvc::bench
