#pragma once

#include <QByteArray>
#include <QString>

namespace cvc::e2e {

// Debian's promtool (package prometheus, which scripts/install-deps.sh installs) as the judge of
// an exposition: `promtool check metrics` reads it from stdin and prints every problem it finds.
class Promtool
{
public:
    struct Result
    {
        bool ran = false;   // false: promtool missing or it did not finish
        int exitCode = -1;
        QString output;     // stdout and stderr: the problems, or why it did not run
        bool clean() const { return ran && exitCode == 0 && output.trimmed().isEmpty(); }
    };

    static QString path();
    static Result checkMetrics(const QByteArray &exposition, int timeoutMs = 10000);
};

} // namespace cvc::e2e
