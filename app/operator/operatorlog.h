#pragma once

#include <QString>

#include <optional>

namespace cvc {

struct ReconcileResult;

// cvc-operator's log on stderr: "2026-11-24T01:02:03Z info  message key=value …" or one JSON object
// per line for log collectors, with controller-runtime's keys ({"time","level","msg"} and, for a
// reconcile, "controller", "namespace", "name", "reconcileID", "outcome", "error"). Every message is
// one line: control characters in the text format are escaped (\n, \x1b). Callers never pass
// secrets. Lines below the level set (--log-level) are dropped.
class OperatorLog
{
public:
    enum class Format { Text, Json };
    enum class Level { Debug, Info, Warning, Error };

    // The object and run a line is about (a reconcile); empty fields are left out.
    struct Context
    {
        QString controller;
        QString namespaceName;
        QString name;
        QString reconcileId;
        QString outcome;   // ReconcileResult::name()
        QString error;
    };

    static void setFormat(Format format);
    static void setLevel(Level level);
    static Level level();
    // "debug", "info", "warning" (or "warn"), "error"; nullopt for anything else.
    static std::optional<Level> levelFromString(const QString &text);
    static QLatin1String levelName(Level level);

    static void write(Level level, const QString &message, const Context &context = {});
    // A level given as text (OperatorRuntime's messages); an unknown one is logged as info.
    static void write(const QString &level, const QString &message);
    static void debug(const QString &message);

    // One reconcile's end as controller-runtime logs it: errors at error (terminal) or warning
    // (retried) level, everything else at debug.
    static void reconcileFinished(const QString &controller, const QString &key, const QString &reconcileId,
                                  const ReconcileResult &result);
};

} // namespace cvc
