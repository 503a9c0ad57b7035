#pragma once

#include <QString>

namespace cvc {

// cvc-operator's log on stderr: "2026-11-24T01:02:03Z info  message" or one JSON object per line
// ({"time","level","msg"}) for log collectors. Every message is one line: control characters in the
// text format are escaped (\n, \x1b). Callers never pass secrets.
class OperatorLog
{
public:
    enum class Format { Text, Json };

    static void setFormat(Format format);
    static void setVerbose(bool verbose);
    static bool isVerbose();
    static void write(const QString &level, const QString &message);
    static void debug(const QString &message); // only with -v
};

} // namespace cvc
