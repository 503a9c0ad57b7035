#include "operatorlog.h"

#include "kube/objectkey.h"
#include "reconcile/reconcileresult.h"
#include "util/logtext.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace cvc {

namespace {
OperatorLog::Format g_format = OperatorLog::Format::Text;
OperatorLog::Level g_level = OperatorLog::Level::Info;
} // namespace

void OperatorLog::setFormat(Format format)
{
    g_format = format;
}

void OperatorLog::setLevel(Level level)
{
    g_level = level;
}

OperatorLog::Level OperatorLog::level()
{
    return g_level;
}

std::optional<OperatorLog::Level> OperatorLog::levelFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("debug"))
        return Level::Debug;
    if (t == QLatin1String("info"))
        return Level::Info;
    if (t == QLatin1String("warning") || t == QLatin1String("warn"))
        return Level::Warning;
    if (t == QLatin1String("error"))
        return Level::Error;
    return std::nullopt;
}

QLatin1String OperatorLog::levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return QLatin1String("debug");
    case Level::Info:
        return QLatin1String("info");
    case Level::Warning:
        return QLatin1String("warning");
    case Level::Error:
        break;
    }
    return QLatin1String("error");
}

void OperatorLog::write(Level level, const QString &message, const Context &context)
{
    if (level < g_level)
        return;
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    // controller-runtime's keys, in its order.
    const std::pair<QLatin1String, const QString *> fields[] = {
        {QLatin1String("controller"), &context.controller},   {QLatin1String("namespace"), &context.namespaceName},
        {QLatin1String("name"), &context.name},               {QLatin1String("reconcileID"), &context.reconcileId},
        {QLatin1String("outcome"), &context.outcome},         {QLatin1String("error"), &context.error},
    };
    QByteArray line;
    if (g_format == Format::Json) {
        QJsonObject entry{{QStringLiteral("time"), time},
                          {QStringLiteral("level"), QString(levelName(level))},
                          {QStringLiteral("msg"), message}};
        for (const auto &[key, value] : fields) {
            if (!value->isEmpty())
                entry.insert(key, *value);
        }
        line = QJsonDocument(entry).toJson(QJsonDocument::Compact);
    } else {
        // Messages carry text from the API server and from objects (names, server errors): a newline
        // or a terminal escape in them must not forge a line or repaint the terminal. JSON escapes
        // control characters by itself.
        QString text = time + QLatin1Char(' ') + QString(levelName(level)).leftJustified(5) + QLatin1Char(' ')
                       + LogText::escaped(message);
        for (const auto &[key, value] : fields) {
            if (value->isEmpty())
                continue;
            const QString v = LogText::escaped(*value);
            text += QLatin1Char(' ') + key + QLatin1Char('=')
                    + (v.contains(QLatin1Char(' ')) || v.contains(QLatin1Char('"'))
                           ? QLatin1Char('"') + QString(v).replace(QLatin1Char('"'), QLatin1String("\\\"")) + QLatin1Char('"')
                           : v);
        }
        line = text.toUtf8();
    }
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void OperatorLog::write(const QString &level, const QString &message)
{
    write(levelFromString(level).value_or(Level::Info), message);
}

void OperatorLog::debug(const QString &message)
{
    write(Level::Debug, message);
}

void OperatorLog::reconcileFinished(const QString &controller, const QString &key, const QString &reconcileId,
                                    const ReconcileResult &result)
{
    Level level = Level::Debug;
    QString message = result.wrote ? QStringLiteral("Reconcile successful: wrote the changes")
                                   : QStringLiteral("Reconcile successful: nothing to write");
    if (result.outcome == ReconcileResult::Outcome::RequeueAfter) {
        message = QStringLiteral("Reconcile successful: requeued after %1 ms").arg(result.requeueAfter.count());
    } else if (result.outcome == ReconcileResult::Outcome::Retry) {
        level = Level::Warning;
        message = QStringLiteral("Reconciler error: retrying with backoff");
    } else if (result.outcome == ReconcileResult::Outcome::Terminal) {
        level = Level::Error;
        message = QStringLiteral("Reconciler error: not retried until the CVC or the price changes");
    }
    if (level < g_level)
        return;
    const ObjectKey object = ObjectKey::fromString(key);
    Context context;
    context.controller = controller;
    context.namespaceName = object.namespaceName;
    context.name = object.name;
    context.reconcileId = reconcileId;
    context.outcome = result.name();
    context.error = result.error;
    write(level, message, context);
}

} // namespace cvc
