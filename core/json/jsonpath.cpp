#include "json/jsonpath.h"

#include "json/gofmt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cvc {

namespace {

// One step of an expression; a filter `[?(@.a.b <op> literal)]` keeps the path after `@`,
// and an empty op means an existence test `[?(@.a.b)]`.
struct Step
{
    enum class Kind { Field, Recursive, Wildcard, Index, Slice, Filter };
    Kind kind = Kind::Field;
    QString name;                 // Field, Recursive (empty name: recursive wildcard)
    int index = 0;                // Index
    std::optional<int> start, end; // Slice
    int stride = 1;
    QList<Step> filterPath;       // Filter: the path after '@'
    QString filterOp;             // ==, !=, <, <=, >, >= or empty (exists)
    QJsonValue filterValue;
};

using Expression = QList<Step>;

struct Segment
{
    bool literal = true;
    QString text;          // literal text
    Expression expression; // when !literal
};

} // namespace

class JsonPathProgram
{
public:
    QList<Segment> segments;
};

namespace {

// Error messages quote the path; a hostile one can be megabytes long.
QString abbreviated(const QString &text)
{
    constexpr qsizetype limit = 200;
    return text.size() <= limit ? text : text.left(limit) + QStringLiteral("… (%1 characters)").arg(text.size());
}

class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) {}

    bool parseExpression(Expression *out, QString *error, bool inFilter = false)
    {
        skipSpaces();
        if (peek() == QLatin1Char('$') || (inFilter && peek() == QLatin1Char('@')))
            ++m_pos;
        while (!atEnd()) {
            const QChar c = peek();
            if (inFilter && (c == QLatin1Char(' ') || c == QLatin1Char('=') || c == QLatin1Char('!')
                             || c == QLatin1Char('<') || c == QLatin1Char('>') || c == QLatin1Char(')')))
                return true;
            if (c == QLatin1Char('.')) {
                ++m_pos;
                Step step;
                if (peek() == QLatin1Char('.')) {
                    ++m_pos;
                    step.kind = Step::Kind::Recursive;
                    step.name = readName();
                    if (step.name == QLatin1String("*"))
                        step.name.clear();
                    out->append(step);
                    continue;
                }
                if (peek() == QLatin1Char('*')) {
                    ++m_pos;
                    step.kind = Step::Kind::Wildcard;
                    out->append(step);
                    continue;
                }
                if (peek() == QLatin1Char('[') || atEnd())
                    continue; // `.[0]` and a lone trailing '.' (".") select the current value
                step.name = readName();
                if (step.name.isEmpty()) {
                    *error = QStringLiteral("invalid field name at %1 in %2").arg(m_pos).arg(abbreviated(m_text));
                    return false;
                }
                out->append(step);
            } else if (c == QLatin1Char('[')) {
                if (!parseBracket(out, error))
                    return false;
            } else if (!inFilter && out->isEmpty() && c.isLetter()) {
                // A first field without its leading dot ("spec.coin"): read it as ".spec.coin",
                // a slip people make in hand-written column paths.
                Step step;
                step.name = readName();
                out->append(step);
            } else {
                *error = QStringLiteral("unrecognized character '%1' at %2 in %3").arg(c).arg(m_pos).arg(abbreviated(m_text));
                return false;
            }
        }
        return true;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }

