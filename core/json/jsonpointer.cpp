#include "json/jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cvc {

std::optional<JsonPointer> JsonPointer::parse(const QString &text)
{
    JsonPointer pointer;
    if (text.isEmpty())
        return pointer;
    if (!text.startsWith(QLatin1Char('/')))
        return std::nullopt;
    const QStringList raw = text.mid(1).split(QLatin1Char('/'));
    for (const QString &token : raw) {
        QString unescaped;
        unescaped.reserve(token.size());
        for (qsizetype i = 0; i < token.size(); ++i) {
            const QChar c = token.at(i);
            if (c != QLatin1Char('~')) {
                unescaped.append(c);
                continue;
            }
            if (i + 1 >= token.size())
                return std::nullopt;
            const QChar next = token.at(++i);
            if (next == QLatin1Char('0'))
                unescaped.append(QLatin1Char('~'));
            else if (next == QLatin1Char('1'))
                unescaped.append(QLatin1Char('/'));
            else
                return std::nullopt;
        }
        pointer.m_tokens.append(unescaped);
    }
    return pointer;
}

QString JsonPointer::escapeToken(const QString &token)
{
    QString escaped = token;
    escaped.replace(QLatin1Char('~'), QLatin1String("~0"));
    escaped.replace(QLatin1Char('/'), QLatin1String("~1"));
    return escaped;
}

QString JsonPointer::toString() const
{
    QString text;
    for (const QString &token : m_tokens)
        text += QLatin1Char('/') + escapeToken(token);
    return text;
}

std::optional<QJsonValue> JsonPointer::resolve(const QJsonValue &document) const
{
    QJsonValue current = document;
    for (const QString &token : m_tokens) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            if (!object.contains(token))
                return std::nullopt;
            current = object.value(token);
        } else if (current.isArray()) {
            bool ok = false;
            const int index = token.toInt(&ok);
            const QJsonArray array = current.toArray();
            // RFC 6901: indexes are decimal without leading zeros.
            if (!ok || index < 0 || index >= array.size()
                || (token.size() > 1 && token.startsWith(QLatin1Char('0'))))
                return std::nullopt;
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

} // namespace cvc
