#include "watcheventdecoder.h"

#include "json/deepjsonreader.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace cvc {

QList<WatchEvent> WatchEventDecoder::feed(const QByteArray &bytes)
{
    QList<WatchEvent> out;
    m_buffer.append(bytes);
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_buffer.indexOf('\n', m_scanFrom);
        if (nl < 0)
            break;
        if (m_discarding) {
            m_discarding = false; // the over-long line ends here
        } else {
            decodeLine(m_buffer.mid(start, nl - start), out);
        }
        start = nl + 1;
        m_scanFrom = start;
    }
    if (start > 0) {
        m_buffer.remove(0, start);
        m_scanFrom -= start;
    }
    m_scanFrom = m_buffer.size();
    if (m_buffer.size() > MaxLineBytes) {
        m_error = QStringLiteral("watch event longer than %1 bytes").arg(MaxLineBytes);
        m_buffer.clear();
        m_scanFrom = 0;
        m_discarding = true;
    }
    return out;
}

QList<WatchEvent> WatchEventDecoder::finish()
{
    QList<WatchEvent> out;
    if (!m_discarding && !m_buffer.trimmed().isEmpty())
        decodeLine(m_buffer, out);
    m_buffer.clear();
    m_scanFrom = 0;
    m_discarding = false;
    return out;
}

void WatchEventDecoder::decodeLine(const QByteArray &line, QList<WatchEvent> &out)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return; // blank keep-alive lines are harmless
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error == QJsonParseError::DeepNesting && decodeDeepLine(trimmed, out))
        return;
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_error = QStringLiteral("malformed watch event: %1").arg(parseError.error != QJsonParseError::NoError
                                                                     ? parseError.errorString()
                                                                     : QStringLiteral("not a JSON object"));
        return;
    }
    const QJsonObject obj = doc.object();
    WatchEvent event;
    event.type = obj.value(QLatin1String("type")).toString();
    static const QStringList known = {QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED"),
                                      QStringLiteral("BOOKMARK"), QStringLiteral("ERROR")};
    if (!known.contains(event.type)) {
        m_error = QStringLiteral("got invalid watch event type \"%1\"").arg(event.type.left(64));
        return;
    }
    const QJsonValue object = obj.value(QLatin1String("object"));
    if (!object.isObject()) {
        m_error = QStringLiteral("watch event %1 without an object").arg(event.type);
        return;
    }
    event.object = object.toObject();
    out.append(event);
}

// An object deeper than Qt's parser allows is still an event: the cache must learn that the
// object changed (its old version is stale) and the watch must not fail over it.
bool WatchEventDecoder::decodeDeepLine(const QByteArray &line, QList<WatchEvent> &out)
{
    const DeepJsonReader reader(line);
    const std::optional<QJsonValue> type = reader.member(u"type");
    const QJsonObject identity = reader.identityOf(u"object");
    static const QStringList objectEvents = {QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED")};
    if (!reader.isValid() || !type || !objectEvents.contains(type->toString())
        || identity.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString().isEmpty())
        return false;
    WatchEvent event;
    event.type = type->toString();
    event.object = identity;
    event.readable = false;
    out.append(event);
    return true;
}

} // namespace cvc