private:
    QChar peek(int ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? m_text.at(m_pos + ahead) : QChar();
    }

    void skipSpaces()
    {
        while (!atEnd() && peek().isSpace())
            ++m_pos;
    }

    QString readName()
    {
        const qsizetype begin = m_pos;
        while (!atEnd()) {
            const QChar c = peek();
            if (c == QLatin1Char('.') || c == QLatin1Char('[') || c.isSpace() || c == QLatin1Char(')')
                || c == QLatin1Char('=') || c == QLatin1Char('!') || c == QLatin1Char('<')
                || c == QLatin1Char('>') || c == QLatin1Char('}'))
                break;
            ++m_pos;
        }
        return m_text.mid(begin, m_pos - begin);
    }

    bool readQuoted(QString *out, QString *error)
    {
        const QChar quote = peek();
        ++m_pos;
        QString value;
        while (!atEnd() && peek() != quote) {
            if (peek() == QLatin1Char('\\') && m_pos + 1 < m_text.size()) {
                ++m_pos;
                const QChar e = peek();
                value += e == QLatin1Char('n') ? QChar(QLatin1Char('\n'))
                         : e == QLatin1Char('t') ? QChar(QLatin1Char('\t'))
                         : e == QLatin1Char('r') ? QChar(QLatin1Char('\r'))
                                                 : e;
            } else {
                value += peek();
            }
            ++m_pos;
        }
        if (atEnd()) {
            *error = QStringLiteral("unterminated string in %1").arg(abbreviated(m_text));
            return false;
        }
        ++m_pos;
        *out = value;
        return true;
    }

    bool parseBracket(Expression *out, QString *error)
    {
        ++m_pos; // '['
        skipSpaces();
        Step step;
        if (peek() == QLatin1Char('\'') || peek() == QLatin1Char('"')) {
            if (!readQuoted(&step.name, error))
                return false;
            step.kind = Step::Kind::Field;
        } else if (peek() == QLatin1Char('*')) {
            ++m_pos;
            step.kind = Step::Kind::Wildcard;
        } else if (peek() == QLatin1Char('?')) {
            ++m_pos;
            skipSpaces();
            if (peek() != QLatin1Char('(')) {
                *error = QStringLiteral("expected '(' after '?' in %1").arg(abbreviated(m_text));
                return false;
            }
            ++m_pos;
            skipSpaces();
            step.kind = Step::Kind::Filter;
            // parseExpression and parseBracket recurse into each other once per nested filter.
            if (m_filterDepth >= JsonPath::MaxFilterNesting) {
                *error = QStringLiteral("filters nested deeper than %1 levels in %2")
                             .arg(JsonPath::MaxFilterNesting)
                             .arg(abbreviated(m_text));
                return false;
            }
            ++m_filterDepth;
            const bool parsed = parseExpression(&step.filterPath, error, true);
            --m_filterDepth;
            if (!parsed)
                return false;
            skipSpaces();
            static const QStringList ops = {QStringLiteral("=="), QStringLiteral("!="), QStringLiteral("<="),
                                            QStringLiteral(">="), QStringLiteral("<"), QStringLiteral(">")};
            for (const QString &op : ops) {
                if (m_text.mid(m_pos, op.size()) == op) {
                    step.filterOp = op;
                    m_pos += op.size();
                    break;
                }
            }
            skipSpaces();
            if (!step.filterOp.isEmpty() && !parseLiteral(&step.filterValue, error))
                return false;
            skipSpaces();
            if (peek() != QLatin1Char(')')) {
                *error = QStringLiteral("expected ')' to close the filter in %1").arg(abbreviated(m_text));
                return false;
            }
            ++m_pos;
        } else {
            const qsizetype close = m_text.indexOf(QLatin1Char(']'), m_pos);
            if (close < 0) {
                *error = QStringLiteral("unterminated array index in %1").arg(abbreviated(m_text));
                return false;
            }
            const QString inner = m_text.mid(m_pos, close - m_pos).trimmed();
            m_pos = close;
            if (inner.contains(QLatin1Char(':'))) {
                const QStringList parts = inner.split(QLatin1Char(':'));
                if (parts.size() > 3) {
                    *error = QStringLiteral("invalid slice [%1] in %2").arg(abbreviated(inner), abbreviated(m_text));
                    return false;
                }
                step.kind = Step::Kind::Slice;
                bool ok = true;
                if (!parts.at(0).trimmed().isEmpty())
                    step.start = parts.at(0).trimmed().toInt(&ok);
                if (ok && !parts.at(1).trimmed().isEmpty())
                    step.end = parts.at(1).trimmed().toInt(&ok);
                if (ok && parts.size() == 3 && !parts.at(2).trimmed().isEmpty())
                    step.stride = parts.at(2).trimmed().toInt(&ok);
                if (!ok || step.stride == 0) {
                    *error = QStringLiteral("invalid slice [%1] in %2").arg(abbreviated(inner), abbreviated(m_text));
                    return false;
                }
            } else {
                bool ok = false;
                step.index = inner.toInt(&ok);
                step.kind = Step::Kind::Index;
                if (!ok) {
                    *error = QStringLiteral("invalid array index [%1] in %2").arg(abbreviated(inner), abbreviated(m_text));
                    return false;
                }
            }
        }
        skipSpaces();
        if (peek() != QLatin1Char(']')) {
            *error = QStringLiteral("expected ']' at %1 in %2").arg(m_pos).arg(abbreviated(m_text));
            return false;
        }
        ++m_pos;
        out->append(step);
        return true;
    }

    bool parseLiteral(QJsonValue *out, QString *error)
    {
        if (peek() == QLatin1Char('\'') || peek() == QLatin1Char('"')) {
            QString text;
            if (!readQuoted(&text, error))
                return false;
            *out = text;
            return true;
        }
        const qsizetype begin = m_pos;
        while (!atEnd() && peek() != QLatin1Char(')') && !peek().isSpace())
            ++m_pos;
        const QString word = m_text.mid(begin, m_pos - begin);
        if (word == QLatin1String("true") || word == QLatin1String("false")) {
            *out = word == QLatin1String("true");
            return true;
        }
        bool ok = false;
        const double number = word.toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("invalid filter value '%1' in %2").arg(abbreviated(word), abbreviated(m_text));
            return false;
        }
        *out = number;
        return true;
    }

    QString m_text;
    qsizetype m_pos = 0;
    int m_filterDepth = 0;
};

