#include "json/jsonduplicatekeys.h"

#include <QSet>

namespace cvc {

namespace {

// A minimal recursive-descent walk over JSON text that only tracks object keys and paths.
class Scanner
{
public:
    explicit Scanner(const QByteArray &text) : m_text(text) {}

    QStringList run()
    {
        value(QString());
        return m_duplicates;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text.at(m_pos) == ' ' || m_text.at(m_pos) == '\n'
                                         || m_text.at(m_pos) == '\r' || m_text.at(m_pos) == '\t'))
            ++m_pos;
    }

    bool string(QString *out)
    {
        if (m_pos >= m_text.size() || m_text.at(m_pos) != '"')
            return false;
        ++m_pos;
        QByteArray raw;
        while (m_pos < m_text.size() && m_text.at(m_pos) != '"') {
            const char c = m_text.at(m_pos++);
            if (c != '\\') {
                raw.append(c);
                continue;
            }
            if (m_pos >= m_text.size())
                return false;
            const char e = m_text.at(m_pos++);
            switch (e) {
            case 'n': raw.append('\n'); break;
            case 't': raw.append('\t'); break;
            case 'r': raw.append('\r'); break;
            case 'b': raw.append('\b'); break;
            case 'f': raw.append('\f'); break;
            case 'u': {
                bool ok = false;
                const ushort code = m_text.mid(m_pos, 4).toUShort(&ok, 16);
                m_pos += 4;
                raw.append(QString(QChar(code)).toUtf8());
                break;
            }
            default: raw.append(e);
            }
        }
        if (m_pos >= m_text.size())
            return false;
        ++m_pos; // closing quote
        *out = QString::fromUtf8(raw);
        return true;
    }

    bool value(const QString &path)
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text.at(m_pos);
        if (c == '{')
            return object(path);
        if (c == '[')
            return array(path);
        if (c == '"') {
            QString ignored;
            return string(&ignored);
        }
        // Numbers, true, false, null: skip to the next delimiter.
        while (m_pos < m_text.size() && !QByteArrayLiteral(",]} \n\r\t").contains(m_text.at(m_pos)))
            ++m_pos;
        return true;
    }

    bool object(const QString &path)
    {
        ++m_pos; // '{'
        QSet<QString> seen;
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == '}') {
            ++m_pos;
            return true;
        }
        while (true) {
            skipSpace();
            QString key;
            if (!string(&key))
                return false;
            const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            if (seen.contains(key) && !m_duplicates.contains(child))
                m_duplicates.append(child);
            seen.insert(key);
            skipSpace();
            if (m_pos >= m_text.size() || m_text.at(m_pos) != ':')
                return false;
            ++m_pos;
            if (!value(child))
                return false;
            skipSpace();
            if (m_pos >= m_text.size())
                return false;
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (m_text.at(m_pos) == '}') {
                ++m_pos;
                return true;
            }
            return false;
        }
    }

    bool array(const QString &path)
    {
        ++m_pos; // '['
        skipSpace();
        if (m_pos < m_text.size() && m_text.at(m_pos) == ']') {
            ++m_pos;
            return true;
        }
        for (int index = 0;; ++index) {
            if (!value(path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']')))
                return false;
            skipSpace();
            if (m_pos >= m_text.size())
                return false;
            if (m_text.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            if (m_text.at(m_pos) == ']') {
                ++m_pos;
                return true;
            }
            return false;
        }
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    QStringList m_duplicates;
};

} // namespace

QStringList JsonDuplicateKeys::find(const QByteArray &json)
{
    return Scanner(json).run();
}

} // namespace cvc
