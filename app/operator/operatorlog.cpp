#include "operatorlog.h"

#include "util/logtext.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace cvc {

namespace {
OperatorLog::Format g_format = OperatorLog::Format::Text;
bool g_verbose = false;
} // namespace

void OperatorLog::setFormat(Format format)
{
    g_format = format;
}

void OperatorLog::setVerbose(bool verbose)
{
    g_verbose = verbose;
}

bool OperatorLog::isVerbose()
{
    return g_verbose;
}

void OperatorLog::write(const QString &level, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QByteArray line;
    if (g_format == Format::Json) {
        line = QJsonDocument(QJsonObject{{QStringLiteral("time"), time},
                                         {QStringLiteral("level"), level},
                                         {QStringLiteral("msg"), message}})
                   .toJson(QJsonDocument::Compact);
    } else {
        // Messages carry text from the API server and from objects (names, server errors): a newline
        // or a terminal escape in them must not forge a line or repaint the terminal. JSON escapes
        // control characters by itself.
        line = (time + QLatin1Char(' ') + LogText::escaped(level).leftJustified(5) + QLatin1Char(' ')
                + LogText::escaped(message))
                   .toUtf8();
    }
    line += '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void OperatorLog::debug(const QString &message)
{
    if (g_verbose)
        write(QStringLiteral("debug"), message);
}

} // namespace cvc