// Counts the values one evaluation visits (JsonPath::MaxVisitedValues); once spent, every step
// stops adding values.
class Budget
{
public:
    bool spend()
    {
        if (m_left <= 0)
            return false;
        --m_left;
        return true;
    }
    bool spent() const { return m_left <= 0; }

private:
    qsizetype m_left = JsonPath::MaxVisitedValues;
};

QList<QJsonValue> evaluateExpression(const Expression &expression, const QJsonValue &document, Budget &budget);

// Appends `value` unless the budget is spent.
bool take(QList<QJsonValue> *out, const QJsonValue &value, Budget &budget)
{
    if (!budget.spend())
        return false;
    out->append(value);
    return true;
}

// Recursion depth is the document's nesting, which the JSON reader bounds (1024 levels).
void collectRecursive(const QJsonValue &value, const QString &name, QList<QJsonValue> *out, Budget &budget)
{
    if (!budget.spend())
        return;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (name.isEmpty()) {
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!take(out, it.value(), budget))
                    return;
            }
        } else if (object.contains(name)) {
            if (!take(out, object.value(name), budget))
                return;
        }
        for (auto it = object.begin(); it != object.end() && !budget.spent(); ++it)
            collectRecursive(it.value(), name, out, budget);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array) {
            if (name.isEmpty() && !take(out, item, budget))
                return;
            collectRecursive(item, name, out, budget);
            if (budget.spent())
                return;
        }
    }
}

bool filterMatches(const Step &step, const QJsonValue &element, Budget &budget)
{
    const QList<QJsonValue> left = evaluateExpression(step.filterPath, element, budget);
    if (step.filterOp.isEmpty())
        return !left.isEmpty();
    if (left.isEmpty())
        return false;
    const QJsonValue &a = left.first();
    const QJsonValue &b = step.filterValue;
    int order = 0;
    bool comparable = true;
    if (a.isDouble() && b.isDouble())
        order = a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
    else if (a.isString() && b.isString())
        order = a.toString().compare(b.toString());
    else if (a.isBool() && b.isBool())
        order = a.toBool() == b.toBool() ? 0 : 1;
    else
        comparable = false;
    const QString &op = step.filterOp;
    if (op == QLatin1String("=="))
        return comparable && order == 0;
    if (op == QLatin1String("!="))
        return !comparable || order != 0;
    if (!comparable)
        return false;
    if (op == QLatin1String("<"))
        return order < 0;
    if (op == QLatin1String("<="))
        return order <= 0;
    if (op == QLatin1String(">"))
        return order > 0;
    return order >= 0;
}

// Filters recurse once per nesting level, which the parser bounds (JsonPath::MaxFilterNesting).
QList<QJsonValue> evaluateExpression(const Expression &expression, const QJsonValue &document, Budget &budget)
{
    QList<QJsonValue> current{document};
    for (const Step &step : expression) {
        QList<QJsonValue> next;
        for (const QJsonValue &value : current) {
            if (budget.spent())
                break;
            switch (step.kind) {
            case Step::Kind::Field:
                if (value.isObject() && value.toObject().contains(step.name))
                    take(&next, value.toObject().value(step.name), budget);
                break;
            case Step::Kind::Recursive:
                collectRecursive(value, step.name, &next, budget);
                break;
            case Step::Kind::Wildcard:
                if (value.isObject()) {
                    const QJsonObject object = value.toObject();
                    for (auto it = object.begin(); it != object.end(); ++it) {
                        if (!take(&next, it.value(), budget))
                            break;
                    }
                } else if (value.isArray()) {
                    const QJsonArray array = value.toArray();
                    for (const QJsonValue &item : array) {
                        if (!take(&next, item, budget))
                            break;
                    }
                }
                break;
            case Step::Kind::Index:
                if (value.isArray()) {
                    const QJsonArray array = value.toArray();
                    const qsizetype index = step.index < 0 ? array.size() + step.index : step.index;
                    if (index >= 0 && index < array.size())
                        take(&next, array.at(index), budget);
                }
                break;
            case Step::Kind::Slice:
                if (value.isArray()) {
                    const QJsonArray array = value.toArray();
                    const qsizetype size = array.size();
                    auto clamp = [size](qsizetype i) {
                        if (i < 0)
                            i += size;
                        return std::clamp<qsizetype>(i, 0, size);
                    };
                    const qsizetype begin = step.start ? clamp(*step.start) : 0;
                    const qsizetype end = step.end ? clamp(*step.end) : size;
                    if (step.stride > 0) {
                        for (qsizetype i = begin; i < end; i += step.stride) {
                            if (!take(&next, array.at(i), budget))
                                break;
                        }
                    } else {
                        for (qsizetype i = end - 1; i >= begin; i += step.stride) {
                            if (!take(&next, array.at(i), budget))
                                break;
                        }
                    }
                }
                break;
            case Step::Kind::Filter:
                if (value.isArray()) {
                    const QJsonArray array = value.toArray();
                    for (const QJsonValue &item : array) {
                        if (budget.spent())
                            break;
                        if (filterMatches(step, item, budget))
                            take(&next, item, budget);
                    }
                }
                break;
            }
        }
        current = next;
    }
    return current;
}

} // namespace

JsonPath::JsonPath() = default;
JsonPath::~JsonPath() = default;
JsonPath::JsonPath(const JsonPath &other) = default;
JsonPath &JsonPath::operator=(const JsonPath &other) = default;

std::optional<JsonPath> JsonPath::parse(const QString &text, QString *errorMessage)
{
    auto program = std::make_shared<JsonPathProgram>();
    QString error;
    auto fail = [&](const QString &message) -> std::optional<JsonPath> {
        if (errorMessage)
            *errorMessage = message;
        return std::nullopt;
    };

    if (!text.contains(QLatin1Char('{'))) {
        // A bare expression, as CRD printer columns write it.
        Segment segment;
        segment.literal = false;
        Parser parser(text.trimmed());
        if (!parser.parseExpression(&segment.expression, &error))
            return fail(error);
        program->segments.append(segment);
    } else {
        qsizetype pos = 0;
        while (pos < text.size()) {
            const qsizetype open = text.indexOf(QLatin1Char('{'), pos);
            if (open < 0) {
                program->segments.append(Segment{true, text.mid(pos), {}});
                break;
            }
            if (open > pos)
                program->segments.append(Segment{true, text.mid(pos, open - pos), {}});
            const qsizetype close = text.indexOf(QLatin1Char('}'), open);
            if (close < 0)
                return fail(QStringLiteral("unclosed action in %1").arg(abbreviated(text)));
            const QString inner = text.mid(open + 1, close - open - 1).trimmed();
            if (inner.startsWith(QLatin1Char('"')) || inner.startsWith(QLatin1Char('\''))) {
                // A quoted literal such as {"\n"}.
                Segment segment;
                segment.literal = true;
                QString unescaped;
                const QString body = inner.mid(1, inner.size() - 2);
                for (qsizetype i = 0; i < body.size(); ++i) {
                    if (body.at(i) == QLatin1Char('\\') && i + 1 < body.size()) {
                        const QChar e = body.at(++i);
                        unescaped += e == QLatin1Char('n') ? QChar(QLatin1Char('\n'))
                                     : e == QLatin1Char('t') ? QChar(QLatin1Char('\t'))
                                     : e == QLatin1Char('r') ? QChar(QLatin1Char('\r'))
                                                             : e;
                    } else {
                        unescaped += body.at(i);
                    }
                }
                segment.text = unescaped;
                program->segments.append(segment);
            } else {
                Segment segment;
                segment.literal = false;
                Parser parser(inner);
                if (!parser.parseExpression(&segment.expression, &error))
                    return fail(error);
                program->segments.append(segment);
            }
            pos = close + 1;
        }
    }

    JsonPath path;
    path.m_text = text;
    path.m_program = program;
    return path;
}

QList<QJsonValue> JsonPath::evaluate(const QJsonValue &document) const
{
    QList<QJsonValue> results;
    if (!m_program)
        return results;
    Budget budget;
    for (const Segment &segment : m_program->segments) {
        if (!segment.literal)
            results += evaluateExpression(segment.expression, document, budget);
    }
    return results;
}

std::optional<QJsonValue> JsonPath::first(const QJsonValue &document) const
{
    const QList<QJsonValue> results = evaluate(document);
    if (results.isEmpty())
        return std::nullopt;
    return results.first();
}

QString JsonPath::render(const QJsonValue &document) const
{
    QString out;
    if (!m_program)
        return out;
    Budget budget;
    for (const Segment &segment : m_program->segments) {
        if (segment.literal) {
            out += segment.text;
            continue;
        }
        const QList<QJsonValue> results = evaluateExpression(segment.expression, document, budget);
        QStringList texts;
        for (const QJsonValue &value : results)
            texts.append(valueToText(value));
        out += texts.join(QLatin1Char(' '));
    }
    return out;
}

QString JsonPath::valueToText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Double: return GoFormat::formatNumber(value.toDouble());
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    default: return QString();
    }
}

} // namespace cvc
